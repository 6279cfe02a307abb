/** The combined user+item autoencoder with a rating network (variant {@code combined}). */
package dev.cfae.variants.combined;
