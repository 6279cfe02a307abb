/**
 * An example cfae plugin: the denoising autoencoder, built outside cfae against its public SPI
 * ({@link dev.cfae.api.VariantFactory}, {@link dev.cfae.api.Model}) and the engine's layers.
 */
package dev.cfae.examples.denoising;
