package io.pitstop.steps.onnx;

import io.pitstop.engine.json.Json;
import io.pitstop.engine.pkg.PackageLayout;
import io.pitstop.steps.features.CategoricalLevels;
import io.pitstop.steps.features.FeatureTransform;
import io.pitstop.steps.features.NumericStats;
import io.pitstop.steps.model.ModelDescriptor;
import io.pitstop.steps.model.ModelTask;
import io.pitstop.steps.model.NetworkLayer;
import io.pitstop.steps.model.TrainedModel;
import io.pitstop.steps.onnx.OnnxGraph.ElementType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.LongStream;

import static io.pitstop.steps.onnx.OnnxGraph.attr;
import static io.pitstop.steps.onnx.OnnxGraph.ints;

/**
 * A trained model as one ONNX graph — the feature transform and the network — plus {@code features.json}
 * describing it, so that ONNX Runtime (Python, C++, Java...) scores the raw contract columns and gets what
 * Pitstop's own scorer gets. Written into every package by {@code release.package}.
 *
 * <p>Inputs: one per feature column, named as the column, shape {@code [N]}: numeric columns
 * {@code tensor(double)} with NaN for missing, categorical columns {@code tensor(string)} with the empty
 * (or blank) string for missing. The graph then does exactly what {@link FeatureTransform} does: numeric
 * {@code float32((x - mean) / std)} computed in double, NaN to 0; per categorical column a one-hot block of
 * its levels, then "unseen", then "missing" (blank as {@link String#isBlank}: a regular expression of every
 * code point {@link Character#isWhitespace} accepts); then the dense layers and the task's outputs, named as
 * the prediction table's columns: {@code score} (and {@code decision} for a binary classifier;
 * {@code prediction} and {@code probabilities} for a multiclass one).
 */
public final class PortableModel {

    private final byte[] onnx;
    private final EncodingDocument document;

    private PortableModel(byte[] onnx, EncodingDocument document) {
        this.onnx = onnx;
        this.document = document;
    }

    public static PortableModel of(TrainedModel model) {
        return new Builder(model).build();
    }

    /** The ONNX file's bytes: the same model gives the same bytes. */
    public byte[] onnx() {
        return onnx.clone();
    }

    public EncodingDocument document() {
        return document;
    }

    public String featuresJson() {
        try {
            return Json.PRETTY.writeValueAsString(document) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + PackageLayout.FEATURES.path(), e);
        }
    }

    /** Writes {@code model.onnx} and {@code features.json} into a package being staged at {@code root}. */
    public void writeTo(Path root) throws IOException {
        Files.write(PackageLayout.ONNX_MODEL.in(root), onnx);
        Files.writeString(PackageLayout.FEATURES.in(root), featuresJson(), StandardCharsets.UTF_8);
    }

    /**
     * A regular expression that fully matches exactly the strings {@link String#isBlank} calls blank: any run of
     * the code points {@link Character#isWhitespace} accepts, written as RE2 ranges (ONNX Runtime's engine).
     */
    static String blankPattern() {
        var ranges = new StringBuilder();
        int cp = 0;
        while (cp <= Character.MAX_CODE_POINT) {
            if (!Character.isWhitespace(cp)) {
                cp++;
                continue;
            }
            int end = cp;
            while (end + 1 <= Character.MAX_CODE_POINT && Character.isWhitespace(end + 1)) end++;
            ranges.append(hex(cp));
            if (end > cp) ranges.append('-').append(hex(end));
            cp = end + 1;
        }
        return "[" + ranges + "]*";
    }

    private static String hex(int cp) {
        return "\\x{" + Integer.toHexString(cp).toUpperCase(java.util.Locale.ROOT) + "}";
    }

    private static final String N = "N";

    /** Builds the graph and its description together, so the two cannot disagree. */
    private static final class Builder {
        private final TrainedModel model;
        private final ModelDescriptor descriptor;
        private final FeatureTransform transform;
        private final OnnxGraph g = new OnnxGraph();
        private final List<EncodingDocument.Input> inputs = new ArrayList<>();
        private final List<EncodingDocument.Output> outputs = new ArrayList<>();

        Builder(TrainedModel model) {
            this.model = model;
            this.descriptor = model.descriptor();
            this.transform = model.transform();
        }

        PortableModel build() {
            // Inputs first, so they keep the columns' names; every other value gets a free name.
            List<String> numericInputs = transform.numeric().stream()
                    .map(n -> g.input(n.name(), ElementType.DOUBLE, N)).toList();
            List<String> categoricalInputs = transform.categorical().stream()
                    .map(c -> g.input(c.name(), ElementType.STRING, N)).toList();
            String one = g.int64s("axis_1", new long[]{1}, 1);

            var blocks = new ArrayList<String>();
            int slot = 0;
            if (!numericInputs.isEmpty()) {
                blocks.add(numeric(numericInputs, one));
                for (NumericStats n : transform.numeric()) {
                    inputs.add(new EncodingDocument.Input(n.name(), "numeric", ElementType.DOUBLE.typeName(), List.of(N),
                            slot++, 1, n.mean(), n.std(), null, null, null, "NaN (it encodes as 0, the training mean)"));
                }
            }
            for (int i = 0; i < categoricalInputs.size(); i++) {
                CategoricalLevels levels = transform.categorical().get(i);
                blocks.add(categorical(categoricalInputs.get(i), levels, one));
                inputs.add(new EncodingDocument.Input(levels.name(), "categorical", ElementType.STRING.typeName(), List.of(N),
                        slot, levels.width(), null, null, levels.values(), slot + levels.width() - 2,
                        slot + levels.width() - 1, "the empty string, or any string of whitespace only"));
                slot += levels.width();
            }
            String features = blocks.size() == 1 ? blocks.get(0)
                    : g.node("Concat", blocks, "features", attr("axis", 1L));
            String out = network(features);
            outputs(out);

            var metadata = new TreeMap<String, String>();
            metadata.put("pitstop.task", descriptor.task());
            metadata.put("pitstop.label", descriptor.label());
            metadata.put("pitstop.features", PackageLayout.FEATURES.path());
            byte[] onnx = g.toModel("pitstop", "Pitstop model '" + descriptor.label() + "' (" + descriptor.task()
                    + "): the feature transform and the network in one graph; " + PackageLayout.FEATURES.path()
                    + " describes the encoding.", metadata);
            return new PortableModel(onnx, document());
        }

        /** Every numeric column at once: an N × k double matrix, standardised, NaN to 0, then float. */
        private String numeric(List<String> columns, String one) {
            var unsqueezed = columns.stream().map(c -> g.node("Unsqueeze", List.of(c, one), c + "/column")).toList();
            String x = unsqueezed.size() == 1 ? unsqueezed.get(0) : g.node("Concat", unsqueezed, "numeric", attr("axis", 1L));
            int k = columns.size();
            String means = g.doubles("numeric/mean", transform.numeric().stream().mapToDouble(NumericStats::mean).toArray(), k);
            String stds = g.doubles("numeric/std", transform.numeric().stream().mapToDouble(NumericStats::std).toArray(), k);
            String z = g.node("Div", List.of(g.node("Sub", List.of(x, means), "numeric/centred"), stds), "numeric/standardised");
            String zero = g.doubles("numeric/missing", new double[]{0.0});
            String imputed = g.node("Where", List.of(g.node("IsNaN", List.of(x), "numeric/missing_mask"), zero, z),
                    "numeric/imputed");
            return g.node("Cast", List.of(imputed), "numeric/encoded", attr("to", (long) ElementType.FLOAT.code()));
        }

        /** One categorical column: the slot index (level, unseen or missing), compared with 0..width-1, as floats. */
        private String categorical(String column, CategoricalLevels levels, String one) {
            int m = levels.values().size();
            String blank = g.node("RegexFullMatch", List.of(column), column + "/blank", attr("pattern", blankPattern()));
            String known;
            if (m == 0) {
                // A column missing in every training row has no level: whatever is not blank is unseen (slot 0).
                known = g.int64s(column + "/unseen_slot", new long[]{0});
            } else {
                known = g.node(OnnxGraph.ML_DOMAIN, "LabelEncoder", List.of(column), column + "/level",
                        OnnxGraph.strings("keys_strings", levels.values()),
                        ints("values_int64s", LongStream.range(0, m).boxed().toList()),
                        attr("default_int64", (long) m));
            }
            String index = g.node("Where", List.of(blank, g.int64s(column + "/missing_slot", new long[]{m + 1}), known),
                    column + "/slot");
            String slots = g.int64s(column + "/slots", LongStream.range(0, m + 2).toArray(), m + 2);
            String hot = g.node("Equal", List.of(g.node("Unsqueeze", List.of(index, one), column + "/slot_column"), slots),
                    column + "/one_hot");
            return g.node("Cast", List.of(hot), column + "/encoded", attr("to", (long) ElementType.FLOAT.code()));
        }

        /** Dense layers: Gemm (x · W + b) then the layer's activation, as DL4J computes them in float. */
        private String network(String features) {
            String h = features;
            List<NetworkLayer> layers = model.layers();
            for (int i = 0; i < layers.size(); i++) {
                NetworkLayer layer = layers.get(i);
                String w = g.floats("layer" + i + "/W", layer.weights(), layer.inputs(), layer.outputs());
                String b = g.floats("layer" + i + "/b", layer.bias(), layer.outputs());
                String z = g.node("Gemm", List.of(h, w, b), "layer" + i + "/linear");
                h = activation(z, layer, "layer" + i + "/output");
            }
            return h;
        }

        private String activation(String z, NetworkLayer layer, String name) {
            return switch (layer.activation()) {
                case RELU -> g.node("Relu", List.of(z), name);
                case LEAKY_RELU -> g.node("LeakyRelu", List.of(z), name, attr("alpha", (float) layer.alpha()));
                case ELU -> g.node("Elu", List.of(z), name, attr("alpha", (float) layer.alpha()));
                // ND4J's constants, which are ONNX's defaults too.
                case SELU -> g.node("Selu", List.of(z), name, attr("alpha", 1.6732632423543772f), attr("gamma", 1.0507009873554805f));
                case TANH -> g.node("Tanh", List.of(z), name);
                case SIGMOID -> g.node("Sigmoid", List.of(z), name);
                case SOFTMAX -> g.node("Softmax", List.of(z), name, attr("axis", 1L));
                case IDENTITY -> z;
            };
        }

        /** The task's outputs, computed as the batch scorer computes its columns. */
        private void outputs(String y) {
            switch (descriptor.modelTask()) {
                case BINARY -> {
                    String score = g.node("Reshape", List.of(y, g.int64s("shape_N", new long[]{-1}, 1)), "score");
                    output(score, ElementType.FLOAT, "the probability that " + descriptor.label() + " is '"
                            + descriptor.positive() + "'");
                    // Compared in double, as the scorer compares the score column with the threshold.
                    String threshold = g.doubles("decision_threshold", new double[]{descriptor.threshold()});
                    String decision = g.node("GreaterOrEqual", List.of(g.node("Cast", List.of(score), "score/double",
                            attr("to", (long) ElementType.DOUBLE.code())), threshold), "decision");
                    output(decision, ElementType.BOOL, "score >= the decision threshold (" + descriptor.threshold() + ")");
                }
                case MULTICLASS -> {
                    String probabilities = g.node("Identity", List.of(y), "probabilities");
                    String score = g.node("ReduceMax", List.of(y, g.int64s("classes_axis", new long[]{1}, 1)), "score",
                            attr("keepdims", 0L));
                    String index = g.node("ArgMax", List.of(y), "prediction/index", attr("axis", 1L), attr("keepdims", 0L),
                            attr("select_last_index", 0L));
                    String classes = g.strings("classes", descriptor.classes(), descriptor.classes().size());
                    String prediction = g.node("Gather", List.of(classes, index), "prediction", attr("axis", 0L));
                    output(score, ElementType.FLOAT, "the probability of the predicted class");
                    output(prediction, ElementType.STRING, "the most probable class (the first in classes order on a tie)");
                    g.output(probabilities, ElementType.FLOAT, N, Integer.toString(descriptor.classes().size()));
                    outputs.add(new EncodingDocument.Output(probabilities, ElementType.FLOAT.typeName(),
                            List.of(N, Integer.toString(descriptor.classes().size())), "every class's probability, in classes order"));
                }
                case REGRESSION -> {
                    // float32(y * scale + mean), computed in double as Target.decode does.
                    var target = descriptor.target();
                    String yd = g.node("Cast", List.of(y), "standardised", attr("to", (long) ElementType.DOUBLE.code()));
                    String value = g.node("Add", List.of(g.node("Mul", List.of(yd, g.doubles("target/scale",
                            new double[]{target.scale()})), "scaled"), g.doubles("target/mean", new double[]{target.mean()})), "value");
                    String score = g.node("Reshape", List.of(g.node("Cast", List.of(value), "value/float",
                            attr("to", (long) ElementType.FLOAT.code())), g.int64s("shape_N", new long[]{-1}, 1)), "score");
                    output(score, ElementType.FLOAT, "the predicted " + descriptor.label() + ", in its own units");
                }
            }
        }

        private void output(String name, ElementType type, String meaning) {
            g.output(name, type, N);
            outputs.add(new EncodingDocument.Output(name, type.typeName(), List.of(N), meaning));
        }

        private EncodingDocument document() {
            ModelTask task = descriptor.modelTask();
            var rules = new EncodingDocument.Rules(
                    "input tensor(double) [N]; its slot holds float32((x - mean) / std), computed in double; NaN "
                            + "(missing) encodes as 0, the training mean; std is the training split's population "
                            + "standard deviation, or 1 for a constant column",
                    "input tensor(string) [N]; a block of one slot per level (in levels order, sorted), then unseen, "
                            + "then missing; exactly one slot of the block is 1: the value's level; else missing for "
                            + "the empty string or a string of whitespace only (Java's String.isBlank); else unseen",
                    "dense layers (x · W + b, then the activation) in float32; the inputs' blocks in inputs order "
                            + "make the vector of width slots");
            return new EncodingDocument(EncodingDocument.FORMAT_VERSION, PackageLayout.ONNX_MODEL.path(), descriptor.task(),
                    descriptor.label(), task == ModelTask.BINARY ? descriptor.positive() : null,
                    task == ModelTask.MULTICLASS ? descriptor.classes() : null,
                    task == ModelTask.BINARY ? descriptor.threshold() : null,
                    task == ModelTask.REGRESSION ? new EncodingDocument.Target(descriptor.target().mean(),
                            descriptor.target().scale()) : null,
                    transform.width(), rules, List.copyOf(inputs), transform.slotNames(), List.copyOf(outputs));
        }
    }
}
