package dev.cfae.engine;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Serves one test resource as the {@code VariantFactory} service file, so registry tests exercise
 * {@code ServiceLoader} without a global service file that would leak into the engine's test jar.
 */
final class ServiceFileLoader extends ClassLoader {
    private static final String SERVICE = "META-INF/services/dev.cfae.api.VariantFactory";
    private final URL serviceFile;

    ServiceFileLoader(String resource) {
        super(ServiceFileLoader.class.getClassLoader());
        this.serviceFile = requireNonNull(getParent().getResource(resource), "no test resource " + resource);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return SERVICE.equals(name) ? Collections.enumeration(List.of(serviceFile)) : super.getResources(name);
    }
}
