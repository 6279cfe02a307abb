package dev.cfae.app.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs the cfae command line in this JVM with the exit-code handlers {@code Main} installs, and keeps
 * what it printed so a test can assert on the exit code and on standard output and error.
 */
public final class CliRun {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Runs {@code args} and returns the exit code; output adds to what earlier runs printed. */
    public int run(String... args) {
        return run(out, err, args);
    }

    public String out() {
        return out.toString();
    }

    public String err() {
        return err.toString();
    }

    /** Forgets the standard output printed so far, so the next assertions see only the next run's. */
    public void clearOut() {
        out.getBuffer().setLength(0);
    }

    /** Forgets the standard error printed so far, so the next assertions see only the next run's. */
    public void clearErr() {
        err.getBuffer().setLength(0);
    }

    /** Runs {@code args} printing to the given writers; a test may pass one writer for both. */
    public static int run(Writer out, Writer err, String... args) {
        CommandLine commandLine = new CommandLine(new CfaeCommand());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setExecutionExceptionHandler(ExitCodes::handleExecutionException);
        commandLine.setParameterExceptionHandler(ExitCodes::handleParameterException);
        return commandLine.execute(args);
    }

    /** Writes {@code dir/ratings.csv}: 30 users x 12 items, every cell observed except where (u + i) % 3 == 0, ratings 1-5. */
    static Path tinyRatings(Path dir) throws IOException {
        StringBuilder csv = new StringBuilder("userId,movieId,rating\n");
        for (int u = 1; u <= 30; u++) {
            for (int i = 1; i <= 12; i++) {
                if ((u + i) % 3 != 0) {
                    csv.append(u).append(',').append(100 + i).append(',').append(1 + (u * i) % 5).append('\n');
                }
            }
        }
        return Files.writeString(dir.resolve("ratings.csv"), csv);
    }

    /** Settings for a two-epoch training of a small autoencoder on {@code data}. */
    static List<String> tinyTraining(Path data) {
        return List.of("--set", "data.train=" + data, "--set", "trainer.epochs=2", "--set", "trainer.batch-size=8",
                "--set", "variants.autoencoder.layers=[8, 3]");
    }
}
