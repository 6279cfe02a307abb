package dev.cfae.engine.backend;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * A class loader that shows ND4J's backend {@code ServiceLoader} exactly one {@code Nd4jBackend}
 * entry and delegates everything else to its parent. A synthetic service file (rather than a
 * filtered list of the real ones) also works when a shaded jar has merged every backend's entry
 * into one file.
 */
final class BackendServiceFilter extends ClassLoader {
    static final String SERVICE = "META-INF/services/org.nd4j.linalg.factory.Nd4jBackend";

    private final URL serviceFile;

    BackendServiceFilter(ClassLoader parent, String backendClass) {
        super(requireNonNull(parent, "parent is null"));
        requireNonNull(backendClass, "backendClass is null");
        byte[] content = (backendClass + "\n").getBytes(UTF_8);
        try {
            serviceFile = new URL(null, "cfae-backend:" + backendClass, new FixedContent(content));
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("not a class name: " + backendClass, e);
        }
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return SERVICE.equals(name) ? Collections.enumeration(List.of(serviceFile)) : super.getResources(name);
    }

    @Override
    public URL getResource(String name) {
        return SERVICE.equals(name) ? serviceFile : super.getResource(name);
    }

    /** The backend classes that the {@code Nd4jBackend} service files visible to {@code loader} list. */
    static List<String> listedBackends(ClassLoader loader) {
        List<String> names = new ArrayList<>();
        try {
            for (URL url : Collections.list(loader.getResources(SERVICE))) {
                try (InputStream in = url.openStream()) {
                    for (String line : new String(in.readAllBytes(), UTF_8).split("\\R")) {
                        int comment = line.indexOf('#');
                        String name = (comment >= 0 ? line.substring(0, comment) : line).trim();
                        if (!name.isEmpty()) {
                            names.add(name);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ND4J backend service files", e);
        }
        return names;
    }

    /** Serves fixed bytes for a synthetic URL. */
    private static final class FixedContent extends URLStreamHandler {
        private final byte[] content;

        FixedContent(byte[] content) {
            this.content = content;
        }

        @Override
        protected URLConnection openConnection(URL url) {
            return new URLConnection(url) {
                @Override
                public void connect() {
                    connected = true;
                }

                @Override
                public InputStream getInputStream() {
                    return new ByteArrayInputStream(content);
                }
            };
        }
    }
}
