package dev.cfae.io;

import java.util.Arrays;

/**
 * An open-addressing hash map from a (user, item) pair, packed into a long, to the position of its
 * first rating. Readers use it to find duplicate pairs without boxing a million keys.
 */
final class PairTable {
    private static final int EMPTY = -1;

    private long[] keys;
    private int[] positions;
    private int size;
    private int mask;

    PairTable() {
        allocate(1 << 12);
    }

    /** Records {@code position} for {@code key} and returns -1, or returns the position already recorded. */
    int putIfAbsent(long key, int position) {
        int slot = slot(key);
        while (positions[slot] != EMPTY) {
            if (keys[slot] == key) {
                return positions[slot];
            }
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        positions[slot] = position;
        if (++size > keys.length / 2) {
            grow();
        }
        return EMPTY;
    }

    private int slot(long key) {
        // Fibonacci hashing spreads the packed (user, item) bits over the table.
        long mixed = key * 0x9e3779b97f4a7c15L;
        return (int) (mixed >>> 32 ^ mixed) & mask;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldPositions = positions;
        allocate(oldKeys.length * 2);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldPositions[i] != EMPTY) {
                int slot = slot(oldKeys[i]);
                while (positions[slot] != EMPTY) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                positions[slot] = oldPositions[i];
            }
        }
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        positions = new int[capacity];
        Arrays.fill(positions, EMPTY);
        mask = capacity - 1;
    }
}
