/**
 * The artifacts steps hand each other, each with one owner type: {@link io.pitstop.engine.artifact.Artifact}
 * (an output's name and codec) and the formats the engine's CLI reads too: the data version
 * ({@link io.pitstop.engine.artifact.DataVersion}) and the release lineage
 * ({@link io.pitstop.engine.artifact.ReleaseLineage}). Formats only steps read live in the steps' shared
 * packages; the package layout is {@link io.pitstop.engine.pkg.PackageLayout}.
 */
package io.pitstop.engine.artifact;
