/**
 * The artifacts steps hand each other, each with one owner type: {@link io.pitstop.engine.artifact.Artifact}
 * (an output's name and codec, read through {@link io.pitstop.engine.step.Upstream#read}) and the formats
 * the engine's CLI reads too: the data version ({@link io.pitstop.engine.artifact.DataVersion}), the release
 * lineage ({@link io.pitstop.engine.artifact.ReleaseLineage}), the outputs of packaging
 * ({@link io.pitstop.engine.artifact.PackageOutputs}) and the reproduction report
 * ({@link io.pitstop.engine.artifact.ReproductionReport}). The package's own layout is
 * {@link io.pitstop.engine.pkg.PackageLayout}. Formats only steps read live in the steps' shared packages
 * ({@code io.pitstop.steps.metrics}, {@code .dataset}, {@code .artifact}, {@code .model}).
 */
package io.pitstop.engine.artifact;
