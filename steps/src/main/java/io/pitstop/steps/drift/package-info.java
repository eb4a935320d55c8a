/**
 * Drift: how far new data has moved from a stored {@link io.pitstop.steps.profile.DatasetProfile},
 * with thresholds from the contract's {@code drift:} section. Batch scoring compares its input with
 * the training profile shipped in the model package.
 */
package io.pitstop.steps.drift;
