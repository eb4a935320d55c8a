/**
 * {@code ./pitstop report}: what a report is drawn from ({@link io.pitstop.engine.report.ReportSources}) and
 * the interface of the writer the step side provides ({@link io.pitstop.engine.report.ReportWriter}).
 *
 * <pre>
 * ./pitstop report r20261207-041511-7d7a          # a run: its curves, evaluation, gate, profile and drift
 * ./pitstop report churn 1.0.0 --out churn.html   # a released version, from its verified package
 * </pre>
 */
package io.pitstop.engine.report;
