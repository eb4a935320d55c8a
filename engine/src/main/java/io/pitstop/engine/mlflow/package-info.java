/**
 * The MLflow mirror: runs and releases shown in the MLflow UI users know, over MLflow's REST API
 * ({@link io.pitstop.engine.mlflow.MlflowClient}; no Python, no MLflow jar). Pitstop's run store and
 * registry stay the authority; MLflow gets a copy, and a server that is down never fails a run or a
 * promotion: what it missed is recorded ({@link io.pitstop.engine.mlflow.MirrorBacklog}) and
 * {@code ./pitstop mlflow sync} catches it up. See docs/mlflow.md.
 *
 * <pre>
 * # conf/local.yaml
 * mlflow:
 *   tracking_uri: http://127.0.0.1:5000   # mlflow server --serve-artifacts
 *   experiment: churn                     # default: the pipeline's name
 * </pre>
 */
package io.pitstop.engine.mlflow;
