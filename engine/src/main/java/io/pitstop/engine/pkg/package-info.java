/**
 * The model package format: a directory that carries a released model and everything needed to
 * trust and use it, with nothing from Spark or DL4J on its classpath.
 *
 * <pre>
 * .pitstop/packages/churn-1.4.0/
 *   checksums.sha256    sha256sum format, every other file, sorted by path ("sha256sum -c" checks it)
 *   manifest.json       format version, model, version, created-at, lineage, params, metrics, files + sizes
 *   model/…             whatever the release step staged: the network, features.json, metrics.json,
 *   contract.yaml       gate-report.json, the data profile, model-card.md …
 * </pre>
 *
 * Written by {@link io.pitstop.engine.pkg.PackageWriter} (atomically, never overwriting a released
 * version), checked by {@link io.pitstop.engine.pkg.PackageVerifier} (every problem, as a value),
 * and opened only through {@link io.pitstop.engine.pkg.ModelPackage#open}, which refuses a package
 * with any problem before anything in it is loaded. The registry records
 * {@link io.pitstop.engine.pkg.ModelPackage#manifestSha256()}, which pins every file through the
 * checksums; a signature over that hash can join the package as one more file later.
 */
package io.pitstop.engine.pkg;
