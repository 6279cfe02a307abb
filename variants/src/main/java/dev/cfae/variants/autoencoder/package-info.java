/**
 * The plain autoencoder variant ({@code autoencoder}): a dense encoder to an embedding and a
 * mirrored decoder that reconstructs whole user rows (or item rows), trained on the observed
 * cells only. It reproduces the seed model of the CIL 2019 project, with seeded randomness.
 */
package dev.cfae.variants.autoencoder;
