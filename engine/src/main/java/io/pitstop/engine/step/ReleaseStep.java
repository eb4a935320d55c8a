package io.pitstop.engine.step;

/**
 * A step kind that decides or records a release in the model registry (a gate, packaging,
 * promotion). {@code ./pitstop reproduce} leaves such steps out of a rebuild: a reproduction rebuilds
 * the model and compares it, and must not register or promote anything.
 */
public interface ReleaseStep {
}
