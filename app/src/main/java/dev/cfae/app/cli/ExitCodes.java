package dev.cfae.app.cli;

import dev.cfae.api.config.SettingsException;
import dev.cfae.engine.train.TrainingDivergedException;
import dev.cfae.io.DataFormatException;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Maps failures to cfae's exit codes: 2 for bad input or configuration, 1 for anything else. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int BAD_INPUT = 2;

    private ExitCodes() {
    }

    /** True for the failures a user fixes by changing a file or a setting, not the program. */
    public static boolean isBadInput(Throwable e) {
        return badInput(e) != null;
    }

    /** The setting or data error in {@code e}'s chain of causes, or null. */
    private static Throwable badInput(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SettingsException || t instanceof DataFormatException) {
                return t;
            }
        }
        return null;
    }

    public static int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
        Throwable badInput = badInput(e);
        if (badInput != null) {
            // Its own message: a wrapper's (Guice's, when the settings are read while wiring) buries it.
            commandLine.getErr().println("cfae: " + badInput.getMessage());
            return BAD_INPUT;
        }
        if (e instanceof TrainingDivergedException) {
            // The message says what to lower; a stack trace would only bury it.
            commandLine.getErr().println("cfae: " + e.getMessage());
            return FAILURE;
        }
        commandLine.getErr().println("cfae: failed: " + e);
        e.printStackTrace(commandLine.getErr());
        return FAILURE;
    }

    public static int handleParameterException(CommandLine.ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        commandLine.getErr().println("cfae: " + e.getMessage());
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, commandLine.getErr())) {
            commandLine.getErr().println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help'.");
        }
        return BAD_INPUT;
    }
}
