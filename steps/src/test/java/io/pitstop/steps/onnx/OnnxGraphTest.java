package io.pitstop.steps.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.pitstop.steps.onnx.OnnxGraph.ElementType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ONNX encoder on its own: protobuf's wire format, unique names, and a small graph ONNX Runtime runs. */
class OnnxGraphTest {

    @Test
    void varintsAreProtobufs() {
        // Protobuf's documented examples: field 1 = 150 is 08 96 01; a negative int64 takes ten bytes.
        assertArrayEquals(new byte[]{0x08, (byte) 0x96, 0x01}, new ProtoWriter().varint(1, 150).toByteArray());
        byte[] minusOne = new ProtoWriter().varint(1, -1).toByteArray();
        assertEquals(11, minusOne.length);
        assertEquals(0x01, minusOne[10]);
        assertArrayEquals(new byte[]{0x12, 0x02, 'h', 'i'}, new ProtoWriter().string(2, "hi").toByteArray());
    }

    @Test
    void aColumnNamedLikeAnOutputKeepsItsNameAndTheOutputTakesAFreeOne() throws Exception {
        var g = new OnnxGraph();
        String in = g.input("score", ElementType.DOUBLE, "N");
        String out = g.node("Neg", List.of(in), "score");
        assertEquals("score_2", out);
        g.output(out, ElementType.DOUBLE, "N");
        var env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(g.toModel("test", "a test", Map.of("k", "v")), new OrtSession.SessionOptions());
             OnnxTensor x = OnnxTensor.createTensor(env, new double[]{1.5, -2});
             OrtSession.Result result = session.run(Map.of("score", x))) {
            assertArrayEquals(new double[]{-1.5, 2}, (double[]) result.get("score_2").orElseThrow().getValue());
            assertEquals("v", session.getMetadata().getCustomMetadata().get("k"));
        }
    }

    @Test
    void aGraphThatReadsAnUndefinedValueOrMiscountsATensorIsRefusedWhenBuilt() {
        var g = new OnnxGraph();
        var undefined = assertThrows(IllegalArgumentException.class, () -> g.node("Neg", List.of("nowhere"), "y"));
        assertTrue(undefined.getMessage().contains("Neg reads 'nowhere', defined nowhere"), undefined.getMessage());
        var miscounted = assertThrows(IllegalArgumentException.class, () -> g.floats("w", new float[3], 2, 2));
        assertTrue(miscounted.getMessage().contains("tensor 'w' has 3 values for dims [2, 2]"), miscounted.getMessage());
        g.input("x", ElementType.FLOAT, "N");
        assertThrows(IllegalArgumentException.class, () -> g.input("x", ElementType.FLOAT, "N"));
    }
}
