package io.pitstop.engine.spec;

import io.pitstop.engine.step.Step;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * The step kinds a pipeline may use, by name ({@code uses: train.network}). In production the kinds
 * come from {@link ServiceLoader} (each steps jar lists its kinds in
 * {@code META-INF/services/io.pitstop.engine.step.Step}); tests name theirs with {@link #of}.
 */
public final class StepCatalog {

    private final TreeMap<String, Step<?>> byKind = new TreeMap<>();

    private StepCatalog(Iterable<? extends Step<?>> steps) {
        for (Step<?> step : steps) {
            Step<?> previous = byKind.putIfAbsent(step.kind(), step);
            if (previous != null) {
                // Two jars claiming one kind is a packaging bug; picking one silently would hide it.
                throw new IllegalStateException("step kind '" + step.kind() + "' is registered twice: by "
                        + previous.getClass().getName() + " and " + step.getClass().getName());
            }
        }
    }

    /** Every step kind on the class path. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static StepCatalog fromServiceLoader() {
        ServiceLoader<Step<?>> loader = (ServiceLoader) ServiceLoader.load(Step.class);
        return new StepCatalog(loader);
    }

    public static StepCatalog of(Step<?>... steps) {
        return new StepCatalog(List.of(steps));
    }

    public Optional<Step<?>> find(String kind) {
        return Optional.ofNullable(byKind.get(kind));
    }

    /** Kind names, sorted. */
    public Set<String> kinds() {
        return java.util.Collections.unmodifiableSet(byKind.keySet());
    }

    /** The steps, sorted by kind. */
    public Collection<Step<?>> steps() {
        return java.util.Collections.unmodifiableCollection(byKind.values());
    }
}
