package dev.cfae.app;

import dev.cfae.app.cli.CfaeCommand;
import dev.cfae.app.cli.ExitCodes;
import picocli.CommandLine;

/** Entry point of the {@code cfae} command line. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code: 0 success, 2 bad input or configuration, 1 otherwise. */
    public static int run(String... args) {
        CommandLine commandLine = new CommandLine(new CfaeCommand());
        commandLine.setExecutionExceptionHandler(ExitCodes::handleExecutionException);
        commandLine.setParameterExceptionHandler(ExitCodes::handleParameterException);
        return commandLine.execute(args);
    }
}
