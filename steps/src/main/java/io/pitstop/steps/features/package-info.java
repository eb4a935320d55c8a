/**
 * Feature encoding shared by training and scoring: {@link io.pitstop.steps.features.FeatureSpec}
 * declares the columns, {@link io.pitstop.steps.features.FeatureTransform} is fitted on the training
 * split and stored as {@code features.json} beside the network, so scoring can never encode a row
 * differently from training.
 *
 * <pre>
 * features:
 *   categorical: [contract, internet_service]   # one-hot + unseen + missing slots
 *   numeric: [tenure, total_charges]             # (x - mean) / std, missing = mean
 * </pre>
 */
package io.pitstop.steps.features;
