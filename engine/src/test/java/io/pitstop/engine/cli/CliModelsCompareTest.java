package io.pitstop.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static io.pitstop.engine.policy.VersionComparisonTest.report;
import static io.pitstop.engine.policy.VersionComparisonTest.version;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code models compare} on a real SQLite run store holding the outcomes joins a project recorded. */
class CliModelsCompareTest {

    @TempDir
    Path dir;

    @Test
    void theNewestJoinIsComparedWithItsCountsTestAndVerdict() throws Exception {
        TestProject project = TestProject.create(dir);
        Files.createDirectories(dir.resolve(".pitstop"));
        CliResult none = project.cli("models", "compare", "churn", "1.0.0", "1.1.0");
        assertEquals(2, none.exitCode(), none.out() + none.err());
        assertTrue(none.err().contains("no outcomes were joined for model 'churn' yet"), none.err());

        Instant t = Instant.parse("2026-12-01T00:00:00Z");
        // An older join where the canary had few outcomes; the newest one has enough.
        RealisedRecords.outcomesJoin(dir, "r1", report(version("1.0.0", 400, 100, 0.70, 0.55, 0.6),
                version("1.1.0", 30, 8, 0.9, 0.4, 0.5)), t);
        RealisedRecords.outcomesJoin(dir, "r2", report(version("1.0.0", 400, 100, 0.70, 0.55, 0.6),
                version("1.1.0", 400, 100, 0.85, 0.45, 0.5)), t.plusSeconds(86_400));

        CliResult text = project.cli("models", "compare", "churn", "1.0.0", "1.1.0");
        assertEquals(0, text.exitCode(), text.out() + text.err());
        String out = text.out();
        assertTrue(out.startsWith("churn 1.0.0 vs 1.1.0, each on the keys it scored; outcomes joined by run r2"), out);
        assertTrue(out.contains("1.1.0          400       50       100   0.8500    0.4500"), out);
        assertTrue(out.contains("AUC 1.1.0 - 1.0.0: +0.1500, standard error 0.0409, z 3.67, p 0.0002438"), out);
        assertTrue(out.contains("verdict: 1.1.0 has the higher realised AUC"), out);

        CliResult json = project.cli("models", "compare", "churn", "1.0.0", "1.1.0", "--json", "--min-judged", "500");
        assertEquals(0, json.exitCode(), json.out() + json.err());
        JsonNode doc = Json.MAPPER.readTree(json.out());
        assertEquals(1, doc.get("format_version").asInt());
        assertEquals("r2", doc.get("joined_by_run").asText());
        assertEquals("TOO_FEW_JUDGED", doc.get("verdict").asText());
        assertEquals(400, doc.get("b").get("judged").asLong());
        assertEquals(0.00024382461855128744, doc.get("auc").get("p_value").asDouble(), 1e-7);

        CliResult unknown = project.cli("models", "compare", "churn", "1.0.0", "2.0.0");
        assertEquals(2, unknown.exitCode(), unknown.out() + unknown.err());
        assertTrue(unknown.err().contains("no realised performance of churn 2.0.0 was measured; measured: [1.0.0, 1.1.0]"),
                unknown.err());
        CliResult badAlpha = project.cli("models", "compare", "churn", "1.0.0", "1.1.0", "--alpha", "1.5");
        assertEquals(2, badAlpha.exitCode());
        assertTrue(badAlpha.err().contains("--alpha must be in (0, 1), found 1.5"), badAlpha.err());

        CliResult margin = project.cli("models", "compare", "churn", "1.0.0", "1.1.0", "--margin", "0.02");
        assertEquals(0, margin.exitCode(), margin.out() + margin.err());
        assertTrue(margin.out().contains("AUC 1.1.0 - 1.0.0: +0.1500"), margin.out());
        assertTrue(margin.out().contains("non-inferiority: 1.1.0 loses -0.1500 AUC against 1.0.0, upper 95% bound"
                + " -0.0827 < margin 0.0200: no worse than 1.0.0 (one-sided)"), margin.out());
        CliResult noMargin = project.cli("models", "compare", "churn", "1.0.0", "1.1.0");
        assertTrue(!noMargin.out().contains("non-inferiority"), noMargin.out());

        // A newer join at a 2% positive rate: 200 judged per version, 4 positives. No winner, with or without margin.
        RealisedRecords.outcomesJoin(dir, "r3", report(version("1.0.0", 200, 4, 0.85, 0.1, 0.3),
                version("1.1.0", 200, 4, 0.65, 0.1, 0.3)), t.plusSeconds(2 * 86_400));
        CliResult rare = project.cli("models", "compare", "churn", "1.0.0", "1.1.0", "--margin", "0.02");
        assertEquals(0, rare.exitCode(), rare.out() + rare.err());
        assertTrue(rare.out().contains("verdict: no winner called: 1.0.0 has 4 positive(s) and 196 negative(s) among"
                + " its 200 judged outcomes; at least 30 of each class are needed per version"), rare.out());
        assertTrue(!rare.out().contains("non-inferiority"), rare.out());
        CliResult badClass = project.cli("models", "compare", "churn", "1.0.0", "1.1.0", "--min-per-class", "0");
        assertEquals(2, badClass.exitCode());
        assertTrue(badClass.err().contains("--min-per-class must be at least 1, found 0"), badClass.err());
    }
}
