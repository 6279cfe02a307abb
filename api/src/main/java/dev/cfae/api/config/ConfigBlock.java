package dev.cfae.api.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * One block of the configuration (e.g. {@code cfae.trainer}) with typed getters whose errors name
 * the full key. Settings records read their block only through this class, in their
 * {@code fromConfig} method; defaults come from {@code reference.conf}, never from Java.
 */
public final class ConfigBlock {
    private final Config config;
    private final String prefix;

    public ConfigBlock(Config config, String prefix) {
        this.config = requireNonNull(config, "config is null");
        this.prefix = requireNonNull(prefix, "prefix is null");
    }

    /** The block at {@code path} below the root config, e.g. {@code of(root, "cfae.trainer")}. */
    public static ConfigBlock of(Config root, String path) {
        try {
            return new ConfigBlock(root.getConfig(path), path);
        } catch (ConfigException e) {
            throw new SettingsException(path, describe(e), e);
        }
    }

    public Config config() {
        return config;
    }

    public String prefix() {
        return prefix;
    }

    /** The full key of a path inside this block. */
    public String key(String path) {
        return prefix.isEmpty() ? path : prefix + "." + path;
    }

    public ConfigBlock block(String path) {
        try {
            return new ConfigBlock(config.getConfig(path), key(path));
        } catch (ConfigException e) {
            throw new SettingsException(key(path), describe(e), e);
        }
    }

    public boolean hasValue(String path) {
        return config.hasPath(path);
    }

    /** True if the key is present with the value {@code null}, which the reference files use for "not set". */
    public boolean isNull(String path) {
        return config.hasPathOrNull(path) && config.getIsNull(path);
    }

    /** A whole number in the int range; {@code 2.5} is an error rather than silently 2. */
    public int getInt(String path) {
        long value = getLong(path);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new SettingsException(key(path), "must be a whole number between " + Integer.MIN_VALUE + " and "
                    + Integer.MAX_VALUE + ", got " + value);
        }
        return (int) value;
    }

    /** A whole number in the long range; {@code 2.5} is an error rather than silently 2. */
    public long getLong(String path) {
        Number number;
        try {
            number = config.getNumber(path);
        } catch (ConfigException e) {
            throw failure(path, e, "a whole number");
        }
        if (number instanceof Integer || number instanceof Long) {
            return number.longValue();
        }
        double value = number.doubleValue();
        // 2^63 is exactly representable; anything at or above it does not fit a long.
        if (value != Math.rint(value) || !(Math.abs(value) < 0x1p63)) {
            throw new SettingsException(key(path), "must be a whole number, got " + rendered(path));
        }
        return (long) value;
    }

    public double getDouble(String path) {
        try {
            double value = config.getDouble(path);
            if (!Double.isFinite(value)) {
                throw new SettingsException(key(path), "must be a finite number, got " + value);
            }
            return value;
        } catch (ConfigException e) {
            throw failure(path, e, "a number");
        }
    }

    /** A HOCON duration such as {@code 30 minutes} or {@code 90s}; a bare number is milliseconds. */
    public Duration getDuration(String path) {
        try {
            return config.getDuration(path);
        } catch (ConfigException e) {
            throw failure(path, e, "a duration such as 30 minutes");
        }
    }

    public boolean getBoolean(String path) {
        try {
            return config.getBoolean(path);
        } catch (ConfigException e) {
            throw failure(path, e, "true or false");
        }
    }

    public String getString(String path) {
        try {
            if (config.getValue(path).valueType() != ConfigValueType.STRING
                    && config.getValue(path).valueType() != ConfigValueType.NUMBER
                    && config.getValue(path).valueType() != ConfigValueType.BOOLEAN) {
                throw new SettingsException(key(path), "must be a string, got " + config.getValue(path).valueType()
                        .name().toLowerCase(Locale.ROOT));
            }
            return config.getString(path);
        } catch (ConfigException e) {
            throw new SettingsException(key(path), describe(e), e);
        }
    }

    /** A string, or null when the key holds {@code null}. */
    public String getOptionalString(String path) {
        return isNull(path) ? null : getString(path);
    }

    /** A number, or NaN when the key holds {@code null}. */
    public double getOptionalDouble(String path) {
        return isNull(path) ? Double.NaN : getDouble(path);
    }

    public List<Integer> getIntList(String path) {
        try {
            return List.copyOf(config.getIntList(path));
        } catch (ConfigException e) {
            throw new SettingsException(key(path), describe(e), e);
        }
    }

    public List<String> getStringList(String path) {
        try {
            return List.copyOf(config.getStringList(path));
        } catch (ConfigException e) {
            throw new SettingsException(key(path), describe(e), e);
        }
    }

    /** A string that must be one of {@code allowed} (compared exactly). */
    public String getChoice(String path, Set<String> allowed) {
        String value = getString(path);
        if (!allowed.contains(value)) {
            List<String> sorted = new ArrayList<>(allowed);
            sorted.sort(null);
            throw new SettingsException(key(path), "must be one of " + sorted + ", got '" + value + "'");
        }
        return value;
    }

    /** An enum constant named by its kebab-case spelling, e.g. {@code leaky-relu} for {@code LEAKY_RELU}. */
    public <E extends Enum<E>> E getEnum(String path, Class<E> type) {
        String value = getString(path);
        for (E constant : type.getEnumConstants()) {
            if (kebab(constant).equals(value)) {
                return constant;
            }
        }
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            names.add(kebab(constant));
        }
        throw new SettingsException(key(path), "must be one of " + names + ", got '" + value + "'");
    }

    /** The kebab-case spelling of an enum constant, as used in configuration. */
    public static String kebab(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public int requireRange(String path, int value, int min, int max) {
        if (value < min || value > max) {
            throw new SettingsException(key(path), "must be in [" + min + ", " + max + "], got " + value);
        }
        return value;
    }

    public double requireRange(String path, double value, double min, double max, boolean minInclusive,
            boolean maxInclusive) {
        boolean aboveMin = minInclusive ? value >= min : value > min;
        boolean belowMax = maxInclusive ? value <= max : value < max;
        if (!aboveMin || !belowMax) {
            throw new SettingsException(key(path), "must be in " + (minInclusive ? "[" : "(") + min + ", " + max
                    + (maxInclusive ? "]" : ")") + ", got " + value);
        }
        return value;
    }

    /**
     * The error for a value that could not be read as {@code expected}: for a value of the wrong type,
     * what was expected, the value and where it came from (a file and line, or the --set); otherwise
     * Typesafe's own message, which says what is wrong with the value.
     */
    private SettingsException failure(String path, ConfigException e, String expected) {
        if (!(e instanceof ConfigException.WrongType) || !config.hasPath(path)) {
            // A value of the right type but not usable (a duration's unknown unit): Typesafe says which.
            return new SettingsException(key(path), describe(e), e);
        }
        return new SettingsException(key(path), "expected " + expected + ", got " + rendered(path), e);
    }

    /** The value at {@code path} as written, and where: {@code "abc" (--set trainer.epochs)}. */
    private String rendered(String path) {
        ConfigValue value = config.getValue(path);
        return value.render(ConfigRenderOptions.concise()) + " (" + value.origin().description() + ")";
    }

    private static String describe(ConfigException e) {
        // Typesafe's message already says where (file: line) and what; drop its own path prefix noise.
        return e.getMessage();
    }
}
