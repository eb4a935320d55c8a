package io.pitstop.engine.step;

import io.pitstop.engine.conf.Profile;

import java.nio.file.Path;

/**
 * A heavy resource opened at most once per JVM run and shared by every step that asks for it
 * through {@link StepContext#resource(Class)} — the SparkSession above all. Registered through
 * ServiceLoader (META-INF/services/io.pitstop.engine.step.SharedResource).
 */
public interface SharedResource<T> {

    Class<T> type();

    T open(Profile profile, Path projectDir) throws Exception;

    void close(T resource) throws Exception;
}
