package io.pitstop.engine.init;

import io.pitstop.engine.contract.ColumnType;

import java.util.List;

/**
 * The data contract {@code init} writes ({@code data-contracts/<name>.yaml}): every column with the
 * type the reader will parse it as and whether it may be empty, and checks that hold on the file:
 * <ul>
 *   <li>the key unique;</li>
 *   <li>a row-count floor of half the rows seen: a much smaller extract means a broken export;</li>
 *   <li>a classification label's values (error: a new class cannot be learnt);</li>
 *   <li>the values of codes and of string columns Deequ judged categorical (warning: the model scores
 *       an unseen value through its unseen bucket, so a new value is worth a look, not a stop);</li>
 *   <li>a widened range for numeric columns ({@link WidenedRange});</li>
 *   <li>Deequ's completeness floor for columns with empty values (warning).</li>
 * </ul>
 */
final class ContractDraft {

    private ContractDraft() {
    }

    static String write(DatasetDesign d, String dataFile) {
        DataSketch s = d.sketch();
        var out = new StringBuilder();
        out.append("# yaml-language-server: $schema=contract.schema.json\n");
        out.append("# Written by ./pitstop init from ").append(dataFile).append(" (").append(s.rows()).append(" rows, ")
                .append(s.columns().size()).append(" columns).\n")
                .append("# Every check below held on that file; review the ranges and allowed values against what you\n")
                .append("# know of the data before relying on them.\n");
        out.append("dataset: ").append(d.dataset()).append('\n');
        out.append("description: ").append(YamlText.quoted("The data in " + dataFile + "; " + d.label().name()
                + " is the label.")).append('\n');
        out.append("columns:\n");
        for (ColumnSketch c : s.columns()) {
            out.append("  - { name: ").append(YamlText.name(c.name())).append(", type: ")
                    .append(d.declaredType(c).yamlName()).append(", nullable: ").append(c.nulls() > 0).append(" }");
            String note = columnNote(d, c);
            if (!note.isEmpty()) out.append("   # ").append(note);
            out.append('\n');
        }
        if (d.derivedKey()) {
            out.append("  # No column identifies a row, so the key is derived: a stable hash of every column but the label\n")
                    .append("  # (no two rows of ").append(dataFile).append(" are equal in all of them).\n");
            out.append("  - { name: ").append(YamlText.name(d.key())).append(", type: string, nullable: false, derived: { hash_of: ")
                    .append(YamlText.names(d.keyHashOf())).append(" } }\n");
        }

        out.append("checks:\n");
        out.append("  - { kind: unique, column: ").append(YamlText.name(d.key())).append(" }   # the key\n");
        long floor = Math.max(1, (s.rows() + 1) / 2);
        out.append("  - { kind: row_count, min: ").append(floor).append(" }   # half the ").append(s.rows())
                .append(" rows init saw: far fewer means a broken export\n");
        if (d.task() == DatasetDesign.Task.REGRESSION) {
            appendRange(out, d.label(), "the label");
        } else {
            out.append("  - { kind: allowed_values, column: ").append(YamlText.name(d.label().name())).append(", values: ")
                    .append(YamlText.values(List.copyOf(d.label().valueCounts().keySet()))).append(" }   # the label's classes\n");
        }
        for (ColumnSketch c : s.columns()) {
            if (c == d.label() || c.name().equals(d.key())) continue;
            boolean code = d.codes().contains(c.name());
            if (code || (c.type() == ColumnType.STRING && c.categorical() && !c.valueCounts().isEmpty())) {
                out.append("  - { kind: allowed_values, column: ").append(YamlText.name(c.name())).append(", values: ")
                        .append(YamlText.values(List.copyOf(c.valueCounts().keySet()))).append(", severity: warning }\n");
            } else if (c.numeric() && c.min() != null) {
                appendRange(out, c, "");
            }
        }
        for (ColumnSketch c : s.columns()) {
            if (c.completenessFloor() == null) continue;
            out.append("  - { kind: completeness, column: ").append(YamlText.name(c.name())).append(", min: ")
                    .append(c.completenessFloor()).append(", severity: warning }   # ")
                    .append(String.format(java.util.Locale.ROOT, "%.3f", 1 - c.nulls() / (double) s.rows()))
                    .append(" in the file\n");
        }
        out.append("# Drift of new data against the training profile uses the default thresholds; see docs/data.md (Drift).\n");
        return out.toString();
    }

    private static String columnNote(DatasetDesign d, ColumnSketch c) {
        if (c == d.label()) {
            return "the label" + (d.codes().contains(c.name()) ? ", integer classes read as text" : "");
        }
        if (c.name().equals(d.key())) return "the key";
        if (d.codes().contains(c.name())) {
            return "an integer code with " + c.distinct() + " values: read as text, one-hot encoded";
        }
        return "";
    }

    private static void appendRange(StringBuilder out, ColumnSketch c, String note) {
        if (c.min() == null) return;
        WidenedRange r = WidenedRange.of(c.min(), c.max(), c.nonNegative());
        out.append("  - { kind: range, column: ").append(YamlText.name(c.name())).append(", min: ")
                .append(WidenedRange.text(r.min())).append(", max: ").append(WidenedRange.text(r.max())).append(" }   # ")
                .append(note.isEmpty() ? "" : note + "; ").append(number(c.min())).append("..").append(number(c.max()))
                .append(" in the file\n");
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
