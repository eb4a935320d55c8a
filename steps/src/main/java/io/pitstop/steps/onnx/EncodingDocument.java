package io.pitstop.steps.onnx;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * {@code features.json} at a package's root: how the package's {@code model.onnx} reads its inputs and what it
 * returns, for someone scoring without Pitstop. Every number the encoding uses is here (means, standard
 * deviations, category levels, slot positions), with the rules for missing and unseen values and the ONNX
 * names and types of each input and output. Written by {@link PortableModel}; Pitstop itself scores from
 * {@code model/} and reads this file nowhere.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EncodingDocument(
        int formatVersion,
        String onnxFile,
        String task,
        String label,
        String positive,
        List<String> classes,
        Double decisionThreshold,
        Target target,
        int width,
        Rules rules,
        List<Input> inputs,
        List<String> slots,
        List<Output> outputs) {

    public static final int FORMAT_VERSION = 1;

    /** A regression model's label standardisation, undone by the graph: {@code value = y * scale + mean}. */
    public record Target(double mean, double scale) {
    }

    /** The encoding's rules, in words. */
    public record Rules(String numeric, String categorical, String network) {
    }

    /**
     * One ONNX input, a raw contract column. {@code first_slot} and {@code width}: where it lands in the
     * encoded vector. Numeric columns carry {@code mean} and {@code std}; categorical ones {@code levels} and
     * the {@code unseen_slot} and {@code missing_slot} (absolute positions).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Input(String name, String kind, String onnxType, List<String> shape, int firstSlot, int width,
                        Double mean, Double std, List<String> levels, Integer unseenSlot, Integer missingSlot,
                        String missing) {
    }

    /** One ONNX output and what it means. */
    public record Output(String name, String onnxType, List<String> shape, String meaning) {
    }
}
