/**
 * The data steps: {@code data.version} records the dataset with the real {@code dvc} (so the run's
 * lineage names exact bytes that {@code dvc checkout} can bring back; with {@code commit: true} it also
 * commits the .dvc file to Git), {@code data.restore} brings back the version a Git commit's .dvc file
 * records (without switching the branch, md5 checked), {@code data.fetch} checks with {@code dvc status}
 * that the workspace holds the version the current .dvc file records and pulls it when not (or, with
 * {@code pull: false}, only checks), and {@code data.validate} types it by its data contract, runs the
 * contract's checks and anomaly checks with Amazon Deequ before anything trains on it, and profiles it.
 *
 * <pre>
 * steps:
 *   - id: version-data
 *     uses: data.version
 *     with: { source: data/landing/telco_churn.csv, path: data/telco_churn.csv }
 *   - id: validate
 *     uses: data.validate
 *     needs: [version-data]
 *     with: { contract: data-contracts/telco-churn.yaml }
 * </pre>
 *
 * <p>{@link io.pitstop.steps.data.Dvc} runs dvc as a process and turns its failures into a typed
 * {@link io.pitstop.steps.data.DvcException}. Reading a dataset by its contract and checking it with Deequ
 * is shared with scoring, so it lives in {@link io.pitstop.steps.dataset}; the data-version.json these
 * steps write is {@link io.pitstop.engine.artifact.DataVersion}, which the CLI reads too.
 *
 * <p>The project must be a DVC repository ({@code .venv/bin/dvc init}, committed); {@code bin/setup-python}
 * installs the pinned dvc into {@code .venv/}.
 */
package io.pitstop.steps.data;
