package dev.cfae.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderClasspath;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigIncluderURL;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import dev.cfae.io.ModelFormatException;

import java.io.File;
import java.net.URL;
import java.nio.file.Path;

/**
 * Parses configuration text stored inside a model file, which is data from wherever the file came
 * from: HOCON {@code include}s (which would read files, class-path resources or URLs) are refused,
 * substitutions may not read the environment, and any problem is a {@link ModelFormatException}
 * naming the model file.
 */
final class StoredConfig {
    private StoredConfig() {
    }

    static Config parse(Path modelFile, String text, String what) {
        ConfigParseOptions options = ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF)
                .setAllowMissing(false).setIncluder(new RefusingIncluder());
        try {
            return ConfigFactory.parseString(text, options)
                    .resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(false));
        } catch (ConfigException e) {
            throw new ModelFormatException(modelFile, "the stored " + what + " cannot be used: " + e.getMessage(), e);
        }
    }

    /** Refuses every form of include: plain, file(), url() and classpath(). */
    private static final class RefusingIncluder
            implements ConfigIncluder, ConfigIncluderFile, ConfigIncluderURL, ConfigIncluderClasspath {
        @Override
        public ConfigIncluder withFallback(ConfigIncluder fallback) {
            return this;
        }

        @Override
        public ConfigObject include(ConfigIncludeContext context, String what) {
            throw refused(what);
        }

        @Override
        public ConfigObject includeFile(ConfigIncludeContext context, File what) {
            throw refused("file(" + what + ")");
        }

        @Override
        public ConfigObject includeURL(ConfigIncludeContext context, URL what) {
            throw refused("url(" + what + ")");
        }

        @Override
        public ConfigObject includeResources(ConfigIncludeContext context, String what) {
            throw refused("classpath(" + what + ")");
        }

        private static ConfigException refused(String what) {
            return new ConfigException.Generic("include " + what + " is not allowed in a model file");
        }
    }
}
