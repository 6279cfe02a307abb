package dev.cfae.app.cli;

import dev.cfae.api.GenerativeModel;
import dev.cfae.api.Model;
import dev.cfae.api.SeededRandom;
import dev.cfae.app.Cfae;
import dev.cfae.app.CfaeModel;
import dev.cfae.app.run.RunDirectory;
import dev.cfae.io.NpyWriter;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code cfae sample}: decodes draws from a generative model's prior into a float32 {@code .npy}
 * (the seed's {@code VAE_sample.npy}).
 */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = {"Decodes draws z ~ N(0, I) with a trained generative model (variant vae) into a float32 "
                + ".npy of count x columns rows, on the normalised scale (rating / scale), unclipped: the seed's "
                + "VAE_sample.npy. The file is written atomically."})
public final class SampleCommand implements Callable<Integer> {
    /** Rows decoded at a time, so memory does not grow with --count; the draws do not depend on it. */
    private static final int CHUNK_ROWS = 1024;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE|RUN_DIR",
            description = "A model file, or a run directory holding " + RunDirectory.MODEL + ".")
    Path model;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1000",
            description = "Rows to generate (default: ${DEFAULT-VALUE}, as the seed).")
    int count;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "42",
            description = "Seed of the prior draws (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "VAE_sample.npy",
            description = "The .npy file to write (default: ${DEFAULT-VALUE}).")
    Path out;

    @Mixin
    PluginOptions plugins;

    @Override
    public Integer call() throws IOException {
        if (count < 1) {
            throw new ParameterException(spec.commandLine(), "--count must be positive, got " + count);
        }
        Path file = Files.isDirectory(model) ? model.resolve(RunDirectory.MODEL) : model;
        CfaeModel loaded = Cfae.load(file, plugins.folders());
        Model trained = loaded.trained().model();
        if (!(trained instanceof GenerativeModel generative)) {
            throw new ParameterException(spec.commandLine(), "--model " + file + " is a '" + loaded.variant()
                    + "' model, which cannot generate rows; train a generative variant (vae) to sample");
        }
        SeededRandom random = new SeededRandom(seed);
        // The first chunk tells the width for the header; chunking does not change the draws.
        INDArray first = generative.generate(Math.min(count, CHUNK_ROWS), random);
        try (NpyWriter npy = NpyWriter.open(out, count, (int) first.columns(), false)) {
            npy.appendLines(first);
            for (int from = CHUNK_ROWS; from < count; from += CHUNK_ROWS) {
                npy.appendLines(generative.generate(Math.min(CHUNK_ROWS, count - from), random));
            }
        }
        spec.commandLine().getOut().println(String.format(Locale.ROOT, "wrote %s: %,d x %,d float32 %s rows "
                + "(normalised scale, unclipped; seed %d)", out, count, first.columns(),
                generative.orientation().name().toLowerCase(Locale.ROOT), seed));
        return ExitCodes.OK;
    }
}
