/**
 * {@code release.package} and {@code release.promote}: a signed, verifiable package of the model with
 * its contract, metrics, gate report, lineage and model card, then its registration and promotion in
 * the model registry, with the audit log and the contract compatibility check against the prior release.
 */
package io.pitstop.steps.release;
