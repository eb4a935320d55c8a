package io.pitstop.engine.init;

import java.util.Locale;

/**
 * The pipeline {@code init} writes ({@code pipelines/<name>.yaml}), the demo's shape: version the
 * data, validate it, train, evaluate, gate, package, rehearse scoring (preflight), promote, score. Sizes suit the data:
 * <ul>
 *   <li>a network of [16, 8] units and batches of 32 under {@value #SMALL_ROWS} rows, [32, 16] and 128
 *       above; 30 epochs with early stopping after 5 without progress;</li>
 *   <li>gate floors a model must clear to be better than knowing nothing: AUC 0.6 (chance is 0.5) for
 *       binary; for multiclass an accuracy a quarter of the way from always answering the commonest
 *       class to perfect; R² 0.1 (the mean alone scores 0) for regression. A retrain may lose at most
 *       0.05 of that metric against the production model.</li>
 * </ul>
 */
final class PipelineDraft {

    /** Below this many rows the network and its batches are small. */
    static final long SMALL_ROWS = 5_000;

    private PipelineDraft() {
    }

    /**
     * @param source the data file as the pipeline names it (project-relative), copied over {@code tracked}
     *               by {@code data.version}; null when the file is {@code tracked} itself
     * @param tracked the project-relative file DVC versions and the model trains on
     */
    static String write(DatasetDesign d, String source, String tracked, String contract) {
        var out = new StringBuilder();
        DataSketch s = d.sketch();
        String label = d.label().name();
        out.append("# yaml-language-server: $schema=pipeline.schema.json\n");
        out.append("# Written by ./pitstop init from ").append(source == null ? tracked : source)
                .append(". Check it with ./pitstop check, run it with ./pitstop run.\n");
        out.append("pipeline: ").append(d.name()).append('\n');
        out.append("description: ").append(YamlText.quoted("Predicts " + label + " (" + d.task().yamlName() + ") from "
                + (d.categorical().size() + d.numeric().size()) + " columns of " + tracked + ".")).append('\n');
        out.append("seed: 42\n");
        out.append("model:\n");
        out.append("  name: ").append(d.name()).append('\n');
        out.append("  owner: unassigned            # who answers for this model\n");
        out.append("  description: ").append(YamlText.quoted(task(d) + ".")).append('\n');
        if (d.task() == DatasetDesign.Task.BINARY) {
            out.append("  decision_threshold: 0.5       # score >= this is a positive decision: evaluation, gate, scoring\n");
        }
        out.append("  intended_use: \"Not yet stated: say what the predictions are for, and what not.\"\n");
        out.append("  limitations: ").append(YamlText.quoted("Trained on one snapshot of " + s.rows() + " rows ("
                + tracked + ").")).append('\n');
        out.append("steps:\n");
        out.append("  - id: version-data\n    uses: data.version\n    with:\n");
        if (source != null) out.append("      source: ").append(YamlText.quoted(source)).append('\n');
        out.append("      path: ").append(YamlText.quoted(tracked)).append("\n\n");

        out.append("  - id: validate\n    uses: data.validate\n    needs: [version-data]\n    with:\n");
        out.append("      contract: ").append(YamlText.quoted(contract)).append("\n\n");

        out.append("  - id: train\n    uses: train.network\n    needs: [validate]\n    with:\n");
        out.append("      task: ").append(d.task().yamlName()).append('\n');
        out.append("      label: ").append(YamlText.name(label)).append('\n');
        switch (d.task()) {
            case BINARY -> {
                var counts = d.label().valueCounts();
                out.append("      positive: ").append(YamlText.quoted(d.positive())).append("   # the rarer value: ")
                        .append(counts.get(d.positive())).append(" of ").append(s.rows() - d.label().nulls())
                        .append(" rows\n");
            }
            case MULTICLASS -> out.append("      classes: ").append(YamlText.values(d.classes())).append('\n');
            case REGRESSION -> {
            }
        }
        out.append("      key: ").append(YamlText.name(d.key()))
                .append(d.derivedKey() ? "   # derived in the contract: a hash of every column but the label\n" : "\n");
        out.append("      features:\n");
        out.append("        categorical: ").append(YamlText.names(d.categorical())).append('\n');
        out.append("        numeric: ").append(YamlText.names(d.numeric())).append('\n');
        d.excluded().forEach((column, why) -> out.append("        # not a feature: ").append(column).append(" (")
                .append(why).append(")\n"));
        boolean small = s.rows() < SMALL_ROWS;
        out.append("      split: { test: 0.2, validation: 0.1 }\n");
        out.append("      network:\n");
        out.append("        hidden: ").append(small ? "[16, 8]" : "[32, 16]").append('\n');
        out.append("        activation: relu\n");
        out.append("        learning_rate: ").append(small ? "0.01" : "0.005").append('\n');
        out.append("        epochs: 30\n");
        out.append("        batch_size: ").append(small ? "32" : "128").append('\n');
        out.append("        l2: 0.0001\n");
        out.append("        patience: 5          # stop after 5 epochs without a lower validation loss; keep the best\n\n");

        out.append("  - id: evaluate\n    uses: evaluate.classifier\n    needs: [train]\n");
        out.append('\n');

        out.append("  - id: gate\n    uses: release.gate\n    needs: [evaluate, validate]\n    with:\n");
        switch (d.task()) {
            case BINARY -> out.append("      floors: { auc: 0.6 }          # chance is 0.5\n")
                    .append("      max_regression: { auc: 0.05 }\n");
            case MULTICLASS -> {
                double majority = d.majorityShare();
                double floor = Math.floor((majority + (1 - majority) * 0.25) * 100) / 100;
                out.append("      floors: { accuracy: ").append(String.format(Locale.ROOT, "%.2f", floor))
                        .append(" }   # always answering the commonest class scores ")
                        .append(String.format(Locale.ROOT, "%.3f", majority)).append('\n')
                        .append("      max_regression: { accuracy: 0.05 }\n");
            }
            case REGRESSION -> out.append("      floors: { r2: 0.1 }           # predicting the mean scores 0\n")
                    .append("      max_regression: { r2: 0.05 }\n");
        }
        out.append("      budgets:\n        max_model_bytes: 1000000\n        max_scoring_ms_per_thousand_rows: 100\n\n");

        out.append("  - id: package\n    uses: release.package\n    needs: [gate]\n\n");
        // Scoring rehearsed with the new package before promotion: production never holds a model that
        // cannot score the data it was trained on (a contract or drift failure stops the run here).
        String table = YamlText.quoted(".pitstop/tables/" + d.dataset() + "_predictions");
        out.append("  # Scores the training data with the new package before it can reach production; writes nothing.\n");
        out.append("  - id: preflight\n    uses: score.batch\n    needs: [package]\n    with:\n      model: candidate\n");
        out.append("      input: ").append(YamlText.quoted(tracked)).append('\n');
        out.append("      table: ").append(table).append("\n\n");
        out.append("  - id: promote\n    uses: release.promote\n    needs: [preflight]\n    with:\n      to: production\n\n");
        out.append("  - id: score\n    uses: score.batch\n    needs: [promote]\n    with:\n");
        out.append("      input: ").append(YamlText.quoted(tracked)).append('\n');
        out.append("      table: ").append(table).append('\n');
        return out.toString();
    }

    private static String task(DatasetDesign d) {
        return switch (d.task()) {
            case BINARY -> "Probability that " + d.label().name() + " is " + d.positive();
            case MULTICLASS -> "Which of " + d.classes().size() + " classes " + d.label().name() + " is";
            case REGRESSION -> "The expected value of " + d.label().name();
        };
    }
}
