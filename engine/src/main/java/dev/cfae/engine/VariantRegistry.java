package dev.cfae.engine;

import dev.cfae.api.VariantFactory;
import dev.cfae.api.config.SettingsException;
import dev.cfae.api.config.Suggestions;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The variants found through {@link Plugins}, by name, each with its source (a plugin jar or
 * {@value Plugins#BUILT_IN}): built once with {@link #load}, immutable afterwards. Refuses two
 * factories with the same name and names that are not kebab-case, so a plugin clash fails at
 * start-up, naming both sources, instead of silently picking one.
 */
public final class VariantRegistry {
    /** The configuration key that selects a variant. */
    public static final String VARIANT_KEY = "cfae.variant";
    private static final Pattern KEBAB = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    private final Map<String, VariantFactory> byName;
    private final Map<String, String> sources;

    VariantRegistry(List<VariantFactory> factories, Plugins plugins) {
        requireNonNull(factories, "factories is null");
        requireNonNull(plugins, "plugins is null");
        Map<String, VariantFactory> names = new TreeMap<>();
        Map<String, String> origins = new TreeMap<>();
        for (VariantFactory factory : factories) {
            requireNonNull(factory, "factory is null");
            String name = factory.name();
            String source = plugins.source(factory.getClass());
            if (name == null || !KEBAB.matcher(name).matches()) {
                throw new SettingsException(Plugins.KEY, "variant factory " + factory.getClass().getName() + " ("
                        + source + ") has the name '" + name + "', which is not kebab-case (lower-case letters and digits joined by '-', e.g. 'k-sparse')");
            }
            VariantFactory previous = names.putIfAbsent(name, factory);
            if (previous != null) {
                throw new SettingsException(Plugins.KEY, "two variant factories are named '" + name + "': "
                        + previous.getClass().getName() + " (" + origins.get(name) + ") and "
                        + factory.getClass().getName() + " (" + source + "); remove one of the jars");
            }
            origins.put(name, source);
        }
        this.byName = names;
        this.sources = origins;
    }

    /**
     * Finds every {@link VariantFactory} registered through
     * {@code META-INF/services/dev.cfae.api.VariantFactory} on the class path or in a plugin jar.
     *
     * @throws SettingsException on {@value Plugins#KEY} if a plugin cannot be loaded or instantiated (a
     *                           broken jar, or one built against another cfae), two factories share a
     *                           name, or a name is not kebab-case: the user fixes these by removing a jar
     */
    public static VariantRegistry load(Plugins plugins) {
        requireNonNull(plugins, "plugins is null");
        List<VariantFactory> found = new ArrayList<>();
        try {
            for (VariantFactory factory : ServiceLoader.load(VariantFactory.class, plugins.classLoader())) {
                found.add(factory);
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            throw new SettingsException(Plugins.KEY, "cannot load a variant plugin"
                    + (plugins.jars().isEmpty() ? "" : " (plugin jars: " + plugins.jars() + ")") + ": " + e
                    + (e instanceof LinkageError ? "; was the plugin built against another version of cfae?" : ""), e);
        }
        return new VariantRegistry(found, plugins);
    }

    /**
     * The factory called {@code name}.
     *
     * @throws SettingsException on {@code cfae.variant} if there is none, listing the available names
     *                           and suggesting the closest
     */
    public VariantFactory get(String name) {
        requireNonNull(name, "name is null");
        VariantFactory factory = byName.get(name);
        if (factory == null) {
            throw unknown(name);
        }
        return factory;
    }

    /** All factories, sorted by name. */
    public List<VariantFactory> all() {
        return List.copyOf(byName.values());
    }

    /** All names, sorted. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** Where the factory called {@code name} came from: the path of its plugin jar, or {@value Plugins#BUILT_IN}. */
    public String source(String name) {
        get(name);
        return sources.get(name);
    }

    private SettingsException unknown(String name) {
        if (byName.isEmpty()) {
            return new SettingsException(VARIANT_KEY, "unknown variant '" + name
                    + "': no variants are installed (no VariantFactory was found on the class path)");
        }
        String closest = closest(name, byName.keySet());
        return new SettingsException(VARIANT_KEY, "unknown variant '" + name + "'"
                + (closest == null ? "." : "; did you mean '" + closest + "'?")
                + " Available variants: " + String.join(", ", byName.keySet())
                + ". A plugin's variant needs its folder: --plugins DIR or cfae.plugins.");
    }

    /** The candidate nearest to {@code name}, or null if none is plausibly a typo of it. */
    static String closest(String name, Collection<String> candidates) {
        // Beyond about a third of the word, a "suggestion" is just another name.
        return Suggestions.closest(name, candidates, Math.max(2, name.length() / 3));
    }
}
