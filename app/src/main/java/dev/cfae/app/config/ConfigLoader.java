package dev.cfae.app.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import dev.cfae.api.config.SettingsException;
import dev.cfae.api.config.Suggestions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * Loads cfae configuration strictly: every module's {@code reference.conf} (found through the given
 * class loader, so plugins bring their own defaults), then the user's file, then {@code --set}
 * overrides. Keys the references do not define are errors, with the nearest known key suggested;
 * Typesafe Config's own {@code checkValid} does not catch those.
 */
public final class ConfigLoader {
    /** Every cfae key lives under this root; {@code --set} keys are relative to it. */
    public static final String ROOT = "cfae";

    private final ClassLoader classLoader;

    public ConfigLoader(ClassLoader classLoader) {
        this.classLoader = requireNonNull(classLoader, "classLoader is null");
    }

    /** The merged reference configuration of every module and plugin on the class loader. */
    public Config reference() {
        ConfigFactory.invalidateCaches();
        return ConfigFactory.defaultReference(classLoader);
    }

    /**
     * The resolved configuration from an optional user file and {@code key=value} overrides
     * (keys relative to {@code cfae}), checked against the references.
     */
    public Config load(Path userFile, List<String> overrides) {
        return load(readUserFile(userFile), overrides);
    }

    /** The user's HOCON file, unresolved and unchecked; empty if {@code userFile} is null. */
    public static Config readUserFile(Path userFile) {
        if (userFile == null) {
            return ConfigFactory.empty();
        }
        if (!Files.isRegularFile(userFile)) {
            throw new SettingsException("--config", "no such file: " + userFile);
        }
        try {
            return ConfigFactory.parseFile(userFile.toFile(),
                    ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false));
        } catch (ConfigException e) {
            throw new SettingsException("--config", e.getMessage(), e);
        }
    }

    /**
     * The plugin folders that {@code cfae.plugins} names in the user configuration and overrides, read
     * before anything else: the plugins' own reference.conf must join the defaults the rest is checked
     * against. Relative paths are taken from the working directory.
     */
    public static List<Path> pluginFolders(Config user, List<String> overrides) {
        Config merged = parseOverrides(overrides).withFallback(user);
        try {
            return folders(merged);
        } catch (ConfigException.NotResolved e) {
            // A ${...} on the way (cfae.plugins += ..., cfae = ${cfae} {...}): resolved over cfae's own
            // defaults, which hold the key, as the plugins' defaults cannot be known yet.
            Config resolved;
            try {
                resolved = merged.withFallback(ConfigFactory.defaultReference(ConfigLoader.class.getClassLoader()))
                        .resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(false));
            } catch (ConfigException unresolvable) {
                throw new SettingsException(ROOT, unresolvable.getMessage(), unresolvable);
            }
            return folders(resolved);
        }
    }

    private static List<Path> folders(Config config) {
        String key = ROOT + ".plugins";
        if (!config.hasPathOrNull(key)) {
            return List.of();
        }
        try {
            return config.getStringList(key).stream().map(Path::of).toList();
        } catch (ConfigException.NotResolved e) {
            throw e; // for the caller to resolve
        } catch (ConfigException | java.nio.file.InvalidPathException e) {
            throw new SettingsException(key, "must be a list of folder paths, e.g. [\"plugins\"]: " + e.getMessage(), e);
        }
    }

    /** As {@link #load(Path, List)}, with the user configuration already parsed (the embedding API). */
    public Config load(Config user, List<String> overrides) {
        Config merged = parseOverrides(overrides).withFallback(user);
        Config reference = reference();
        ConfigResolveOptions withoutEnvironment = ConfigResolveOptions.defaults().setUseSystemEnvironment(false);
        Config resolved;
        try {
            resolved = merged.withFallback(reference).resolve(withoutEnvironment);
        } catch (ConfigException e) {
            throw new SettingsException(ROOT, e.getMessage(), e);
        }
        checkKnownKeys(userKeys(merged, resolved), merged, reference);
        return resolved;
    }

    /**
     * The keys the user set: those written as values, and where a value is a ${...} substitution (or a
     * block merged with one), the keys it resolved to. A setting may so refer to its own default
     * ({@code x = ${x} [8]}) or take a whole block, and a block's keys are checked all the same.
     */
    private static List<String> userKeys(Config asWritten, Config resolved) {
        List<String> keys = new ArrayList<>();
        List<String> substituted = new ArrayList<>();
        collectWrittenKeys(asWritten.root(), "", keys, substituted);
        for (String path : substituted) {
            if (!resolved.hasPathOrNull(path)) {
                continue; // an optional ${?x} that found nothing sets nothing
            }
            if (resolved.getIsNull(path) || resolved.getValue(path).valueType() != ConfigValueType.OBJECT) {
                keys.add(path);
                continue;
            }
            Config block = resolved.getConfig(path);
            for (Map.Entry<String, ConfigValue> entry : block.entrySet()) {
                keys.add(path + "." + entry.getKey());
            }
            collectNullKeys(block, path, keys);
        }
        return keys;
    }

    /** The leaf keys of an unresolved object, and apart from them the paths of values still to resolve. */
    private static void collectWrittenKeys(ConfigObject object, String prefix, List<String> keys,
            List<String> substituted) {
        for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
            String key = join(prefix, entry.getKey());
            ConfigValue value = entry.getValue();
            try {
                if (value.valueType() == ConfigValueType.OBJECT) {
                    List<String> inner = new ArrayList<>();
                    List<String> innerSubstituted = new ArrayList<>();
                    collectWrittenKeys((ConfigObject) value, key, inner, innerSubstituted);
                    keys.addAll(inner);
                    substituted.addAll(innerSubstituted);
                } else {
                    keys.add(key);
                }
            } catch (ConfigException.NotResolved e) {
                substituted.add(key); // a ${...}, or a block merged with one: checked as it resolved
            }
        }
    }

    /**
     * {@code key=value} pairs as configuration. Values are data: a list {@code [..]} or {@code null}
     * is parsed as such, anything else is taken as a plain string (Typesafe Config converts strings to
     * numbers and booleans where a setting asks for one). Nothing is evaluated or substituted.
     */
    static Config parseOverrides(List<String> overrides) {
        Config result = ConfigFactory.empty();
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq <= 0) {
                throw new SettingsException("--set", "expected key=value, got '" + override + "'");
            }
            String key = override.substring(0, eq).trim();
            String text = override.substring(eq + 1).trim();
            String path = key.startsWith(ROOT + ".") ? key : ROOT + "." + key;
            try {
                ConfigValue value;
                if (text.equals("null")) {
                    value = ConfigValueFactory.fromAnyRef(null);
                } else if (text.startsWith("[")) {
                    Config parsed = ConfigFactory.parseString("v = " + text, ConfigParseOptions.defaults()
                            .setSyntax(ConfigSyntax.CONF).setOriginDescription("--set " + key));
                    if (!parsed.isResolved()) {
                        throw new SettingsException(path, "--set values are data: a list cannot use ${...}, got " + text);
                    }
                    value = parsed.getValue("v");
                    if (value.valueType() != ConfigValueType.LIST) {
                        throw new SettingsException(path, "not a list: " + text);
                    }
                } else {
                    value = ConfigValueFactory.fromAnyRef(text, "--set " + key);
                }
                result = result.withValue(path, value);
            } catch (ConfigException e) {
                throw new SettingsException(path, "cannot use --set value '" + text + "': " + e.getMessage(), e);
            }
        }
        return result;
    }

    /**
     * Fails on the first of {@code userKeys} that no reference defines, suggesting the nearest one and
     * naming where it was written from {@code asWritten}, the user's configuration before it resolved.
     */
    private static void checkKnownKeys(List<String> userKeys, Config asWritten, Config reference) {
        Set<String> known = new TreeSet<>();
        for (Map.Entry<String, ConfigValue> entry : reference.entrySet()) {
            known.add(entry.getKey());
        }
        collectNullKeys(reference.root().toConfig(), "", known);
        userKeys.sort(Comparator.naturalOrder());
        for (String key : userKeys) {
            if (!key.startsWith(ROOT + ".")) {
                throw new SettingsException(key, "unknown key: every cfae setting lives under '" + ROOT + " { }'");
            }
            if (!known.contains(key) && !reference.hasPathOrNull(key)) {
                String suggestion = nearest(key, known);
                throw new SettingsException(key, "unknown key" + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?")
                        + origin(asWritten, key));
            }
            if (reference.hasPathOrNull(key) && !reference.getIsNull(key)
                    && reference.getValue(key).valueType() == ConfigValueType.OBJECT) {
                throw new SettingsException(key, "is a block of settings, not a single value");
            }
        }
    }

    // entrySet() skips null values, so keys whose default is null are collected separately.
    private static void collectNullKeys(Config config, String prefix, Collection<String> out) {
        for (Map.Entry<String, ConfigValue> entry : config.root().entrySet()) {
            String key = join(prefix, entry.getKey());
            ConfigValue value = entry.getValue();
            if (value.valueType() == ConfigValueType.NULL) {
                out.add(key);
            } else if (value.valueType() == ConfigValueType.OBJECT) {
                collectNullKeys(config.getConfig(ConfigUtil.joinPath(entry.getKey())), key, out);
            }
        }
    }

    /**
     * Where {@code key} was written, as " (FILE: LINE)" or " (--set KEY)", if the configuration as
     * written has it as a plain value.
     */
    private static String origin(Config asWritten, String key) {
        try {
            String where = asWritten.getValue(key).origin().description();
            return where == null || where.isBlank() ? "" : " (" + where + ")";
        } catch (ConfigException e) {
            return ""; // a null, a substitution, or a key a substituted block brought: the key alone must do
        }
    }

    /** The path of key {@code segment} under {@code prefix}, quoted and escaped as Typesafe Config reads it. */
    private static String join(String prefix, String segment) {
        String quoted = ConfigUtil.joinPath(segment);
        return prefix.isEmpty() ? quoted : prefix + "." + quoted;
    }

    /** The known key closest to {@code key} by edit distance, if it is reasonably close. */
    static String nearest(String key, Set<String> known) {
        String lastSegment = key.substring(key.lastIndexOf('.') + 1);
        return Suggestions.closest(key, known, Math.max(3, lastSegment.length() / 2));
    }
}
