package io.pitstop.engine.predictions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErasureKeysTest {

    @Test
    void keysFromTheCommandLineAndAFileAreMergedDistinct(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("keys.txt"), "7590-VHVEG\n5575-GNVDE\n7590-VHVEG\n");
        assertEquals(Set.of("7590-VHVEG", "5575-GNVDE", "3668-QPYBK"),
                ErasureKeys.of(List.of("3668-QPYBK"), file).keys());
    }

    @Test
    void everyBadLineIsNamedByFileAndLineAndNoKeyIsKept(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("keys.txt"), "7590-VHVEG\n\n 5575-GNVDE\nok\u0007bell\nlast\n");
        var e = assertThrows(ErasureRefusedException.class, () -> ErasureKeys.of(List.of(), file));
        assertTrue(e.getMessage().contains(file + ":2: empty key"), e.getMessage());
        assertTrue(e.getMessage().contains(file + ":3: leading or trailing whitespace"), e.getMessage());
        assertTrue(e.getMessage().contains(file + ":4: control character"), e.getMessage());
        assertFalse(e.getMessage().contains(":1:") || e.getMessage().contains(":5:"), e.getMessage());
    }

    @Test
    void aMissingOrEmptyFileAndNoKeysAtAllAreRefused(@TempDir Path dir) throws Exception {
        assertTrue(assertThrows(ErasureRefusedException.class, () -> ErasureKeys.of(List.of(), dir.resolve("none.txt")))
                .getMessage().contains("none.txt: cannot read"));
        Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        assertTrue(assertThrows(ErasureRefusedException.class, () -> ErasureKeys.of(List.of(), empty))
                .getMessage().contains("empty.txt: no keys in the file"));
        assertTrue(assertThrows(ErasureRefusedException.class, () -> ErasureKeys.of(List.of(), null))
                .getMessage().contains("no key to erase"));
        assertTrue(assertThrows(ErasureRefusedException.class, () -> ErasureKeys.of(List.of(" x"), null))
                .getMessage().contains("--key ' x': leading or trailing whitespace"));
    }

    @Test
    void aFileThatIsNotUtf8IsRefused(@TempDir Path dir) throws Exception {
        Path latin1 = Files.write(dir.resolve("latin1.txt"), new byte[]{'M', (byte) 0xFC, 'l', 'l', 'e', 'r', '\n'});
        assertTrue(assertThrows(ErasureRefusedException.class, () -> ErasureKeys.of(List.of(), latin1))
                .getMessage().contains("latin1.txt: not UTF-8 text"));
    }
}
