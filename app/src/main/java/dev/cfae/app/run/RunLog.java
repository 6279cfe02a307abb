package dev.cfae.app.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The progress lines of a run, printed to the console and kept in the run directory's
 * {@code train.log}. Lines from before the run directory exists are kept and written first.
 */
public final class RunLog implements AutoCloseable {
    private final PrintWriter console;
    private final List<String> pending = new ArrayList<>();
    private Writer file;

    public RunLog(PrintWriter console) {
        this.console = requireNonNull(console, "console is null");
    }

    public synchronized void line(String message) {
        console.println(message);
        console.flush();
        if (file == null) {
            pending.add(message);
            return;
        }
        try {
            file.write(message);
            file.write('\n');
            file.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run log", e);
        }
    }

    /** From now on, also append to {@code path}. */
    public synchronized void attach(Path path) {
        try {
            file = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            for (String message : pending) {
                file.write(message);
                file.write('\n');
            }
            pending.clear();
            file.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the run log " + path, e);
        }
    }

    @Override
    public synchronized void close() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close the run log", e);
            }
            file = null;
        }
    }
}
