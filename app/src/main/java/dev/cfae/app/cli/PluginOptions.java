package dev.cfae.app.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code --plugins DIR}, for every command that builds or loads a model. */
public final class PluginOptions {
    @Option(names = "--plugins", paramLabel = "DIR",
            description = "Loads the *.jar files directly inside DIR as plugins (more variants), besides the folders "
                    + "of cfae.plugins. Only named folders are ever scanned; plugins are code: name only folders you "
                    + "trust. Repeatable.")
    List<Path> folders = new ArrayList<>();

    /** The folders named on the command line, in order. */
    public List<Path> folders() {
        return List.copyOf(folders);
    }
}
