package dev.cfae.app.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import dev.cfae.engine.Plugins;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A checked configuration together with the plugins it was checked with. The plugin folders are
 * {@code cfae.plugins} plus those named on the command line; their jars' {@code reference.conf}
 * blocks join the defaults, so a plugin variant's keys are known keys.
 *
 * @param resolved the configuration; its {@code cfae.plugins} lists every plugin folder used
 * @param plugins  the class loader over the built-in variants and the plugin jars
 */
public record LoadedConfig(Config resolved, Plugins plugins) {
    public LoadedConfig {
        requireNonNull(resolved, "resolved is null");
        requireNonNull(plugins, "plugins is null");
    }

    /** From an optional user file, {@code --set} overrides and the {@code --plugins} folders. */
    public static LoadedConfig load(Path userFile, List<String> overrides, List<Path> pluginFolders) {
        return load(ConfigLoader.readUserFile(userFile), overrides, pluginFolders);
    }

    /** From a parsed user configuration, overrides and further plugin folders. */
    public static LoadedConfig load(Config user, List<String> overrides, List<Path> pluginFolders) {
        requireNonNull(pluginFolders, "pluginFolders is null");
        List<Path> folders = new ArrayList<>(ConfigLoader.pluginFolders(user, overrides));
        folders.addAll(pluginFolders);
        Plugins plugins = Plugins.fromFolders(folders, LoadedConfig.class.getClassLoader());
        Config resolved = new ConfigLoader(plugins.classLoader()).load(user, overrides)
                .withValue(Plugins.KEY, ConfigValueFactory.fromIterable(folders.stream().map(Path::toString).toList()));
        return new LoadedConfig(resolved, plugins);
    }
}
