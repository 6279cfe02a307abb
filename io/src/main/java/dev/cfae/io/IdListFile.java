package dev.cfae.io;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A plain list of external ids, one per line (LF), UTF-8: names the rows of an embedding or
 * reconstruction array in order. Written atomically.
 */
public final class IdListFile {
    private IdListFile() {
    }

    /**
     * Writes {@code ids} in order, e.g. {@code index.ids()} of an {@link dev.cfae.api.data.IdIndex}.
     *
     * @throws IllegalArgumentException if an id is empty or holds a line break, which would shift the rows
     */
    public static void write(Path target, List<String> ids) throws IOException {
        requireNonNull(ids, "ids is null");
        for (int k = 0; k < ids.size(); k++) {
            String id = requireNonNull(ids.get(k), "id is null");
            if (id.isEmpty() || id.indexOf('\n') >= 0 || id.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("id " + k + " is empty or holds a line break: '" + id + "'");
            }
        }
        AtomicFiles.write(target, out -> {
            Writer writer = TextOutput.utf8(out);
            for (String id : ids) {
                writer.write(id);
                writer.write('\n');
            }
            writer.flush();
        });
    }
}
