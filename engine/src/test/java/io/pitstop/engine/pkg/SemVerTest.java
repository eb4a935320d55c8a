package io.pitstop.engine.pkg;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SemVerTest {

    @Test
    void parsesAndPrintsTheSameText() {
        assertEquals(new SemVer(1, 14, 0), SemVer.parse("1.14.0"));
        assertEquals("1.14.0", SemVer.parse("1.14.0").toString());
        assertEquals(new SemVer(0, 0, 0), SemVer.parse("0.0.0"));
    }

    @Test
    void refusesAnythingButThreePlainNumbersAndSaysWhy() {
        for (String bad : List.of("1.4", "1.4.0.1", "01.4.0", "1.4.x", " 1.4.0", "", "1.4.0-rc1", "v1.4.0", "99999999999.0.0")) {
            var e = assertThrows(SemVerFormatException.class, () -> SemVer.parse(bad), bad);
            assertEquals(bad, e.input());
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        assertTrue(assertThrows(SemVerFormatException.class, () -> SemVer.parse("v1.4.0")).getMessage().contains("did you mean 1.4.0?"));
        assertTrue(assertThrows(SemVerFormatException.class, () -> SemVer.parse("1.4.0-rc1")).getMessage().contains("pre-release"));
    }

    @Test
    void ordersNumericallyNotAsText() {
        List<SemVer> versions = new ArrayList<>(List.of(SemVer.parse("1.10.0"), SemVer.parse("1.9.3"), SemVer.parse("2.0.0"),
                SemVer.parse("1.9.10"), SemVer.parse("0.99.99")));
        Collections.sort(versions);
        assertEquals(List.of("0.99.99", "1.9.3", "1.9.10", "1.10.0", "2.0.0"), versions.stream().map(SemVer::toString).toList());
    }

    @Test
    void nextVersionsResetTheLowerParts() {
        SemVer v = SemVer.parse("1.4.2");
        assertEquals("2.0.0", v.nextMajor().toString());
        assertEquals("1.5.0", v.nextMinor().toString());
        assertEquals("1.4.3", v.nextPatch().toString());
    }
}
