package dev.cfae.app.cli;

import dev.cfae.api.config.SettingsException;
import dev.cfae.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code cfae generate-ratings}: synthetic ratings with a fixed count and a chosen item count, for
 * measuring how training cost grows with ratings rather than with cells.
 */
@Command(name = "generate-ratings", mixinStandardHelpOptions = true,
        description = {"Writes synthetic ratings (CSV userId,movieId,rating) with exactly --ratings distinct "
                + "(user, item) pairs: every user gets the same share, items are drawn with a skewed popularity "
                + "(item = floor(items * u^2), u uniform), ratings 1-5 from two latent factors plus noise."})
public final class GenerateRatingsCommand implements Callable<Integer> {
    /** Two latent factors per item in one array. */
    private static final int MAX_ITEMS = Integer.MAX_VALUE / 2 - 8;

    @Spec
    CommandSpec spec;

    @Option(names = "--users", paramLabel = "N", defaultValue = "10000", description = "Users (default ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--items", paramLabel = "N", required = true, description = "Items.")
    int items;

    @Option(names = "--ratings", paramLabel = "N", required = true, description = "Ratings in all.")
    long ratings;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The CSV file to write.")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (users < 1 || items < 1) {
            throw new SettingsException("--users/--items", "must be positive");
        }
        if (items > MAX_ITEMS) {
            throw new SettingsException("--items", "must be at most " + MAX_ITEMS + ", got " + items);
        }
        long most = Math.min((long) users * items, Integer.MAX_VALUE);
        if (ratings < users || ratings > most) {
            throw new SettingsException("--ratings", "must lie in [users, min(users * items, 2^31 - 1)] = [" + users
                    + ", " + most + "], got " + ratings);
        }
        if (Files.isDirectory(out)) {
            throw new SettingsException("--out", "is a directory: " + out);
        }
        Random random = new Random(seed);
        float[] itemFactors = new float[2 * items];
        for (int i = 0; i < itemFactors.length; i++) {
            itemFactors[i] = (float) random.nextGaussian();
        }
        // Written atomically: a failure part-way leaves no half file that a later bench would read.
        try (AtomicFiles.Pending pending = AtomicFiles.begin(out)) {
            Writer writer = new BufferedWriter(new OutputStreamWriter(pending.out(), StandardCharsets.UTF_8));
            writer.write("userId,movieId,rating\n");
            Set<Integer> rated = new HashSet<>();
            for (int u = 0; u < users; u++) {
                long count = ratings / users + (u < ratings % users ? 1 : 0);
                double f0 = random.nextGaussian();
                double f1 = random.nextGaussian();
                rated.clear();
                while (rated.size() < count) {
                    double draw = random.nextDouble();
                    int item = (int) (items * draw * draw);
                    // Popular items fill up for heavy users: fall back to a uniform draw (which, near a
                    // full row, takes items / free-items draws on average).
                    if (!rated.add(item) && !rated.add(item = random.nextInt(items))) {
                        continue;
                    }
                    double score = 3 + f0 * itemFactors[2 * item] + f1 * itemFactors[2 * item + 1]
                            + 0.5 * random.nextGaussian();
                    long rating = Math.max(1, Math.min(5, Math.round(score)));
                    writer.write((u + 1) + "," + (item + 1) + "," + rating + "\n");
                }
            }
            writer.flush();
            pending.commit();
        }
        spec.commandLine().getOut().printf("wrote %,d ratings of %,d users on %,d items to %s%n", ratings, users, items,
                out);
        return ExitCodes.OK;
    }
}
