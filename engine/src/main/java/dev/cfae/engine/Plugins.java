package dev.cfae.engine;

import dev.cfae.api.config.SettingsException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

import static java.util.Objects.requireNonNull;

/**
 * The class loader that variants are found through: the application's own loader (the built-in
 * variants), plus the jars in plugin folders the user named, and nothing else. No folder is ever
 * scanned unless named, and only the {@code *.jar} files directly inside a named folder are loaded
 * (not sub-folders), in name order, by one {@link URLClassLoader} whose parent is the application's
 * loader. Plugins are code: they run with the application's rights, so name only folders whose jars
 * you trust.
 */
public final class Plugins {
    /** The configuration key listing plugin folders; the CLI's {@code --plugins DIR} adds to it. */
    public static final String KEY = "cfae.plugins";
    /** The {@link #source} of a class that does not come from a plugin jar. */
    public static final String BUILT_IN = "built-in";

    private final List<Path> folders;
    private final List<Path> jars;
    private final ClassLoader classLoader;
    private final URLClassLoader pluginLoader;

    private Plugins(List<Path> folders, List<Path> jars, ClassLoader parent) {
        this.folders = List.copyOf(folders);
        this.jars = List.copyOf(jars);
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("cannot address the plugin jar " + jars.get(i), e);
            }
        }
        this.pluginLoader = urls.length == 0 ? null : new URLClassLoader("cfae-plugins", urls, parent);
        this.classLoader = pluginLoader == null ? parent : pluginLoader;
    }

    /** No plugins: the variants {@code loader} sees, all counted as built-in. */
    public static Plugins builtIn(ClassLoader loader) {
        return new Plugins(List.of(), List.of(), requireNonNull(loader, "loader is null"));
    }

    /**
     * The jars directly inside each of {@code folders}, over {@code parent}.
     *
     * @throws SettingsException on {@value #KEY} if a folder does not exist or is not a directory
     */
    public static Plugins fromFolders(List<Path> folders, ClassLoader parent) {
        requireNonNull(folders, "folders is null");
        requireNonNull(parent, "parent is null");
        List<Path> jars = new ArrayList<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(requireNonNull(folder, "folder is null"))) {
                throw new SettingsException(KEY, "plugin folder " + folder + " does not exist or is not a directory");
            }
            jars.addAll(jarsIn(folder));
        }
        return new Plugins(folders, jars, parent);
    }

    private static List<Path> jarsIn(Path folder) {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, "*.jar")) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry)) {
                    found.add(requireReadableJar(entry.toAbsolutePath().normalize()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the plugin folder " + folder, e);
        }
        found.sort(null);
        return found;
    }

    // URLClassLoader silently skips a jar it cannot open; a plugin the user named must not vanish quietly.
    private static Path requireReadableJar(Path jar) {
        try (JarFile ignored = new JarFile(jar.toFile())) {
            return jar;
        } catch (IOException e) {
            throw new SettingsException(KEY, "plugin jar " + jar + " cannot be read as a jar: " + e.getMessage(), e);
        }
    }

    /** The loader that sees the built-in variants and every plugin jar; it also finds their reference.conf. */
    public ClassLoader classLoader() {
        return classLoader;
    }

    /** The plugin folders, as named. */
    public List<Path> folders() {
        return folders;
    }

    /** The plugin jars found in them, absolute, in load order. */
    public List<Path> jars() {
        return jars;
    }

    /** The plugin jar that defined {@code type}, as a path, or {@value #BUILT_IN}. */
    public String source(Class<?> type) {
        requireNonNull(type, "type is null");
        if (pluginLoader == null || type.getClassLoader() != pluginLoader) {
            return BUILT_IN;
        }
        CodeSource codeSource = type.getProtectionDomain().getCodeSource();
        if (codeSource == null || codeSource.getLocation() == null) {
            return "a plugin jar";
        }
        try {
            return Path.of(codeSource.getLocation().toURI()).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return codeSource.getLocation().toString();
        }
    }
}
