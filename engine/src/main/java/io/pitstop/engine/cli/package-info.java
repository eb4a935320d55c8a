/**
 * The {@code pitstop} command line: a thin shell over the spec loader, the runner, the run store and
 * the registry, so that a scheduler (cron, Airflow) and a person get the same behaviour and the
 * same record. Its contract with a scheduler is the exit code (see
 * {@link io.pitstop.engine.run.RunOutcome}): 0 done, 1 a step failed (resume it), 2 invalid input
 * and nothing ran, 3 the run stopped on purpose (the quality gate released nothing). Problems in a
 * file are printed one per line as {@code path:line:column: message}, so editors and CI can point
 * at them; anything else the caller got wrong (a missing file, profile or run) is one
 * {@code pitstop: ...} line naming what does exist.
 *
 * <p>Paths to pipeline files are relative to {@code --project} (default: the current directory),
 * the same way runs record them. Step kinds are found through {@link java.util.ServiceLoader}.
 *
 * <pre>
 * $ ./pitstop check pipelines/telco-churn.yaml
 * pipelines/telco-churn.yaml: ok (6 steps: data -> validate -> train -> evaluate -> gate -> release)
 * $ ./pitstop run pipelines/telco-churn.yaml --profile local
 * $ ./pitstop runs list
 * $ ./pitstop runs show r20261122-204250-9bb1 --json
 * $ ./pitstop resume r20261122-204250-9bb1
 * </pre>
 */
package io.pitstop.engine.cli;
