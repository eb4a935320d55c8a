package io.pitstop.engine.pkg;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** BLAKE2b-512 against RFC 7693's vectors and against an independent implementation, Python's hashlib. */
class Blake2bTest {

    @Test
    void theRfcVectors() {
        assertEquals("ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923",
                hex(Blake2b.hash512("abc".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce",
                hex(Blake2b.hash512(new byte[0])));
    }

    /** Lengths around the 128-byte block, where padding and the final-block flag go wrong first. */
    @Test
    void agreesWithPythonsHashlibAroundBlockBoundaries() throws Exception {
        for (int length : new int[]{1, 127, 128, 129, 255, 256, 257, 1000, 70_000}) {
            byte[] message = new byte[length];
            for (int i = 0; i < length; i++) message[i] = (byte) (i * 31 + 7);
            Process p = new ProcessBuilder("python3", "-c",
                    "import sys, hashlib; print(hashlib.blake2b(bytes((i * 31 + 7) % 256 for i in range(int(sys.argv[1])))).hexdigest())",
                    Integer.toString(length)).redirectErrorStream(true).start();
            String expected = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(1, TimeUnit.MINUTES);
            assertEquals(expected, hex(Blake2b.hash512(message)), "length " + length);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
