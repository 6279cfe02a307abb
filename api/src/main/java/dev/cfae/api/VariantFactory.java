package dev.cfae.api;

import com.typesafe.config.Config;

/**
 * The plugin SPI: one implementation per model variant. This interface, {@link VariantContext} and
 * {@link Model} (with the types it uses) are cfae's public API for adding variants; the engine's
 * layers in {@code dev.cfae.engine.nn} are there to build models from, but a variant may compute its
 * gradients any way it likes.
 *
 * <h2>Registration</h2>
 * cfae finds factories with {@link java.util.ServiceLoader}: a jar lists its factory classes in
 * {@code META-INF/services/dev.cfae.api.VariantFactory} ({@code @AutoService(VariantFactory.class)}
 * writes that file). An implementation is public, has a public no-argument constructor and is
 * stateless: cfae may create several instances and call {@link #create} several times. The built-in
 * variants sit on the application class path; a third-party jar is loaded only from a plugin folder
 * the user names ({@code --plugins DIR} or {@code cfae.plugins}), and {@code cfae variants} shows which
 * jar each variant came from. Two factories with the same {@link #name()} are refused at start-up.
 *
 * <h2>Configuration</h2>
 * The variant's jar carries a {@code reference.conf} with a block {@code cfae.variants.<name>} that
 * holds every key the variant reads, with its default and a comment saying what it means and which
 * values are allowed. cfae merges the user's settings over it, refuses keys the block does not define,
 * and hands the merged block to {@link #create}. {@code cfae variants} prints the block.
 *
 * <h2>When {@link #create} is called</h2>
 * <ul>
 *   <li>at start-up, on a 1 × 1 {@link VariantContext}, before any data is read: this dry run is how a
 *       bad setting fails early, so {@code create} reads and checks every key eagerly;</li>
 *   <li>after the data is read, with its real shape, for training;</li>
 *   <li>when a model file is loaded, with the saved block and shape; the saved flat parameter
 *       buffer is then copied into the model. So a model must be fully determined by its
 *       configuration, its context and its parameters: keep no other state that predictions need.</li>
 * </ul>
 *
 * <h2>Testing</h2>
 * A variant's test extends {@code dev.cfae.engine.testing.VariantContractTest} from the
 * {@code cfae-engine} test jar, which checks discovery, that every key is read, that bad values name
 * their key, gradients against finite differences, that the loss falls, seeded reproducibility and
 * that a rebuilt model predicts identically. {@code examples/variant-plugin} is a complete plugin.
 */
public interface VariantFactory {
    /**
     * Stable kebab-case name (lower-case letters and digits joined by {@code -}, e.g. {@code k-sparse}):
     * selects the variant ({@code cfae.variant}), names its configuration block
     * {@code cfae.variants.<name>}, and is stored in model files, so it must never change.
     */
    String name();

    /** One line for {@code cfae variants}: what the model is, and what it is good for. */
    String description();

    /**
     * Builds an untrained, unbound model for data of the given shape.
     *
     * @param context the shape of the data and the rating range
     * @param config  the resolved {@code cfae.variants.<name>} block (the variant's reference.conf
     *                defaults with the user's settings over them), rooted at the block: read
     *                {@code config.getInt("k")}, not the full path; {@link dev.cfae.api.config.ConfigBlock}
     *                reads keys and reports errors with their full names
     * @return a new model whose {@link Model#variant()} is {@link #name()}; it may implement
     *         {@link GenerativeModel} if it can generate rows
     * @throws dev.cfae.api.config.SettingsException naming the full key (e.g.
     *         {@code cfae.variants.k-sparse.k}) for a missing key, a wrong type, a value out of range or
     *         an impossible combination, including one with the context (k larger than the width)
     */
    Model create(VariantContext context, Config config);
}
