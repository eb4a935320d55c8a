/**
 * Reading and checking datasets by their data contract, shared by the step kinds that read data
 * (validation, scoring, training, project setup): {@link io.pitstop.steps.dataset.DatasetReader} reads CSV by
 * the contract's columns and names every wrong column or unparsable value; {@link io.pitstop.steps.dataset.CsvHeader}
 * and {@link io.pitstop.steps.dataset.CsvLayout} read a file's header and shape; {@link io.pitstop.steps.dataset.ContractChecks}
 * compiles a contract into Deequ checks run in one VerificationSuite pass (all Scala interop lives in the
 * package-private {@code Deequ} facade); {@link io.pitstop.steps.dataset.VerificationReport} is the
 * {@code validation_report} the gate and the package read; {@link io.pitstop.steps.dataset.MetricHistory} keeps
 * each dataset's metrics across runs for the contract's {@code anomalies}; {@link io.pitstop.steps.dataset.ValidatedData}
 * and {@link io.pitstop.steps.dataset.Splits} own the outputs validation and training hand on.
 */
package io.pitstop.steps.dataset;
