package dev.cfae.app;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No Java serialization and no code evaluation anywhere in cfae: every compiled class of every
 * module (api, engine, io, variants, app, as found on the test class path) is checked. No class
 * may be Serializable, except exceptions and enums, which are by inheritance and never read back
 * (and enums would deserialize by name only). No class
 * may refer to ObjectInputStream or ObjectOutputStream, XMLDecoder, or a script engine; class-file
 * constant pools name every class a class uses, so a byte search finds any use.
 */
final class NoJavaSerializationTest {
    private static final List<String> FORBIDDEN = List.of("java/io/ObjectInputStream", "java/io/ObjectOutputStream",
            "java/beans/XMLDecoder", "javax/script/");

    private static final Map<String, byte[]> CLASSES = new LinkedHashMap<>();

    @BeforeAll
    static void collectCfaeClasses() throws IOException {
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path) && !path.toString().contains("test-classes")) {
                try (Stream<Path> files = Files.walk(path)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                        String name = path.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                        if (name.startsWith("dev/cfae/")) {
                            CLASSES.put(name, Files.readAllBytes(file));
                        }
                    }
                }
            } else if (path.getFileName().toString().matches("cfae-.*\\.jar") && !path.toString().contains("tests")) {
                try (JarFile jar = new JarFile(path.toFile())) {
                    for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                        JarEntry jarEntry = entries.nextElement();
                        if (jarEntry.getName().startsWith("dev/cfae/") && jarEntry.getName().endsWith(".class")) {
                            try (InputStream in = jar.getInputStream(jarEntry)) {
                                CLASSES.put(jarEntry.getName(), in.readAllBytes());
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void everyModuleIsScanned() {
        for (String module : List.of("api", "engine", "io", "variants", "app")) {
            assertThat(CLASSES.keySet()).as(module).anyMatch(name -> name.startsWith("dev/cfae/" + module + "/"));
        }
        assertThat(CLASSES).hasSizeGreaterThan(100);
    }

    @Test
    void noClassIsSerializableExceptExceptionsAndEnums() throws ClassNotFoundException {
        List<String> serializable = new ArrayList<>();
        ClassLoader loader = getClass().getClassLoader();
        for (String file : CLASSES.keySet()) {
            Class<?> type = Class.forName(file.substring(0, file.length() - ".class".length()).replace('/', '.'), false,
                    loader);
            boolean inherited = Throwable.class.isAssignableFrom(type) || Enum.class.isAssignableFrom(type);
            if (Serializable.class.isAssignableFrom(type) && !inherited) {
                serializable.add(type.getName());
            }
        }
        assertThat(serializable).isEmpty();
    }

    @Test
    void noClassUsesObjectStreamsOrEvaluatesCode() {
        List<String> offenders = new ArrayList<>();
        for (Map.Entry<String, byte[]> entry : CLASSES.entrySet()) {
            String constants = new String(entry.getValue(), StandardCharsets.ISO_8859_1);
            for (String forbidden : FORBIDDEN) {
                if (constants.contains(forbidden)) {
                    offenders.add(entry.getKey() + " uses " + forbidden);
                }
            }
        }
        assertThat(offenders).isEmpty();
    }
}
