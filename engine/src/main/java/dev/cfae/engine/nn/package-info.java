/**
 * Hand-written neural-network building blocks over ND4J: dense, activation and dropout layers, a
 * {@link dev.cfae.engine.nn.Sequential} container that lays their parameters out in one flat
 * buffer, and the masked squared-error loss.
 *
 * <p>Layers own reusable output and gradient buffers that grow with the largest batch seen; an
 * array returned by {@code forward} or {@code backward} stays valid only until the next call of
 * the same method. Layers work in whatever floating-point type they are given: float32 in
 * production, float64 in the gradient tests.
 */
package dev.cfae.engine.nn;
