package dev.cfae.api.data;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * An immutable, bidirectional map between the external ids of users or items (the strings found in
 * the input files) and the dense indices {@code 0..size()-1} that models work with.
 *
 * <p>Indices are assigned in first-seen order, so an index built from the same file is always the
 * same. The index travels with every trained model, so outputs can name rows by the user's own ids.
 */
public final class IdIndex {
    private final String[] ids;
    private final Map<String, Integer> positions;

    private IdIndex(String[] ids, Map<String, Integer> positions) {
        this.ids = ids;
        this.positions = positions;
    }

    /** An index over the given ids, in order; duplicates are rejected. */
    public static IdIndex of(List<String> ids) {
        Builder builder = new Builder();
        for (String id : ids) {
            requireNonNull(id, "id is null");
            if (builder.indexOf(id) >= 0) {
                throw new IllegalArgumentException("duplicate id: " + id);
            }
            builder.add(id);
        }
        return builder.build();
    }

    /** An index over the ids "1".."n", for data whose ids are already dense 1-based integers. */
    public static IdIndex sequential(int n) {
        Builder builder = new Builder();
        for (int i = 1; i <= n; i++) {
            builder.add(Integer.toString(i));
        }
        return builder.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int size() {
        return ids.length;
    }

    /** The external id of a dense index. */
    public String id(int index) {
        return ids[index];
    }

    /** The dense index of an external id, or -1 if the id is not in this index. */
    public int indexOf(String id) {
        // Map.copyOf's map throws on a null key rather than finding nothing.
        Integer position = id == null ? null : positions.get(id);
        return position == null ? -1 : position;
    }

    /** Whether the id is in this index (false for null). */
    public boolean contains(String id) {
        return id != null && positions.containsKey(id);
    }

    /** All ids in index order. */
    public List<String> ids() {
        return Collections.unmodifiableList(Arrays.asList(ids));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdIndex other && Arrays.equals(ids, other.ids);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ids);
    }

    @Override
    public String toString() {
        return "IdIndex[size=" + ids.length + "]";
    }

    /** Assigns dense indices to ids in first-seen order. Not thread-safe. */
    public static final class Builder {
        private String[] ids = new String[16];
        private int size;
        private final HashMap<String, Integer> positions = new HashMap<>();

        /** The index of {@code id}, assigning the next free one if it is new. */
        public int add(String id) {
            Integer existing = positions.get(id);
            if (existing != null) {
                return existing;
            }
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, ids.length * 2);
            }
            ids[size] = id;
            positions.put(id, size);
            return size++;
        }

        /** The index of {@code id}, or -1 if it has not been added. */
        public int indexOf(String id) {
            Integer existing = positions.get(id);
            return existing == null ? -1 : existing;
        }

        public int size() {
            return size;
        }

        public IdIndex build() {
            return new IdIndex(Arrays.copyOf(ids, size), Map.copyOf(positions));
        }
    }
}
