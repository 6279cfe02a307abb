package dev.cfae.io;

/**
 * The layout of a ratings file, chosen by {@code cfae.data.format} under its kebab-case name
 * (e.g. {@code movielens-tab}).
 */
public enum RatingFormat {
    /** Detect the format from the first line of each file; see {@link RatingFiles#detectFormat}. */
    AUTO,
    /** CIL/Kaggle CSV: header {@code Id,Prediction}, then {@code r44_c1,4} (or {@code r_44_c_1,4}). */
    CIL,
    /** MovieLens {@code u.data}: {@code user<TAB>item<TAB>rating[<TAB>timestamp]}, no header. */
    MOVIELENS_TAB,
    /** MovieLens {@code ratings.dat}: {@code user::item::rating[::timestamp]}, no header. */
    MOVIELENS_DAT,
    /** Comma-separated with a header naming the user, item and rating columns. */
    CSV,
    /** Tab-separated with a header naming the user, item and rating columns. */
    TSV
}
