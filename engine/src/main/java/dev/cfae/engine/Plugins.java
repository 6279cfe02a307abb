package dev.cfae.engine;

import dev.cfae.api.config.SettingsException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
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
    private static final String SERVICE_FILE = "META-INF/services/dev.cfae.api.VariantFactory";

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
     * The jars directly inside each of {@code folders}, over {@code parent}. A folder named twice, or
     * a jar reached twice, is loaded once.
     *
     * @throws SettingsException on {@value #KEY} if a folder does not exist or is not a directory, a
     *                           jar cannot be read, or two jars register the same factory class (two
     *                           versions of one plugin: the class loader would silently take the first)
     */
    public static Plugins fromFolders(List<Path> folders, ClassLoader parent) {
        requireNonNull(folders, "folders is null");
        requireNonNull(parent, "parent is null");
        Set<Path> jars = new LinkedHashSet<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(requireNonNull(folder, "folder is null"))) {
                throw new SettingsException(KEY, "plugin folder " + folder + " does not exist or is not a directory");
            }
            jars.addAll(jarsIn(folder));
        }
        Map<String, Path> providers = new HashMap<>();
        for (Path jar : jars) {
            for (String provider : registeredFactories(jar)) {
                Path other = providers.putIfAbsent(provider, jar);
                if (other != null) {
                    throw new SettingsException(KEY, "two plugin jars register the variant factory " + provider + ": "
                            + other + " and " + jar + "; remove one of them");
                }
            }
        }
        return new Plugins(folders, List.copyOf(jars), parent);
    }

    private static List<Path> jarsIn(Path folder) {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, "*.jar")) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry)) {
                    found.add(entry.toAbsolutePath().normalize());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the plugin folder " + folder, e);
        }
        found.sort(null);
        return found;
    }

    /**
     * The factory classes {@code jar} lists in its service file. Opening the jar here also catches an
     * unreadable one, which URLClassLoader would skip silently: a plugin the user named must not vanish.
     */
    private static List<String> registeredFactories(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            JarEntry services = file.getJarEntry(SERVICE_FILE);
            if (services == null) {
                return List.of();
            }
            List<String> names = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(file.getInputStream(services), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    int comment = line.indexOf('#');
                    String name = (comment < 0 ? line : line.substring(0, comment)).trim();
                    if (!name.isEmpty()) {
                        names.add(name);
                    }
                }
            }
            return names;
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
