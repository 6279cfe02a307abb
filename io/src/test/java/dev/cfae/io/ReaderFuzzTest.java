package dev.cfae.io;

import dev.cfae.api.ModelSnapshot;
import dev.cfae.api.data.IdIndex;
import dev.cfae.api.data.RatingMatrix;
import dev.cfae.api.data.RatingRange;
import dev.cfae.api.data.Ratings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Feeds every reader mutated versions of real rating data (the first ratings of the MovieLens
 * latest-small file shipped in {@code data/}, written in each layout) and of real .npy and model
 * files. Every outcome must be a parse that agrees with an independent, naive parse of the same
 * bytes, or a {@link DataFormatException} naming the file (and a line, unless the problem is the
 * whole file); any other exception, or a reader taking longer than its time budget, fails. Seeded:
 * a failure names the input number to replay. The counts are printed and quoted in
 * docs/RELIABILITY.md.
 */
final class ReaderFuzzTest {
    private static final long SEED = 20_261_129L;
    private static final int INPUTS_PER_READER = 750;
    private static final int BASE_RATINGS = 40;
    /** Generous, to catch hangs rather than slowness: 1-3 s per reader when the machine is idle. */
    private static final Duration BUDGET_PER_READER = Duration.ofSeconds(60);
    /** Problems about the whole file rather than one line; every other rejection must name a line. */
    private static final Pattern WHOLE_FILE_PROBLEM = Pattern.compile(
            "the file is empty|no ratings after the header line|no ids after the header line");
    private static final Pattern CIL_ID = Pattern.compile("r_?([0-9]+)_c_?([0-9]+)");

    @TempDir
    static Path directory;

    private static List<String[]> base; // user, item, rating, timestamp as written in the real file
    private static final Map<String, int[]> OUTCOMES = new TreeMap<>(); // reader -> parsed, rejected

    @BeforeAll
    static void readRealRatings() throws IOException {
        Path real = findUpwards(Path.of("data", "ml-latest-small", "ratings.csv"));
        List<String> lines = Files.readAllLines(real);
        base = new ArrayList<>();
        for (String line : lines.subList(1, 1 + BASE_RATINGS)) {
            base.add(line.split(","));
        }
    }

    private static Path findUpwards(Path relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
    }

    @AfterAll
    static void printCounts() {
        int parsed = 0;
        int rejected = 0;
        StringBuilder report = new StringBuilder("ReaderFuzzTest outcomes (reader: parsed / clear errors / other):\n");
        for (Map.Entry<String, int[]> entry : OUTCOMES.entrySet()) {
            int[] counts = entry.getValue();
            report.append(String.format("  %-14s %5d / %5d / 0%n", entry.getKey(), counts[0], counts[1]));
            parsed += counts[0];
            rejected += counts[1];
        }
        report.append(String.format("  %-14s %5d / %5d / 0  (%d inputs)", "total", parsed, rejected, parsed + rejected));
        System.out.println(report);
    }

    // ---- the rating formats ----

    @Test
    void cil() {
        StringBuilder text = new StringBuilder("Id,Prediction\n");
        for (String[] r : base) {
            text.append('r').append(r[0]).append("_c").append(r[1]).append(',').append(r[2]).append('\n');
        }
        fuzzRatings("cil", "data_train.csv", text.toString(), RatingFormat.CIL);
    }

    @Test
    void movieLensTab() {
        fuzzRatings("movielens-tab", "u.data", join("\t", false), RatingFormat.MOVIELENS_TAB);
    }

    @Test
    void movieLensDoubleColon() {
        fuzzRatings("movielens-dat", "ratings.dat", join("::", false), RatingFormat.MOVIELENS_DAT);
    }

    @Test
    void csv() {
        fuzzRatings("csv", "ratings.csv", join(",", true), RatingFormat.CSV);
    }

    @Test
    void tsv() {
        fuzzRatings("tsv", "ratings.tsv", join("\t", true), RatingFormat.TSV);
    }

    private static String join(String separator, boolean header) {
        StringBuilder text = new StringBuilder(header ? String.join(separator, "userId", "movieId", "rating", "timestamp") + "\n" : "");
        for (String[] r : base) {
            text.append(String.join(separator, r)).append('\n');
        }
        return text.toString();
    }

    private static void fuzzRatings(String name, String fileName, String original, RatingFormat format) {
        String separator = switch (format) {
            case CIL, CSV -> ",";
            case TSV, MOVIELENS_TAB -> "\t";
            case MOVIELENS_DAT -> "::";
            case AUTO -> throw new IllegalArgumentException();
        };
        Path file = directory.resolve(fileName);
        Random random = new Random(SEED ^ name.hashCode());
        DataSettings detecting = TestFiles.settings("format = auto");
        DataSettings configured = TestFiles.settings("format = " + RatingFiles.configName(format));
        fuzz(name, random, () -> {
            Mutated input = TextMutations.mutate(original, separator, random);
            Files.write(file, input.bytes);
            DataSettings settings = random.nextBoolean() ? detecting : configured;
            try {
                LoadedRatings loaded = RatingFiles.read(settings, file, null);
                assertThat(oracle(input.bytes, loaded.trainFile().format()))
                        .as("naive parse of %s", input.description)
                        .isEqualTo(triples(loaded.train()));
                return true;
            } catch (DataFormatException e) {
                assertClear(e, file, input.description);
                if (input.benign) {
                    throw new AssertionError("rejected a file that only had harmless changes: " + input.description, e);
                }
                return false;
            }
        });
    }

    /** Ratings as (user id, item id, rating) in file order. */
    private static List<String> triples(Ratings ratings) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < ratings.size(); k++) {
            out.add(ratings.users().id(ratings.user(k)) + " | " + ratings.items().id(ratings.item(k)) + " | "
                    + ratings.rating(k));
        }
        return out;
    }

    /** A deliberately simple parse by regular expressions and String.split, to check the fast reader against. */
    private static List<String> oracle(byte[] bytes, RatingFormat format) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\r\n|\r|\n", -1)));
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        String separator = switch (format) {
            case CIL, CSV -> ",";
            case TSV, MOVIELENS_TAB -> "\t";
            case MOVIELENS_DAT -> "::";
            case AUTO -> throw new IllegalArgumentException();
        };
        int userField = 0;
        int itemField = 1;
        int ratingField = 2;
        if (format == RatingFormat.CIL || format == RatingFormat.CSV || format == RatingFormat.TSV) {
            List<String> header = fields(lines.remove(0), separator);
            if (format != RatingFormat.CIL) {
                userField = header.indexOf("userId");
                itemField = header.indexOf("movieId");
                ratingField = header.indexOf("rating");
            }
        }
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            List<String> fields = fields(line, separator);
            String user;
            String item;
            if (format == RatingFormat.CIL) {
                Matcher id = CIL_ID.matcher(fields.get(0));
                assertThat(id.matches()).as("CIL id %s", fields.get(0)).isTrue();
                user = Integer.toString(Integer.parseInt(id.group(1)));
                item = Integer.toString(Integer.parseInt(id.group(2)));
                ratingField = 1;
            } else {
                user = fields.get(userField);
                item = fields.get(itemField);
            }
            out.add(user + " | " + item + " | " + Float.parseFloat(fields.get(ratingField)));
        }
        return out;
    }

    private static List<String> fields(String line, String separator) {
        List<String> fields = new ArrayList<>();
        for (String field : line.split(Pattern.quote(separator), -1)) {
            fields.add(field.replaceAll("^[ \t]+|[ \t]+$", ""));
        }
        return fields;
    }

    // ---- id lists ----

    @Test
    void submissionIdList() {
        StringBuilder text = new StringBuilder("Id,Prediction\n");
        for (String[] r : base) {
            text.append('r').append(r[0]).append("_c").append(r[1]).append(",3\n");
        }
        String original = text.toString();
        Path file = directory.resolve("sampleSubmission.csv");
        Random random = new Random(SEED ^ 17);
        fuzz("id list", random, () -> {
            Mutated input = TextMutations.mutate(original, ",", random);
            Files.write(file, input.bytes);
            try {
                SubmissionIds ids = SubmissionFile.readIds(file);
                List<String> expected = new ArrayList<>();
                List<String> lines = Arrays.asList(new String(input.bytes, StandardCharsets.UTF_8)
                        .replaceFirst("^\uFEFF", "").split("\r\n|\r|\n"));
                for (String line : lines.subList(1, lines.size())) {
                    if (line.isBlank()) {
                        continue; // only trailing blank lines reach here: inner ones are rejected
                    }
                    Matcher id = CIL_ID.matcher(fields(line, ",").get(0));
                    assertThat(id.matches()).as("id in '%s'", line).isTrue();
                    expected.add(Integer.parseInt(id.group(1)) + " | " + Integer.parseInt(id.group(2)));
                }
                List<String> actual = new ArrayList<>();
                for (int k = 0; k < ids.size(); k++) {
                    actual.add(ids.user(k) + " | " + ids.item(k));
                }
                assertThat(actual).as("naive parse of %s", input.description).isEqualTo(expected);
                return true;
            } catch (DataFormatException e) {
                assertClear(e, file, input.description);
                if (input.benign) {
                    throw new AssertionError("rejected a file that only had harmless changes: " + input.description, e);
                }
                return false;
            }
        });
    }

    // ---- binary files ----

    @Test
    void npy() throws IOException {
        Path source = directory.resolve("source.npy");
        int rows = 8;
        int columns = 5;
        float[] values = new float[rows * columns];
        for (int k = 0; k < BASE_RATINGS && k < values.length; k++) {
            values[k] = Float.parseFloat(base.get(k)[2]);
        }
        try (NpyWriter writer = NpyWriter.open(source, rows, columns, false)) {
            writer.appendLines(values);
        }
        byte[] original = Files.readAllBytes(source);
        Path file = directory.resolve("fuzzed.npy");
        Random random = new Random(SEED ^ 23);
        fuzz("npy", random, () -> {
            Mutated input = BinaryMutations.mutateNpy(original, random);
            Files.write(file, input.bytes);
            try {
                NpyArray array = NpyReader.read(file);
                // The data is the tail of the file, little-endian float32, whatever the header said.
                ByteBuffer tail = ByteBuffer.wrap(input.bytes, input.bytes.length - array.values().length * Float.BYTES,
                        array.values().length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                for (float value : array.values()) {
                    assertThat(Float.floatToRawIntBits(value)).isEqualTo(Float.floatToRawIntBits(tail.getFloat()));
                }
                return true;
            } catch (DataFormatException e) {
                assertThat(e.file()).isEqualTo(file);
                assertThat(e.getMessage()).startsWith(file + ": ");
                return false;
            }
        });
    }

    @Test
    void modelFile() throws IOException {
        IdIndex users = IdIndex.of(List.of("1", "5", "Zoë"));
        IdIndex items = IdIndex.of(List.of("1", "3", "6", "47"));
        RatingMatrix training = RatingMatrix.fromTriples(3, 4, new int[] {0, 0, 1, 2, 2}, new int[] {0, 1, 2, 3, 0},
                new float[] {4, 4, 4, 5, 3.5f});
        float[] parameters = new float[24];
        for (int k = 0; k < parameters.length; k++) {
            parameters[k] = (k - 12) / 7f;
        }
        ModelSnapshot snapshot = new ModelSnapshot("autoencoder", "layers = [4, 2]\n", "cfae { seed = 42 }", users, items,
                training, new RatingRange(0.5f, 5f), true, 3.5f, parameters);
        Path source = directory.resolve("source.cfae");
        ModelFile.write(source, snapshot);
        byte[] original = Files.readAllBytes(source);
        Path file = directory.resolve("fuzzed.cfae");
        Path rewritten = directory.resolve("rewritten.cfae");
        Random random = new Random(SEED ^ 29);
        fuzz("model file", random, () -> {
            Mutated input = BinaryMutations.mutateModel(original, random);
            Files.write(file, input.bytes);
            try {
                ModelSnapshot read = ModelFile.read(file);
                // An accepted file must be exactly what the writer makes of what was read: the
                // format has one byte layout per model, so nothing was skipped or misread.
                ModelFile.write(rewritten, read);
                assertThat(Files.readAllBytes(rewritten)).as(input.description).isEqualTo(input.bytes);
                return true;
            } catch (ModelFormatException e) {
                assertThat(e.file()).isEqualTo(file);
                assertThat(e.getMessage()).startsWith(file + ": ");
                return false;
            }
        });
    }

    // ---- harness ----

    @FunctionalInterface
    private interface Attempt {
        /** True for a parse, false for a clear rejection; anything else propagates. */
        boolean run() throws Exception;
    }

    private static void fuzz(String reader, Random random, Attempt attempt) {
        int[] counts = new int[2];
        assertTimeoutPreemptively(BUDGET_PER_READER, () -> {
            for (int n = 0; n < INPUTS_PER_READER; n++) {
                boolean parsed;
                try {
                    parsed = attempt.run();
                } catch (AssertionError | Exception e) {
                    throw new AssertionError(reader + " input " + n + " (seed " + SEED + "): " + e, e);
                }
                counts[parsed ? 0 : 1]++;
            }
        }, reader + " took longer than " + BUDGET_PER_READER);
        synchronized (OUTCOMES) {
            OUTCOMES.put(reader, counts);
        }
        assertThat(counts[0]).as("%s parsed some inputs", reader).isPositive();
        assertThat(counts[1]).as("%s rejected some inputs", reader).isPositive();
    }

    private static void assertClear(DataFormatException e, Path file, String description) {
        assertThat(e.file()).as(description).isEqualTo(file);
        assertThat(e.getMessage()).as(description).startsWith(file + ":");
        if (e.line() == 0) {
            assertThat(e.problem()).as("a rejection without a line must be about the whole file: %s", description)
                    .containsPattern(WHOLE_FILE_PROBLEM);
        }
    }

    /** A mutated file, what was done to it, and whether every change was one the readers must accept. */
    private record Mutated(byte[] bytes, String description, boolean benign) {
    }

    /** Changes to text files: line endings and marks that must be accepted, and damage that must be reported. */
    private static final class TextMutations {
        private static final String[] HOSTILE_FIELDS = {"99999999999999999999", "2147483648", "-1", "1e39", "-1e400",
                "NaN", "nan", "Infinity", "-inf", "0x10", "3f", "4.0.0", "", " ", "é", "\u0000", "r0_c1", "r1_c0",
                "r2147483648_c1", "r_5_c_6", "00012", "1e-50", "4,5", "\"4\"", "１"};

        static Mutated mutate(String original, String separator, Random random) {
            List<String> lines = new ArrayList<>(Arrays.asList(original.split("\n")));
            List<String> applied = new ArrayList<>();
            boolean benign = true;
            int count = 1 + random.nextInt(3);
            byte[] bytes = null;
            for (int m = 0; m < count; m++) {
                int kind = random.nextInt(16);
                int at = random.nextInt(lines.size());
                switch (kind) {
                    case 0 -> { // swap two data lines: still the same ratings, in another order
                        int other = 1 + random.nextInt(lines.size() - 1);
                        int one = 1 + random.nextInt(lines.size() - 1);
                        String line = lines.get(one);
                        lines.set(one, lines.get(other));
                        lines.set(other, line);
                        applied.add("swap lines " + (one + 1) + " and " + (other + 1));
                    }
                    case 1 -> { // spaces around fields are trimmed
                        lines.set(at, lines.get(at).replace(separator, " " + separator + " "));
                        applied.add("spaces around the fields of line " + (at + 1));
                    }
                    case 2 -> {
                        String line = lines.get(at);
                        lines.set(at, line.substring(0, random.nextInt(line.length() + 1)));
                        applied.add("truncate line " + (at + 1));
                        benign = false;
                    }
                    case 3, 4 -> {
                        List<String> fields = new ArrayList<>(Arrays.asList(lines.get(at).split(Pattern.quote(separator), -1)));
                        int field = random.nextInt(fields.size());
                        String hostile = HOSTILE_FIELDS[random.nextInt(HOSTILE_FIELDS.length)];
                        fields.set(field, hostile);
                        lines.set(at, String.join(separator, fields));
                        applied.add("field " + (field + 1) + " of line " + (at + 1) + " := '" + hostile + "'");
                        benign = false;
                    }
                    case 5 -> {
                        List<String> fields = new ArrayList<>(Arrays.asList(lines.get(at).split(Pattern.quote(separator), -1)));
                        int a = random.nextInt(fields.size());
                        int b = random.nextInt(fields.size());
                        String field = fields.get(a);
                        fields.set(a, fields.get(b));
                        fields.set(b, field);
                        lines.set(at, String.join(separator, fields));
                        applied.add("swap fields " + (a + 1) + " and " + (b + 1) + " of line " + (at + 1));
                        benign = false;
                    }
                    case 6 -> {
                        List<String> fields = new ArrayList<>(Arrays.asList(lines.get(at).split(Pattern.quote(separator), -1)));
                        int field = random.nextInt(fields.size());
                        if (random.nextBoolean()) {
                            fields.remove(field);
                            applied.add("delete field " + (field + 1) + " of line " + (at + 1));
                        } else {
                            fields.add(field, fields.get(field));
                            applied.add("duplicate field " + (field + 1) + " of line " + (at + 1));
                        }
                        lines.set(at, String.join(separator, fields));
                        benign = false;
                    }
                    case 7 -> {
                        lines.add(at, lines.get(at));
                        applied.add("duplicate line " + (at + 1));
                        benign = false;
                    }
                    case 8 -> {
                        lines.remove(0);
                        applied.add("delete the first line");
                        benign = false;
                        if (lines.isEmpty()) {
                            lines.add("");
                        }
                    }
                    case 9 -> {
                        lines.add(0, String.join(separator, "userId", "movieId", "rating", "timestamp"));
                        applied.add("insert a header line");
                        benign = false;
                    }
                    case 10 -> {
                        lines.add(at, "");
                        applied.add("blank line before line " + (at + 1));
                        benign = false;
                    }
                    case 11 -> {
                        lines.set(at, lines.get(at) + separator + lines.get(at));
                        applied.add("two records on line " + (at + 1));
                        benign = false;
                    }
                    default -> {
                        // byte-level damage, done below once the text is joined
                        bytes = new byte[0];
                    }
                }
            }
            String text = endLines(lines, random, applied);
            byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
            if (random.nextInt(8) == 0) {
                encoded = concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, encoded);
                applied.add("byte order mark");
            }
            if (bytes != null) {
                encoded = damageBytes(encoded, random, applied);
                benign = false;
            }
            return new Mutated(encoded, String.join("; ", applied), benign);
        }

        /** LF, CRLF, lone CR in any mix, and sometimes blank lines or no line end at the end. */
        private static String endLines(List<String> lines, Random random, List<String> applied) {
            StringBuilder text = new StringBuilder();
            boolean mixed = random.nextInt(3) == 0;
            for (String line : lines) {
                text.append(line).append(mixed ? new String[] {"\n", "\r\n", "\r"}[random.nextInt(3)] : "\n");
            }
            if (mixed) {
                applied.add("mixed line endings");
            }
            switch (random.nextInt(6)) {
                case 0 -> {
                    text.setLength(text.length() - (text.toString().endsWith("\r\n") ? 2 : 1));
                    applied.add("no final line end");
                }
                case 1 -> {
                    text.append("\n\r\n  \n");
                    applied.add("trailing blank lines");
                }
                default -> {
                }
            }
            return text.toString();
        }

        private static byte[] damageBytes(byte[] bytes, Random random, List<String> applied) {
            switch (random.nextInt(5)) {
                case 0 -> {
                    int length = random.nextInt(bytes.length + 1);
                    applied.add("truncate at byte " + length);
                    return Arrays.copyOf(bytes, length);
                }
                case 1 -> {
                    byte[] noise = new byte[1 + random.nextInt(8)];
                    random.nextBytes(noise);
                    int at = random.nextInt(bytes.length + 1);
                    applied.add(noise.length + " random bytes at " + at);
                    return concat(Arrays.copyOf(bytes, at), concat(noise, Arrays.copyOfRange(bytes, at, bytes.length)));
                }
                case 2 -> {
                    byte[] copy = bytes.clone();
                    for (int k = 0; k < 1 + random.nextInt(4) && copy.length > 0; k++) {
                        copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
                    }
                    applied.add("random bytes overwritten");
                    return copy;
                }
                case 3 -> {
                    applied.add("empty file");
                    return new byte[0];
                }
                default -> {
                    byte[] copy = bytes.clone();
                    int at = random.nextInt(Math.max(1, copy.length));
                    if (copy.length > 0) {
                        copy[at] = (byte) 0xc3; // a UTF-8 lead byte, usually without its continuation
                    }
                    applied.add("undecodable byte at " + at);
                    return copy;
                }
            }
        }
    }

    /** Damage to binary files: truncation, bit flips, inserted bytes, and crafted header values. */
    private static final class BinaryMutations {
        static Mutated mutateNpy(byte[] original, Random random) {
            byte[] bytes = original.clone();
            String description;
            switch (random.nextInt(7)) {
                case 0 -> {
                    int length = random.nextInt(bytes.length);
                    bytes = Arrays.copyOf(bytes, length);
                    description = "truncate at byte " + length;
                }
                case 1, 2 -> { // flips anywhere: in the data they give another valid array
                    int at = random.nextInt(bytes.length);
                    bytes[at] ^= (byte) (1 << random.nextInt(8));
                    description = "bit flip at byte " + at;
                }
                case 3 -> {
                    int at = random.nextInt(bytes.length);
                    byte[] noise = new byte[1 + random.nextInt(4)];
                    random.nextBytes(noise);
                    bytes = concat(Arrays.copyOf(bytes, at), concat(noise, Arrays.copyOfRange(bytes, at, bytes.length)));
                    description = noise.length + " bytes inserted at " + at;
                }
                case 4 -> {
                    String[] shapes = {"(2147483647, 2147483647)", "(99999999999, 1)", "(0, 0)", "(5, 8)", "(40,)",
                            "(8, 5, 1)", "(-1, 5)", "(65536, 65536)", "()"};
                    String shape = shapes[random.nextInt(shapes.length)];
                    bytes = replaceInHeader(bytes, "(8, 5)", shape);
                    description = "shape " + shape;
                }
                case 5 -> {
                    String[] types = {"'<f8'", "'>f4'", "'|O'", "'<i4'", "__import__('os')"};
                    String type = types[random.nextInt(types.length)];
                    bytes = replaceInHeader(bytes, "'<f4'", type);
                    description = "descr " + type;
                }
                default -> {
                    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
                    int length = random.nextBoolean() ? 0xffff : random.nextInt(200);
                    buffer.putShort(8, (short) length);
                    description = "header length " + length;
                }
            }
            return new Mutated(bytes, description, false);
        }

        /** Replaces text in the header, keeping its length (numpy pads it with spaces). */
        private static byte[] replaceInHeader(byte[] bytes, String from, String to) {
            int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
            String header = new String(bytes, 10, headerLength, StandardCharsets.ISO_8859_1);
            String changed = header.replace(from, to);
            int padding = header.length() - changed.length();
            if (padding >= 0) {
                changed = changed.replace("}", "}" + " ".repeat(padding));
            } else {
                changed = changed.replace("} " + " ".repeat(-padding - 1), "}"); // keep the total length if it can
            }
            byte[] out = bytes.clone();
            byte[] encoded = changed.getBytes(StandardCharsets.ISO_8859_1);
            if (encoded.length == headerLength) {
                System.arraycopy(encoded, 0, out, 10, headerLength);
                return out;
            }
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            joined.write(bytes, 0, 8);
            joined.write(encoded.length & 0xff);
            joined.write(encoded.length >>> 8 & 0xff);
            joined.writeBytes(encoded);
            joined.write(bytes, 10 + headerLength, bytes.length - 10 - headerLength);
            return joined.toByteArray();
        }

        static Mutated mutateModel(byte[] original, Random random) {
            byte[] bytes = original.clone();
            String description;
            switch (random.nextInt(5)) {
                case 0 -> {
                    int length = random.nextInt(bytes.length);
                    bytes = Arrays.copyOf(bytes, length);
                    description = "truncate at byte " + length;
                }
                case 1, 2 -> {
                    int at = random.nextInt(bytes.length);
                    bytes[at] ^= (byte) (1 << random.nextInt(8));
                    description = "bit flip at byte " + at;
                }
                case 3 -> { // a crafted count: a 32-bit field set to a huge or odd value
                    int at = 20 + 4 * random.nextInt((bytes.length - 24) / 4);
                    int[] values = {-1, Integer.MAX_VALUE, 1 << 30, 0, 1, 7, -7};
                    int value = values[random.nextInt(values.length)];
                    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
                    description = "int at byte " + at + " := " + value;
                }
                default -> {
                    int at = random.nextInt(bytes.length);
                    byte[] noise = new byte[1 + random.nextInt(8)];
                    random.nextBytes(noise);
                    bytes = concat(Arrays.copyOf(bytes, at), concat(noise, Arrays.copyOfRange(bytes, at, bytes.length)));
                    description = noise.length + " bytes inserted at " + at;
                }
            }
            // Half the time the forger also fixes the declared length and the checksum, so the
            // damage reaches the checks behind them.
            if (random.nextBoolean() && bytes.length >= 24) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
                buffer.putLong(12, bytes.length);
                CRC32C checksum = new CRC32C();
                checksum.update(bytes, 0, bytes.length - 4);
                buffer.putInt(bytes.length - 4, (int) checksum.getValue());
                description += ", length and checksum refitted";
            }
            return new Mutated(bytes, description, false);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
