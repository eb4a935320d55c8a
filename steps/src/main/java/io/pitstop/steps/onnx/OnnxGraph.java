package io.pitstop.steps.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An ONNX graph being built, and its file: a {@code ModelProto} in protobuf's wire format, written with the
 * field numbers of the public {@code onnx.proto} (IR version {@value #IR_VERSION}, opset {@value #OPSET} and
 * {@code ai.onnx.ml} {@value #ML_OPSET}, as in ONNX 1.15; the tests load it with ONNX Runtime 1.30 and 1.23). Only the subset
 * Pitstop's models need: dense tensors as initializers, tensor-typed inputs and outputs, nodes with scalar,
 * list and string attributes.
 *
 * <p>Every value name is unique in the graph (ONNX's static single assignment): inputs keep the names
 * given, every other value gets {@link #fresh} a name not yet taken, so a column called {@code score}
 * cannot collide with the output of that name (the output becomes {@code score_2}).
 *
 * <pre>
 * var g = new OnnxGraph();
 * String x = g.input("tenure", ElementType.DOUBLE, "N");
 * String y = g.node("Neg", List.of(x), "negated");
 * g.output(y, ElementType.DOUBLE, "N");
 * byte[] file = g.toModel("pitstop", "doc", Map.of());
 * </pre>
 */
public final class OnnxGraph {

    public static final long IR_VERSION = 9;
    public static final int OPSET = 20;
    public static final int ML_OPSET = 3;
    public static final String ML_DOMAIN = "ai.onnx.ml";

    /** Tensor element types, with their codes in {@code TensorProto.DataType}. */
    public enum ElementType {
        FLOAT(1, "float"), INT64(7, "int64"), STRING(8, "string"), BOOL(9, "bool"), DOUBLE(11, "double");

        private final int code;
        private final String onnxName;

        ElementType(int code, String onnxName) {
            this.code = code;
            this.onnxName = onnxName;
        }

        /** The code in {@code TensorProto.DataType}, e.g. Cast's {@code to}. */
        public int code() {
            return code;
        }

        /** The type as ONNX Runtime names it, e.g. {@code tensor(double)}. */
        public String typeName() {
            return "tensor(" + onnxName + ")";
        }
    }

    /** A node attribute: {@code type} is its {@code AttributeProto.AttributeType} code. */
    public record Attribute(String name, int type, Object value) {
    }

    public static Attribute attr(String name, long value) {
        return new Attribute(name, 2, value);
    }

    public static Attribute attr(String name, float value) {
        return new Attribute(name, 1, value);
    }

    public static Attribute attr(String name, String value) {
        return new Attribute(name, 3, value);
    }

    public static Attribute ints(String name, List<Long> values) {
        return new Attribute(name, 7, List.copyOf(values));
    }

    public static Attribute strings(String name, List<String> values) {
        return new Attribute(name, 8, List.copyOf(values));
    }

    private record Value(String name, ElementType type, List<String> dims) {
    }

    private record Tensor(String name, ElementType type, long[] dims, byte[] raw, List<String> strings) {
    }

    private record Node(String name, String opType, String domain, List<String> inputs, String output,
                        List<Attribute> attributes) {
    }

    private final List<Value> inputs = new ArrayList<>();
    private final List<Value> outputs = new ArrayList<>();
    private final List<Tensor> initializers = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final Set<String> taken = new HashSet<>();

    /** A graph input of this exact name; {@code dims} are sizes or symbolic names such as {@code N}. */
    public String input(String name, ElementType type, String... dims) {
        if (!taken.add(name)) throw new IllegalArgumentException("ONNX graph: the name '" + name + "' is taken twice");
        inputs.add(new Value(name, type, List.of(dims)));
        return name;
    }

    /** Declares an existing value a graph output. */
    public void output(String name, ElementType type, String... dims) {
        if (!taken.contains(name)) throw new IllegalArgumentException("ONNX graph: no value '" + name + "' to output");
        outputs.add(new Value(name, type, List.of(dims)));
    }

    /** {@code hint}, or {@code hint_2}, {@code hint_3}... whichever is free; the name is taken from now on. */
    public String fresh(String hint) {
        String name = hint;
        for (int i = 2; !taken.add(name); i++) name = hint + "_" + i;
        return name;
    }

    public String floats(String hint, float[] values, long... dims) {
        ByteBuffer raw = little(values.length * Float.BYTES);
        for (float v : values) raw.putFloat(v);
        return tensor(hint, ElementType.FLOAT, dims, raw.array(), null);
    }

    public String doubles(String hint, double[] values, long... dims) {
        ByteBuffer raw = little(values.length * Double.BYTES);
        for (double v : values) raw.putDouble(v);
        return tensor(hint, ElementType.DOUBLE, dims, raw.array(), null);
    }

    public String int64s(String hint, long[] values, long... dims) {
        ByteBuffer raw = little(values.length * Long.BYTES);
        for (long v : values) raw.putLong(v);
        return tensor(hint, ElementType.INT64, dims, raw.array(), null);
    }

    public String strings(String hint, List<String> values, long... dims) {
        return tensor(hint, ElementType.STRING, dims, null, List.copyOf(values));
    }

    /** A node of the default domain with one output; returns the output's name. */
    public String node(String opType, List<String> inputs, String outputHint, Attribute... attributes) {
        return node("", opType, inputs, outputHint, attributes);
    }

    /** A node of {@code domain} ("" for the default, {@link #ML_DOMAIN}) with one output. */
    public String node(String domain, String opType, List<String> inputs, String outputHint, Attribute... attributes) {
        for (String in : inputs) {
            if (!taken.contains(in)) throw new IllegalArgumentException("ONNX graph: " + opType + " reads '" + in + "', defined nowhere");
        }
        String output = fresh(outputHint);
        nodes.add(new Node(opType + "_" + nodes.size(), opType, domain, List.copyOf(inputs), output, List.of(attributes)));
        return output;
    }

    /**
     * The graph as an ONNX file. {@code metadata} becomes the model's {@code metadata_props} (sorted), which
     * ONNX Runtime shows as custom metadata.
     */
    public byte[] toModel(String producer, String docString, Map<String, String> metadata) {
        var graph = new ProtoWriter();
        for (Node n : nodes) graph.message(1, node(n));
        graph.string(2, "pitstop");
        for (Tensor t : initializers) graph.message(5, tensor(t));
        graph.string(10, docString);
        for (Value v : inputs) graph.message(11, valueInfo(v));
        for (Value v : outputs) graph.message(12, valueInfo(v));

        var model = new ProtoWriter().varint(1, IR_VERSION).string(2, producer);
        model.string(6, docString);
        model.message(7, graph);
        model.message(8, new ProtoWriter().string(1, "").varint(2, OPSET));
        if (nodes.stream().anyMatch(n -> n.domain().equals(ML_DOMAIN))) {
            model.message(8, new ProtoWriter().string(1, ML_DOMAIN).varint(2, ML_OPSET));
        }
        SortedMap<String, String> sorted = new TreeMap<>(metadata);
        sorted.forEach((k, v) -> model.message(14, new ProtoWriter().string(1, k).string(2, v)));
        return model.toByteArray();
    }

    private String tensor(String hint, ElementType type, long[] dims, byte[] raw, List<String> strings) {
        long count = 1;
        for (long d : dims) count *= d;
        int actual = raw != null ? raw.length / bytesOf(type) : strings.size();
        if (count != actual) {
            throw new IllegalArgumentException("ONNX graph: tensor '" + hint + "' has " + actual + " values for dims "
                    + java.util.Arrays.toString(dims));
        }
        String name = fresh(hint);
        initializers.add(new Tensor(name, type, dims.clone(), raw, strings));
        return name;
    }

    private static int bytesOf(ElementType type) {
        return switch (type) {
            case FLOAT -> Float.BYTES;
            case DOUBLE, INT64 -> Long.BYTES;
            default -> throw new IllegalArgumentException("no raw data for " + type);
        };
    }

    private static ByteBuffer little(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    // ---- the messages, by onnx.proto's field numbers ---------------------------------------------

    private static ProtoWriter node(Node n) {
        var w = new ProtoWriter();
        for (String in : n.inputs()) w.string(1, in);
        w.string(2, n.output());
        w.string(3, n.name());
        w.string(4, n.opType());
        for (Attribute a : n.attributes()) w.message(5, attribute(a));
        if (!n.domain().isEmpty()) w.string(7, n.domain());
        return w;
    }

    @SuppressWarnings("unchecked")
    private static ProtoWriter attribute(Attribute a) {
        var w = new ProtoWriter().string(1, a.name());
        switch (a.type()) {
            case 1 -> w.float32(2, (Float) a.value());
            case 2 -> w.varint(3, (Long) a.value());
            case 3 -> w.string(4, (String) a.value());
            case 7 -> ((List<Long>) a.value()).forEach(v -> w.varint(8, v));
            case 8 -> ((List<String>) a.value()).forEach(v -> w.string(9, v));
            default -> throw new IllegalArgumentException("attribute type " + a.type());
        }
        return w.varint(20, a.type());
    }

    private static ProtoWriter tensor(Tensor t) {
        var w = new ProtoWriter();
        for (long d : t.dims()) w.varint(1, d);
        w.varint(2, t.type().code);
        if (t.strings() != null) t.strings().forEach(s -> w.string(6, s));
        w.string(8, t.name());
        if (t.raw() != null) w.bytes(9, t.raw());
        return w;
    }

    private static ProtoWriter valueInfo(Value v) {
        var shape = new ProtoWriter();
        for (String d : v.dims()) {
            var dim = new ProtoWriter();
            if (d.chars().allMatch(Character::isDigit)) dim.varint(1, Long.parseLong(d));
            else dim.string(2, d);
            shape.message(1, dim);
        }
        var tensorType = new ProtoWriter().varint(1, v.type().code).message(2, shape);
        return new ProtoWriter().string(1, v.name()).message(2, new ProtoWriter().message(1, tensorType));
    }
}
