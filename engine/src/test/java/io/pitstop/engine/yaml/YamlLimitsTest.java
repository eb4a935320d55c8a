package io.pitstop.engine.yaml;

import io.pitstop.engine.contract.ContractLoader;
import io.pitstop.engine.spec.SpecException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A hostile or mistaken YAML file is refused with a located message: no stack overflow, no echo of its content. */
class YamlLimitsTest {

    @TempDir
    Path dir;

    @Test
    void twentyThousandNestedListsAreRefusedNotAStackOverflow() {
        String text = "steps: " + "[".repeat(20_000) + "]".repeat(20_000) + "\n";
        var e = assertThrows(SpecException.class, () -> YamlReader.parse(dir.resolve("p.yaml"), text));
        assertEquals(1, e.problems().size());
        var p = e.problems().get(0);
        assertEquals(1, p.line());
        // The root mapping is the first level, the list at column 8 the second: the 64th list is one too many.
        assertEquals(8 + YamlReader.MAX_DEPTH - 1, p.column(), "at the first list too deep: " + p);
        assertTrue(p.message().contains("nest deeper than " + YamlReader.MAX_DEPTH + " levels"), p.message());
    }

    @Test
    void nestingUpToTheLimitIsRead() {
        int depth = YamlReader.MAX_DEPTH;
        var doc = YamlReader.parse(dir.resolve("p.yaml"), "[".repeat(depth) + "1" + "]".repeat(depth));
        assertEquals(1, doc.at("/0".repeat(depth - 1) + "/0").intValue());
    }

    @Test
    void aFileFarLargerThanAnySpecIsRefusedBeforeItIsRead() throws Exception {
        Path big = dir.resolve("big.yaml");
        try (var out = Files.newOutputStream(big)) {
            byte[] line = "# padding padding padding padding padding padding padding padding\n".getBytes();
            for (long written = 0; written <= 4L * YamlReader.MAX_CHARS; written += line.length) out.write(line);
        }
        var e = assertThrows(SpecException.class, () -> YamlReader.read(big));
        assertTrue(e.getMessage().contains("file is larger than " + YamlReader.MAX_CHARS + " characters"), e.getMessage());
    }

    @Test
    void aFileThatIsNotAContractIsNamedByKindNotQuoted() throws Exception {
        Path passwd = Files.writeString(dir.resolve("passwd"), "root:x:0:0:hunter2:/root:/bin/bash\n");
        var e = assertThrows(SpecException.class, () -> ContractLoader.load(passwd));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertFalse(e.getMessage().contains("root:x"), e.getMessage());
        assertTrue(e.getMessage().contains("must be a mapping, found a string"), e.getMessage());
    }
}
