/**
 * First-order optimizers over a model's flat parameter buffer (Adam, RMSProp, SGD with momentum),
 * each one fused update of the whole buffer per step, and the settings of
 * {@code cfae.trainer.optimizer} that choose and configure them.
 */
package dev.cfae.engine.optim;
