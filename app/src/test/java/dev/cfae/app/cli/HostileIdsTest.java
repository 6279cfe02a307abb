package dev.cfae.app.cli;

import dev.cfae.app.Cfae;
import dev.cfae.app.CfaeModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ids are data, not path parts: a ratings file whose user and item ids look like paths, format
 * strings, substitutions, or are very long or non-ASCII trains normally, every output stays inside
 * the run directory under its fixed name, and the ids come back unchanged from every output that
 * names them.
 */
final class HostileIdsTest {
    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    private static final List<String> USERS = List.of("../../etc/passwd", "/abs", "..", ".", "Zoë 用户 🎬",
            "x".repeat(10_000), "a,b", "say \"hi\"", "C:\\Windows\\system32", "${HOME}", "%s%n%x", "nul\u0000byte",
            "~root", "model.cfae", "*");
    private static final List<String> ITEMS = List.of("../m1", "/etc/shadow", ".", "m4", "summary.json");

    /** Every user rates every item but one, as TSV so ids may hold commas. */
    private Path hostileRatings() throws IOException {
        StringBuilder tsv = new StringBuilder("userId\tmovieId\trating\n");
        for (int u = 0; u < USERS.size(); u++) {
            for (int i = 0; i < ITEMS.size(); i++) {
                if ((u + i) % ITEMS.size() != 0) {
                    tsv.append(USERS.get(u)).append('\t').append(ITEMS.get(i)).append('\t').append(1 + (u * 3 + i) % 5)
                            .append('\n');
                }
            }
        }
        Path data = Files.createDirectories(dir.resolve("input")).resolve("hostile.tsv");
        return Files.writeString(data, tsv);
    }

    private static Set<String> tree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(p -> root.relativize(p).toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void outputsStayInTheRunDirectoryAndKeepTheIds() throws IOException {
        Path data = hostileRatings();
        Path run = dir.resolve("work").resolve("run");

        int exitCode = cli.run("train", "--out", run.toString(), "--set", "data.train=" + data,
                "--set", "trainer.epochs=2", "--set", "variants.autoencoder.layers=[4, 2]",
                "--set", "output.filled-matrix=true", "--set", "output.embeddings=true");

        assertThat(exitCode).as(cli.err()).isZero();
        // Nothing but the fixed names, in the run directory; nothing beside it or above it.
        assertThat(tree(dir)).containsExactlyInAnyOrder("", "input", "input/hostile.tsv", "work", "work/run",
                "work/run/config.conf", "work/run/metrics.csv", "work/run/train.log", "work/run/model.cfae",
                "work/run/predictions.csv", "work/run/summary.json", "work/run/filled-matrix.npy",
                "work/run/filled-matrix-users.txt", "work/run/filled-matrix-items.txt",
                "work/run/embeddings.npy", "work/run/embedding-ids.txt",
                "work/run/checkpoint.cfae", "work/run/checkpoint.prev.cfae");
        assertThat(Files.readAllLines(run.resolve("embedding-ids.txt"), StandardCharsets.UTF_8))
                .containsExactlyElementsOf(USERS);
        assertThat(Files.readAllLines(run.resolve("filled-matrix-users.txt"), StandardCharsets.UTF_8))
                .containsExactlyElementsOf(USERS);
        assertThat(Files.readAllLines(run.resolve("filled-matrix-items.txt"), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrderElementsOf(ITEMS);
        List<String> lines = Files.readAllLines(run.resolve("predictions.csv"), StandardCharsets.UTF_8);
        assertThat(lines).hasSizeGreaterThan(1);
        for (String line : lines.subList(1, lines.size())) {
            List<String> fields = csvFields(line);
            assertThat(fields).hasSize(4);
            assertThat(USERS).contains(fields.get(0));
            assertThat(ITEMS).contains(fields.get(1));
        }

        CfaeModel loaded = Cfae.load(run.resolve("model.cfae"));
        assertThat(loaded.users().ids()).containsExactlyElementsOf(USERS);
        assertThat(loaded.items().ids()).containsExactlyInAnyOrderElementsOf(ITEMS);
        assertThat(loaded.predict("../../etc/passwd", "/etc/shadow")).isBetween(1f, 5f);
    }

    /** RFC 4180 fields of one line (no line breaks inside quotes: the ids here have none). */
    private static List<String> csvFields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    @Test
    void aQuotedLineBreakInsideAnIdIsNotCsvQuotingButABadLine() throws IOException {
        // cfae's readers do not implement quoting, so "a\nb" is two broken lines, reported as such.
        Path data = Files.writeString(dir.resolve("quoted.csv"), "userId,movieId,rating\n1,2,4\n\"a\nb\",1,4\n");

        assertThat(cli.run("train", "--out", dir.resolve("never").toString(), "--set", "data.train=" + data)).isEqualTo(2);
        assertThat(cli.err()).contains("quoted.csv:3: expected 3 fields");
        assertThat(dir.resolve("never")).doesNotExist();
    }

    @Test
    void anEmptyIdIsABadLine() throws IOException {
        Path data = Files.writeString(dir.resolve("empty-id.csv"), "userId,movieId,rating\n1,2,4\n ,1,4\n");

        assertThat(cli.run("train", "--out", dir.resolve("never").toString(), "--set", "data.train=" + data)).isEqualTo(2);
        assertThat(cli.err()).contains("empty-id.csv:3:1: empty user id");
    }
}
