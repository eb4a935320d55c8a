package io.pitstop.engine.spec;

/**
 * When a scheduled run should retrain: the optional {@code retrain_when:} block of a pipeline file,
 * evaluated by {@code ./pitstop should-retrain} (the first task of an exported DAG) before any step runs.
 * Any condition that holds means retrain; a condition left out (null) is not evaluated. Without the block
 * a pipeline runs every time, as before.
 *
 * <pre>
 * retrain_when:
 *   input_psi_above: 0.2                 # drift: the newest scoring run's largest input PSI
 *   prediction_psi_above: 0.25           # drift of the scores against the scoring run before
 *   realised_auc_below: 0.70             # realised AUC of the production version
 *   realised_auc_below_offline_by: 0.05  # realised AUC this far below the release's test AUC
 *   min_judged: 30                       # fewer judged outcomes are not evidence (default 30)
 *   rows_changed_above: 500              # rows now against the rows production was trained on
 *   model_older_than_days: 30            # since the production version was registered
 *   always: false                        # true: every run retrains (the other conditions are still reported)
 * </pre>
 */
public record RetrainPolicy(Double inputPsiAbove, Double predictionPsiAbove, Double realisedAucBelow,
                            Double realisedAucBelowOfflineBy, int minJudged, Long rowsChangedAbove,
                            Integer modelOlderThanDays, boolean always) {

    public static final int DEFAULT_MIN_JUDGED = 30;
}
