package dev.cfae.io;

/**
 * An open-addressing hash map from a (user, item) pair, packed into a long, to the position of its
 * first rating. Readers use it to find duplicate pairs without boxing a million keys. Key and
 * position share one array so that a probe touches one cache line.
 */
final class PairTable {
    private static final long EMPTY = -1;

    private long[] slots; // slots[2s] = key, slots[2s + 1] = position or EMPTY
    private int size;
    private int mask;

    private static final int MAX_INITIAL_PAIRS = 1 << 24;

    /** @param expected number of pairs expected, to size the table once (it grows beyond that) */
    PairTable(int expected) {
        int pairs = Math.max(8, Math.min(MAX_INITIAL_PAIRS, expected));
        int capacity = Integer.highestOneBit(pairs * 2 - 1) << 1; // a power of two of at least 2 * pairs
        allocate(capacity);
    }

    /** Records {@code position} for {@code key} and returns -1, or returns the position already recorded. */
    int putIfAbsent(long key, int position) {
        int slot = slot(key);
        while (slots[2 * slot + 1] != EMPTY) {
            if (slots[2 * slot] == key) {
                return (int) slots[2 * slot + 1];
            }
            slot = (slot + 1) & mask;
        }
        slots[2 * slot] = key;
        slots[2 * slot + 1] = position;
        if (++size > (mask + 1) / 2) {
            grow();
        }
        return -1;
    }

    private int slot(long key) {
        // Fibonacci hashing spreads the packed (user, item) bits over the table.
        long mixed = key * 0x9e3779b97f4a7c15L;
        return (int) (mixed >>> 32 ^ mixed) & mask;
    }

    private void grow() {
        long[] old = slots;
        allocate((mask + 1) * 2);
        for (int s = 0; s < old.length; s += 2) {
            if (old[s + 1] != EMPTY) {
                int slot = slot(old[s]);
                while (slots[2 * slot + 1] != EMPTY) {
                    slot = (slot + 1) & mask;
                }
                slots[2 * slot] = old[s];
                slots[2 * slot + 1] = old[s + 1];
            }
        }
    }

    private void allocate(int capacity) {
        slots = new long[2 * capacity];
        for (int s = 1; s < slots.length; s += 2) {
            slots[s] = EMPTY;
        }
        mask = capacity - 1;
    }
}
