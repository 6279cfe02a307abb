/**
 * The cfae engine: ND4J implementations behind the {@code dev.cfae.api} contract. This package holds
 * the {@link dev.cfae.engine.VariantRegistry}; training lives in {@code train}, backend selection in
 * {@code backend}, layers and optimizers in {@code nn} and {@code optim}.
 */
package dev.cfae.engine;
