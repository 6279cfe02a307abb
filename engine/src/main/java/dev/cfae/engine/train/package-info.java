/**
 * Training and prediction: the {@link dev.cfae.engine.train.Trainer} loop over a flat parameter
 * buffer, the {@link dev.cfae.engine.train.TrainedModel} that turns model outputs into ratings (scale,
 * clip, fallback), and the settings records of the {@code cfae.trainer} and {@code cfae.prediction}
 * blocks.
 */
package dev.cfae.engine.train;
