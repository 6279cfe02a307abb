package dev.cfae.api;

/**
 * Which side of the rating matrix a row-wise model reads: {@code USER} rows are users (a user
 * autoencoder, the seed's {@code --embedding user}); {@code ITEM} rows are items (an item
 * autoencoder such as I-AutoRec, the seed's {@code --embedding movie}).
 */
public enum Orientation {
    USER,
    ITEM
}
