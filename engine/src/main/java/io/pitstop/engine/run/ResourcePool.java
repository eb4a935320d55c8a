package io.pitstop.engine.run;

import io.pitstop.engine.conf.Profile;
import io.pitstop.engine.step.SharedResource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Opens each {@link SharedResource} at most once, on first use, and closes them in reverse order.
 * This is how every step of a run shares one SparkSession without the engine depending on Spark.
 */
public final class ResourcePool implements AutoCloseable {

    private final Profile profile;
    private final Path projectDir;
    private final Map<Class<?>, SharedResource<?>> factories = new LinkedHashMap<>();
    private final Map<Class<?>, Object> open = new LinkedHashMap<>();

    public ResourcePool(Profile profile, Path projectDir) {
        this.profile = profile;
        this.projectDir = projectDir;
        for (SharedResource<?> r : ServiceLoader.load(SharedResource.class)) factories.put(r.type(), r);
    }

    /** The class of each registered provider, by the type it provides. */
    public synchronized Map<Class<?>, Class<?>> providers() {
        var providers = new LinkedHashMap<Class<?>, Class<?>>();
        factories.forEach((type, factory) -> providers.put(type, factory.getClass()));
        return providers;
    }

    public synchronized <T> T get(Class<T> type) {
        Object existing = open.get(type);
        if (existing != null) return type.cast(existing);
        SharedResource<?> factory = factories.get(type);
        if (factory == null) {
            throw new IllegalStateException("no shared resource provides " + type.getName()
                    + " (is the steps module on the classpath?)");
        }
        try {
            Object resource = factory.open(profile, projectDir);
            open.put(type, resource);
            return type.cast(resource);
        } catch (Exception e) {
            throw new IllegalStateException("cannot open " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public synchronized void close() {
        List<Class<?>> types = new ArrayList<>(open.keySet());
        java.util.Collections.reverse(types);
        for (Class<?> type : types) {
            try {
                ((SharedResource) factories.get(type)).close(open.get(type));
            } catch (Exception e) {
                System.err.println("warning: closing " + type.getSimpleName() + " failed: " + e.getMessage());
            }
        }
        open.clear();
    }
}
