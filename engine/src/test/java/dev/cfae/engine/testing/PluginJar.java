package dev.cfae.engine.testing;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Builds a plugin jar in a test, without Maven: compiles Java sources with {@code javax.tools}
 * against the test's own class path and packs the classes with the given resources (a
 * {@code META-INF/services} file, a {@code reference.conf}). So a test can prove that a jar the
 * application was not built with is found, configured and trained.
 */
public final class PluginJar {
    private final Map<String, String> sources = new TreeMap<>();
    private final Map<String, byte[]> resources = new TreeMap<>();

    /** Adds a source file by its binary class name, e.g. {@code com.example.MyFactory}. */
    public PluginJar source(String className, String code) {
        sources.put(requireNonNull(className, "className is null"), requireNonNull(code, "code is null"));
        return this;
    }

    /** Adds every {@code .java} file under {@code root} (a Maven {@code src/main/java}). */
    public PluginJar sourceTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String relative = root.relativize(file).toString().replace('\\', '/');
                source(relative.substring(0, relative.length() - ".java".length()).replace('/', '.'),
                        Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Adds a resource at {@code path} inside the jar. */
    public PluginJar resource(String path, String content) {
        resources.put(requireNonNull(path, "path is null"), content.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** Adds every file under {@code root} (a Maven {@code src/main/resources}) as a resource. */
    public PluginJar resourceTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                resources.put(root.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /**
     * Compiles the sources (annotation processors off: service files come as resources) and writes
     * the jar.
     *
     * @throws IllegalStateException with the compiler's messages if compilation fails
     */
    public Path writeTo(Path jar) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("no Java compiler: run the tests on a JDK, not a JRE");
        }
        Map<String, byte[]> classes = new TreeMap<>();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager standard = compiler.getStandardFileManager(diagnostics, null,
                StandardCharsets.UTF_8)) {
            ForwardingJavaFileManager<StandardJavaFileManager> inMemory =
                    new ForwardingJavaFileManager<>(standard) {
                        @Override
                        public JavaFileObject getJavaFileForOutput(Location location, String className,
                                JavaFileObject.Kind kind, FileObject sibling) {
                            return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/')
                                    + kind.extension), kind) {
                                @Override
                                public OutputStream openOutputStream() {
                                    return new ByteArrayOutputStream() {
                                        @Override
                                        public void close() {
                                            classes.put(className.replace('.', '/') + ".class", toByteArray());
                                        }
                                    };
                                }
                            };
                        }
                    };
            List<JavaFileObject> units = new ArrayList<>();
            sources.forEach((name, code) -> units.add(new SimpleJavaFileObject(
                    URI.create("string:///" + name.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return code;
                }
            }));
            List<String> options = List.of("-proc:none", "--release", "17", "-classpath",
                    System.getProperty("java.class.path"));
            boolean compiled = units.isEmpty()
                    || compiler.getTask(null, inMemory, diagnostics, options, null, units).call();
            if (!compiled) {
                throw new IllegalStateException("the plugin sources do not compile:\n" + diagnostics.getDiagnostics()
                        .stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR).map(Object::toString)
                        .collect(Collectors.joining("\n")));
            }
        }
        Files.createDirectories(jar.toAbsolutePath().getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Map<String, byte[]> entries : List.of(classes, resources)) {
                for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                    out.putNextEntry(new JarEntry(entry.getKey()));
                    out.write(entry.getValue());
                    out.closeEntry();
                }
            }
        }
        return jar;
    }
}
