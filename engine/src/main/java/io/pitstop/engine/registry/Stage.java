package io.pitstop.engine.registry;

/** Where a model version stands. Only one version of a model is in PRODUCTION at a time. */
public enum Stage {
    /** Registered, not serving. */
    STAGING,
    PRODUCTION,
    /** Was in production, replaced or rolled back. */
    ARCHIVED
}
