package dev.cfae.io;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The cells a submission must predict, in file order: each raw id exactly as written (e.g.
 * {@code r37_c1} or {@code r_37_c_1}) with its external user and item ids ("37", "1"), which
 * {@link dev.cfae.api.data.IdIndex#indexOf} maps to training indices. Read with
 * {@link SubmissionFile#readIds}. Immutable.
 */
public final class SubmissionIds {
    private final String[] rawIds;
    private final String[] users;
    private final String[] items;

    SubmissionIds(String[] rawIds, String[] users, String[] items) {
        if (rawIds.length != users.length || rawIds.length != items.length) {
            throw new IllegalArgumentException("raw id, user and item arrays differ in length");
        }
        this.rawIds = rawIds;
        this.users = users;
        this.items = items;
    }

    public int size() {
        return rawIds.length;
    }

    /** The id as written in the file, e.g. {@code r37_c1}. */
    public String rawId(int k) {
        return rawIds[k];
    }

    /** The external user id of cell {@code k}, e.g. "37". */
    public String user(int k) {
        return users[k];
    }

    /** The external item id of cell {@code k}, e.g. "1". */
    public String item(int k) {
        return items[k];
    }

    /** All raw ids in file order. */
    public List<String> rawIds() {
        return Collections.unmodifiableList(Arrays.asList(rawIds));
    }

    @Override
    public String toString() {
        return "SubmissionIds[" + rawIds.length + " ids]";
    }
}
