package dev.cfae.api.data;

import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * A list of (user, item, rating) triples over two {@link IdIndex}es: what a reader produces and what
 * a split divides. Immutable. Users and items are dense indices into {@link #users()} and
 * {@link #items()}; at most one rating per (user, item) pair (readers enforce that).
 */
public final class Ratings {
    private final IdIndex users;
    private final IdIndex items;
    private final int[] userIndices;
    private final int[] itemIndices;
    private final float[] values;

    private Ratings(IdIndex users, IdIndex items, int[] userIndices, int[] itemIndices, float[] values) {
        this.users = users;
        this.items = items;
        this.userIndices = userIndices;
        this.itemIndices = itemIndices;
        this.values = values;
    }

    /** Ratings from parallel arrays (copied). Every index must lie inside its IdIndex. */
    public static Ratings of(IdIndex users, IdIndex items, int[] userIndices, int[] itemIndices, float[] values) {
        requireNonNull(users, "users is null");
        requireNonNull(items, "items is null");
        if (userIndices.length != itemIndices.length || userIndices.length != values.length) {
            throw new IllegalArgumentException("user, item and rating arrays differ in length: "
                    + userIndices.length + ", " + itemIndices.length + ", " + values.length);
        }
        for (int k = 0; k < userIndices.length; k++) {
            if (userIndices[k] < 0 || userIndices[k] >= users.size()) {
                throw new IllegalArgumentException("user index " + userIndices[k] + " outside [0, " + users.size() + ")");
            }
            if (itemIndices[k] < 0 || itemIndices[k] >= items.size()) {
                throw new IllegalArgumentException("item index " + itemIndices[k] + " outside [0, " + items.size() + ")");
            }
        }
        return new Ratings(users, items, userIndices.clone(), itemIndices.clone(), values.clone());
    }

    public IdIndex users() {
        return users;
    }

    public IdIndex items() {
        return items;
    }

    public int size() {
        return values.length;
    }

    public int user(int k) {
        return userIndices[k];
    }

    public int item(int k) {
        return itemIndices[k];
    }

    public float rating(int k) {
        return values[k];
    }

    /** The ratings at the given positions, in that order, over the same indices. */
    public Ratings subset(int[] positions) {
        int[] u = new int[positions.length];
        int[] i = new int[positions.length];
        float[] r = new float[positions.length];
        for (int k = 0; k < positions.length; k++) {
            u[k] = userIndices[positions[k]];
            i[k] = itemIndices[positions[k]];
            r[k] = values[positions[k]];
        }
        return new Ratings(users, items, u, i, r);
    }

    /** The same ratings, re-expressed over larger indices that extend these (same ids first, same order). */
    public Ratings withIndices(IdIndex widerUsers, IdIndex widerItems) {
        for (int k = 0; k < users.size(); k++) {
            if (!users.id(k).equals(widerUsers.id(k))) {
                throw new IllegalArgumentException("user index does not extend this one at position " + k);
            }
        }
        for (int k = 0; k < items.size(); k++) {
            if (!items.id(k).equals(widerItems.id(k))) {
                throw new IllegalArgumentException("item index does not extend this one at position " + k);
            }
        }
        return new Ratings(widerUsers, widerItems, userIndices, itemIndices, values);
    }

    /** The smallest and largest rating present; fails on an empty list. */
    public RatingRange observedRange() {
        if (values.length == 0) {
            throw new IllegalStateException("no ratings");
        }
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return new RatingRange(min, max);
    }

    /** The mean rating; fails on an empty list. */
    public double mean() {
        if (values.length == 0) {
            throw new IllegalStateException("no ratings");
        }
        double sum = 0;
        for (float v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    @Override
    public String toString() {
        return "Ratings[" + values.length + " ratings, " + users.size() + " users, " + items.size() + " items]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ratings other && users.equals(other.users) && items.equals(other.items)
                && Arrays.equals(userIndices, other.userIndices) && Arrays.equals(itemIndices, other.itemIndices)
                && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values) * 31 + userIndices.length;
    }
}
