package dev.cfae.io;

/** What a reader does with a second rating for a (user, item) pair already seen in the same file. */
public enum DuplicatePolicy {
    /** Reject the file, naming both lines. */
    ERROR,
    /** Keep the last rating, at the position of the first. */
    LAST,
    /** Keep the mean of all ratings of the pair, at the position of the first. */
    MEAN
}
