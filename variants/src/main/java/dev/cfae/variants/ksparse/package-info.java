/**
 * The k-sparse autoencoder ({@code k-sparse}): the plain autoencoder with a top-k layer after the
 * embedding, so every row's code has at most k non-zero units, at training and at inference. The
 * saved embeddings are these sparse codes.
 */
package dev.cfae.variants.ksparse;
