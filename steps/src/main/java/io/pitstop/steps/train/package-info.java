/**
 * {@code train.network}: key-hashed split, feature transform fitted on the training split, a DL4J
 * feed-forward network trained in the driver JVM with seeded shuffling and optional early stopping.
 *
 * <pre>
 * - id: train
 *   uses: train.network
 *   needs: [validate]           # reads its "validated" Parquet output
 *   with:
 *     label: churn
 *     positive: "Yes"
 *     key: customer_id
 *     features: { categorical: [contract], numeric: [tenure] }
 *     split: { test: 0.2, validation: 0.1 }
 *     network: { hidden: [32, 16], activation: relu, learning_rate: 0.005, epochs: 30,
 *                batch_size: 128, l2: 0.0001, dropout: 0.0, patience: 5 }
 * </pre>
 * Outputs: {@code model} (directory with model.zip, features.json, model.json), {@code train_split},
 * {@code validation_split}, {@code test_split} (Parquet directories).
 */
package io.pitstop.steps.train;
