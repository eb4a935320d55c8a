/**
 * The HTML page of {@code ./pitstop report}: {@link io.pitstop.steps.report.HtmlReportWriter}, the engine's
 * {@link io.pitstop.engine.report.ReportWriter}, found through {@code ServiceLoader}. Not a step kind: a
 * shared package that reads what the step kinds recorded through the types that own each format
 * ({@code metrics}, {@code artifact}, {@code profile}, {@code drift}), and draws every chart as inline SVG
 * ({@code LineChart}, {@code BarChart}), one class per section of the page. It loads no model and starts
 * no Spark.
 *
 * <pre>
 * ./pitstop report r20261207-041511-7d7a   # .pitstop/reports/r20261207-041511-7d7a.html
 * ./pitstop report churn 1.0.0             # .pitstop/reports/churn-1.0.0.html
 * </pre>
 */
package io.pitstop.steps.report;
