/**
 * The vocabulary of cfae and its plugin SPI. This package knows no native backend, no Guice and no
 * command line.
 *
 * <h2>Writing a variant</h2>
 * <ol>
 *   <li>Implement {@link dev.cfae.api.VariantFactory}: a name, a description, and {@code create},
 *       which reads the variant's configuration block and returns a {@link dev.cfae.api.Model}.</li>
 *   <li>Implement the {@link dev.cfae.api.Model}: its parameters live in one flat buffer the engine
 *       owns ({@link dev.cfae.api.Model#bind}); it computes the objective and its gradient for a batch
 *       of examples ({@link dev.cfae.api.ExampleKind rows or ratings}) and predictions for user–item
 *       pairs, all on the normalised scale of {@link dev.cfae.api.TrainingData}. The engine does the
 *       rest: optimizer, batching, shuffling, evaluation, clipping, early stopping, model files.
 *       {@link dev.cfae.api.GenerativeModel} adds generation from a prior.</li>
 *   <li>Ship a {@code reference.conf} with the block {@code cfae.variants.<name>}, every key
 *       commented.</li>
 *   <li>Register the factory with {@code @AutoService(VariantFactory.class)} and test it by extending
 *       the engine's {@code VariantContractTest}.</li>
 *   <li>Package a jar with {@code provided} dependencies on cfae and drop it into a folder named by
 *       {@code --plugins DIR} or {@code cfae.plugins}.</li>
 * </ol>
 * {@code examples/variant-plugin} in the cfae repository does all of this for a denoising autoencoder.
 */
package dev.cfae.api;
