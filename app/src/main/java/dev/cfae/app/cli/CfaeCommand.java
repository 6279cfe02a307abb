package dev.cfae.app.cli;

import picocli.CommandLine.Command;

/** The top-level {@code cfae} command; the work is done by its subcommands. */
@Command(name = "cfae",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Autoencoders for collaborative filtering: train on a rating file, fill in the matrix, "
                + "get embeddings.",
        subcommands = {TrainCommand.class, VariantsCommand.class, SampleCommand.class, BenchCommand.class,
                GenerateRatingsCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:failure", "2:bad input or configuration"})
public final class CfaeCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
