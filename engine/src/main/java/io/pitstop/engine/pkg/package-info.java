/**
 * The model package format: a directory that carries a released model and everything needed to
 * trust and use it, with nothing from Spark or DL4J on its classpath.
 *
 * <pre>
 * .pitstop/packages/churn-1.4.0/
 *   checksums.sha256          sha256sum format, every other file, sorted by path ("sha256sum -c" checks it)
 *   checksums.sha256.minisig  the release key's signature of it ("minisign -Vm checksums.sha256 -p key" checks it)
 *   signing.pub               the release key in minisign's format
 *   manifest.json             format version, model, version, created-at, lineage, params, metrics, files + sizes
 *   model/…             whatever the release step staged: the network, features.json, metrics.json,
 *   contract.yaml       gate-report.json, the data profile, model-card.md …
 * </pre>
 *
 * Written by {@link io.pitstop.engine.pkg.PackageWriter} (atomically, never overwriting a released
 * version), checked by {@link io.pitstop.engine.pkg.PackageVerifier} (every problem, as a value),
 * and opened only through {@link io.pitstop.engine.pkg.ModelPackage#open}, which refuses a package
 * with any problem before anything in it is loaded. The registry records
 * {@link io.pitstop.engine.pkg.ModelPackage#manifestSha256()}, which pins every file through the
 * checksums, which the signature covers ({@link io.pitstop.engine.pkg.SignatureScheme}).
 */
package io.pitstop.engine.pkg;
