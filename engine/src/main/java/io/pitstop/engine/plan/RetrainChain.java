package io.pitstop.engine.plan;

import io.pitstop.engine.spec.PipelineSpec;

import java.util.List;
import java.util.Set;

/**
 * The one place that decides which step kinds form the retrain/release chain: the kinds of the
 * families {@code train}, {@code evaluate} and {@code release} (train, evaluate, gate, package,
 * promote). A retrain policy that held nothing, or a gate that said no, skips them, and a step after
 * them that consumes nothing of theirs (scoring with the production model) may still run.
 * <p>
 * Every other kind produces or checks data ({@code data.version}, {@code data.validate}, a fetch, a
 * candidate preflight score...). When one of those was skipped, a step after it would read whatever
 * an earlier night left at the path it names ({@code input: data/nightly.csv}), so it must not run:
 * <pre>
 * - id: score
 *   uses: score.batch
 *   needs: [fetch-nightly, promote]   # skipped promote: runs; skipped fetch-nightly: refused
 *   with: { model: production, input: data/nightly.csv }
 * </pre>
 * {@code pitstop step --when-upstream-skipped} and the Airflow export ({@code runs_when_upstream_skipped},
 * trigger rule {@code none_failed}) both ask this class.
 */
public final class RetrainChain {

    /** The kind families of the chain: the part of a kind before its first dot. */
    public static final Set<String> FAMILIES = Set.of("train", "evaluate", "release");

    private RetrainChain() {
    }

    /** Whether a step of this kind ({@code uses:}) belongs to the retrain/release chain. */
    public static boolean contains(String kind) {
        int dot = kind.indexOf('.');
        return dot > 0 && FAMILIES.contains(kind.substring(0, dot));
    }

    /** Of the given steps of the pipeline, those outside the chain, in the order given. */
    public static List<String> outside(PipelineSpec spec, List<String> stepIds) {
        return stepIds.stream().filter(id -> !contains(spec.step(id).orElseThrow().uses())).toList();
    }
}
