/**
 * The variational autoencoder ({@code vae}): the plain autoencoder whose last encoder layer is a
 * Gaussian bottleneck (mean and log-variance heads of the embedding width, reparameterised sampling,
 * a KL term on a schedule). Predictions and embeddings use the mean unless configured otherwise;
 * the model decodes prior draws for {@code cfae sample} and for training-data augmentation.
 */
package dev.cfae.variants.vae;
