package io.pitstop.engine.yaml;

import io.pitstop.engine.spec.SpecException;
import io.pitstop.engine.step.Location;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class YamlReaderTest {

    private static final Path FILE = Path.of("x.yaml");

    private static YamlDocument parse(String... lines) {
        return YamlReader.parse(FILE, String.join("\n", lines) + "\n");
    }

    private static String lineCol(Location l) {
        return l.line() + ":" + l.column();
    }

    @Test
    void recordsValueAndKeyPositionsByPointer() {
        var doc = parse(
                "pipeline: demo",
                "steps:",
                "  - id: a",
                "    with:",
                "      epochs: 20",
                "      layers: [32, 16]");
        assertEquals("1:11", lineCol(doc.locate("/pipeline")));
        assertEquals("1:1", lineCol(doc.locateKey("/pipeline")));
        assertEquals("3:9", lineCol(doc.locate("/steps/0/id")));
        assertEquals("5:15", lineCol(doc.locate("/steps/0/with/epochs")));
        assertEquals("5:7", lineCol(doc.locateKey("/steps/0/with/epochs")));
        assertEquals("6:20", lineCol(doc.locate("/steps/0/with/layers/1")));
        assertEquals(20, doc.at("/steps/0/with/epochs").intValue());
    }

    @Test
    void lookupFallsBackToNearestEnclosingNode() {
        var doc = parse("steps:", "  - id: a", "    with:", "      epochs: 20");
        assertEquals(doc.locate("/steps/0/with"), doc.locate("/steps/0/with/network/epochs"));
        assertEquals("1:1", lineCol(doc.locate("/nothing/here")));
    }

    @Test
    void keepsYesAndQuotedNumbersAsStrings() {
        var doc = parse("a: Yes", "b: \"20\"", "c: true", "d: 1.5", "e:", "f: \"\"");
        assertTrue(doc.at("/a").isTextual());
        assertTrue(doc.at("/b").isTextual());
        assertTrue(doc.at("/c").isBoolean());
        assertTrue(doc.at("/d").isDouble());
        assertTrue(doc.at("/e").isNull(), doc.root().toString());
        assertEquals("", doc.at("/f").textValue());
    }

    @Test
    void duplicateKeyIsALocatedProblemAndTheFirstValueWins() {
        var doc = parse("seed: 1", "model:", "  name: a", "seed: 2");
        assertEquals(1, doc.problems().size());
        assertEquals("x.yaml:4:1: duplicate key 'seed' (first declared at line 1)", doc.problems().get(0).toString());
        assertEquals(1, doc.at("/seed").intValue());
        assertEquals("1:7", lineCol(doc.locate("/seed")));
    }

    @Test
    void syntaxErrorIsOneLocatedProblem() {
        var e = assertThrows(SpecException.class, () -> parse("steps:", "  - id: a", "   uses: [x", "pipeline: b"));
        assertEquals(1, e.problems().size());
        var p = e.problems().get(0);
        assertTrue(p.line() >= 3, p.toString());
        assertTrue(p.message().startsWith("invalid YAML: "), p.message());
        assertTrue(!p.message().contains("\n"), p.message());
    }
}
