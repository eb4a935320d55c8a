package io.pitstop.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.cli.PitstopCli;
import io.pitstop.engine.json.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The loop on the demo as a fresh clone has it: the pipeline releases and scores, bin/demo-outcomes writes a
 * "next month" of outcomes, {@code outcomes add} takes them in, {@code models performance} shows how the
 * published scores turned out. Then the files a person gets wrong: the same file twice, another outcome for a
 * customer already recorded, a key never scored.
 */
class OutcomesLoopTest {

    @TempDir
    static Path temp;
    static Path project;

    @BeforeAll
    static void scoreTheDemo() throws Exception {
        project = DemoProject.create(temp.resolve("demo"), 1200);
        Path pipeline = project.resolve("pipelines/telco-churn.yaml");
        DemoProject.edit(pipeline, "epochs: 30", "epochs: 4");
        assertEquals(0, PitstopCli.execute("run", "--project", project.toString(), pipeline.toString()));
        DemoProject.run(project, DemoProject.REPO.resolve("bin/demo-outcomes").toString());
    }

    private record Call(int code, String out, String err) {
    }

    private static Call cli(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out, oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            String[] all = new String[args.length + 2];
            System.arraycopy(args, 0, all, 0, args.length);
            all[args.length] = "--project";
            all[args.length + 1] = project.toString();
            code = PitstopCli.execute(all);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Call(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void scoresThenOutcomesThenRealisedPerformance() throws Exception {
        List<String> lines = Files.readAllLines(project.resolve("data/outcomes/next-month.csv"));
        assertEquals("customer_id,churn,known_at", lines.get(0));
        int outcomes = lines.size() - 1;
        assertTrue(outcomes > 100 && outcomes < 240, "about a fifth of 1,200 customers, most known within the month: " + outcomes);

        Call add = cli("outcomes", "add", "data/outcomes/next-month.csv");
        assertEquals(0, add.code(), add.out() + add.err());
        assertTrue(add.out().contains(outcomes + " outcome(s) added"), add.out());

        Call json = cli("models", "performance", "churn", "--json");
        assertEquals(0, json.code(), json.err());
        JsonNode report = Json.MAPPER.readTree(json.out());
        assertEquals(1, report.get("format_version").asInt());
        assertEquals("churn", report.get("model").asText());
        JsonNode v1 = report.get("by_model_version").get(0);
        assertEquals("1.0.0", v1.get("model_version").asText());
        assertEquals(outcomes, v1.get("judged").asLong());
        assertEquals(1200 - outcomes, v1.get("waiting").asLong());
        double auc = v1.get("auc").get("value").asDouble();
        assertTrue(auc > 0.7 && v1.get("auc").get("lower").asDouble() < auc && auc < v1.get("auc").get("upper").asDouble(),
                v1.toString());
        assertEquals("wilson", v1.get("positive_rate").get("interval").asText());
        assertEquals(0, report.get("unmatched").asLong());

        Call text = cli("models", "performance", "churn");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("VERSION") && text.out().contains("1.0.0"), text.out());

        // The same file again: nothing added, nothing refused.
        Call again = cli("outcomes", "add", "data/outcomes/next-month.csv");
        assertEquals(0, again.code(), again.out() + again.err());
        assertTrue(again.out().contains("0 outcome(s) added") && again.out().contains(outcomes + " already there"), again.out());

        // Another outcome for a recorded customer: refused whole, the customer named, exit 1.
        String[] first = lines.get(1).split(",");
        String flipped = first[1].equals("Yes") ? "No" : "Yes";
        Files.writeString(project.resolve("data/outcomes/late.csv"), "customer_id,churn,known_at\n"
                + first[0] + "," + flipped + "," + first[2] + "\nC999999,Yes," + first[2] + "\n");
        Call conflict = cli("outcomes", "add", "data/outcomes/late.csv");
        assertEquals(1, conflict.code(), conflict.out() + conflict.err());
        assertTrue((conflict.out() + conflict.err()).contains("customer_id " + first[0] + " is " + first[1]),
                conflict.out() + conflict.err());

        // A customer never scored: stored and named, not dropped.
        Files.writeString(project.resolve("data/outcomes/unknown.csv"), "customer_id,churn,known_at\nC999999,Yes,"
                + first[2] + "\n");
        Call unknown = cli("outcomes", "add", "data/outcomes/unknown.csv");
        assertEquals(0, unknown.code(), unknown.out() + unknown.err());
        assertTrue(unknown.out().contains("1 outcome(s) match no prediction made before them")
                && unknown.out().contains("C999999"), unknown.out());
        assertFalse(cli("models", "performance", "nosuchmodel").code() == 0);
    }
}
