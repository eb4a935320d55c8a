/**
 * Environment profiles ({@code conf/<name>.yaml}): where the store, the Spark master and shared data
 * live for one environment, so that the same pipeline file runs on a laptop and on a cluster. Also
 * which paths a pipeline may name ({@link io.pitstop.engine.conf.ProjectPaths}).
 *
 * <pre>
 * # conf/local.yaml
 * state_dir: .pitstop
 * store: { url: jdbc:sqlite:.pitstop/pitstop.db }
 * spark: { master: "local[2]" }
 * </pre>
 */
package io.pitstop.engine.conf;
