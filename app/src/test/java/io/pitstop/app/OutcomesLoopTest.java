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
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
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
    @org.junit.jupiter.api.Order(1)
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

    /** The demo pipeline with {@code policy} as its retrain_when: block, written beside it as {@code name}. */
    private static String policy(String name, String policy, String source) throws Exception {
        String text = Files.readString(project.resolve("pipelines/telco-churn.yaml"))
                .replaceAll("(?s)\nretrain_when:.*?\nsteps:", "\nsteps:");
        text = text.replace("\nsteps:", "\nretrain_when:\n" + policy.indent(2) + "steps:")
                .replace("source: data/landing/telco_churn.csv", "source: " + source);
        Files.writeString(project.resolve("pipelines").resolve(name), text);
        return "pipelines/" + name;
    }

    private static JsonNode condition(JsonNode decision, String name) {
        for (JsonNode c : decision.get("conditions")) if (c.get("name").asText().equals(name)) return c;
        throw new AssertionError("no condition " + name + " in " + decision);
    }

    /**
     * should-retrain on the released, scored demo with outcomes joined: with limits no evidence reaches it skips
     * (exit 5), every condition measured; each condition then fires on its own evidence: a scoring run's input
     * drift, the realised AUC under a floor, and 60 rows more in the landing file than production trained on.
     * Runs after the loop above, whose first add of the outcomes it must not take.
     */
    @Test
    @org.junit.jupiter.api.Order(2)
    void aRetrainingPolicyJudgesTheScoringRunTheOutcomesAndTheRows() throws Exception {
        assertEquals(0, cli("outcomes", "add", "data/outcomes/next-month.csv").code());
        String landing = "data/landing/telco_churn.csv";

        Call skip = cli("should-retrain", policy("skips.yaml", """
                input_psi_above: 5
                realised_auc_below: 0.01
                realised_auc_below_offline_by: 0.9
                rows_changed_above: 100000
                model_older_than_days: 3650
                """, landing), "--json");
        assertEquals(5, skip.code(), skip.out() + skip.err());
        JsonNode skipped = Json.MAPPER.readTree(skip.out());
        assertFalse(skipped.get("retrain").asBoolean());
        assertEquals("1.0.0", skipped.get("production_version").asText());
        for (JsonNode c : skipped.get("conditions")) {
            assertFalse(c.get("fired").asBoolean(), c.toString());
            assertTrue(c.get("value").isNumber(), "measured: " + c);
        }
        double psi = condition(skipped, "input_psi_above").get("value").asDouble();
        assertTrue(psi >= 0 && psi < 0.2, "the demo scores its own training file: no drift to speak of: " + psi);
        assertTrue(condition(skipped, "input_psi_above").get("evidence").asText().startsWith("scoring run r"),
                skipped.toString());
        assertEquals(0, condition(skipped, "rows_changed_above").get("value").asDouble());
        assertTrue(condition(skipped, "model_older_than_days").get("value").asDouble() < 1);
        // The realised AUC is models performance's number for 1.0.0; the margin is the test AUC minus it.
        JsonNode performance = Json.MAPPER.readTree(cli("models", "performance", "churn", "--json").out());
        double realised = performance.get("by_model_version").get(0).get("auc").get("value").asDouble();
        assertEquals(realised, condition(skipped, "realised_auc_below").get("value").asDouble(), 1e-12);
        String margin = condition(skipped, "realised_auc_below_offline_by").get("evidence").asText();
        assertTrue(margin.startsWith("test AUC ") && margin.contains("evaluate of run "), margin);

        // A night whose customers all hold month-to-month contracts: the scoring run measures the drift (and,
        // past the monitoring's error line, refuses to publish), and the policy reads it from that run.
        List<String> landingRows = Files.readAllLines(project.resolve(landing));
        int contract = List.of(landingRows.get(0).split(",", -1)).indexOf("contract");
        var drifted = new java.util.ArrayList<String>(List.of(landingRows.get(0)));
        for (String row : landingRows.subList(1, landingRows.size())) {
            String[] fields = row.split(",", -1);
            fields[contract] = "Month-to-month";
            drifted.add(String.join(",", fields));
        }
        Files.write(project.resolve("data/landing/drifted.csv"), drifted);
        Call scored = cli("score", "pipelines/telco-churn.yaml", "--input", "data/landing/drifted.csv");
        assertTrue(scored.code() == 0 || scored.code() == 1, scored.out() + scored.err());
        Call drift = cli("should-retrain", policy("drift.yaml", "input_psi_above: 0.2\n", landing), "--json");
        assertEquals(0, drift.code(), drift.out() + drift.err());
        JsonNode psiAbove = condition(Json.MAPPER.readTree(drift.out()), "input_psi_above");
        assertTrue(psiAbove.get("fired").asBoolean() && psiAbove.get("value").asDouble() > 0.2, psiAbove.toString());
        assertTrue(psiAbove.get("evidence").asText().contains("contract"), psiAbove.toString());

        Call auc = cli("should-retrain", policy("auc.yaml", "realised_auc_below: 0.999\nmin_judged: 30\n", landing),
                "--json");
        assertEquals(0, auc.code(), auc.out() + auc.err());
        JsonNode floor = condition(Json.MAPPER.readTree(auc.out()), "realised_auc_below");
        assertTrue(floor.get("fired").asBoolean() && floor.get("value").asDouble() == realised, floor.toString());
        assertTrue(floor.get("evidence").asText().contains(" judged, "), floor.toString());

        List<String> rows = Files.readAllLines(project.resolve(landing));
        var grown = new java.util.ArrayList<>(rows);
        grown.addAll(rows.subList(1, 61));
        Files.write(project.resolve("data/landing/grown.csv"), grown);
        Call changed = cli("should-retrain", policy("rows.yaml", "rows_changed_above: 50\n", "data/landing/grown.csv"),
                "--json");
        assertEquals(0, changed.code(), changed.out() + changed.err());
        JsonNode change = condition(Json.MAPPER.readTree(changed.out()), "rows_changed_above");
        assertTrue(change.get("fired").asBoolean(), change.toString());
        assertEquals(60, change.get("value").asDouble());
        assertEquals("1260 rows now (data/landing/grown.csv) against 1200 trained on (validate of run "
                + change.get("evidence").asText().replaceAll(".*validate of run ", ""), change.get("evidence").asText());

        try (var store = io.pitstop.engine.store.SqlRunStore.open("jdbc:sqlite:" + project.resolve(".pitstop/pitstop.db"))) {
            var decisions = store.decisions("telco-churn", 10);
            assertEquals(List.of(List.of("rows_changed_above"), List.of("realised_auc_below"), List.of("input_psi_above"),
                    List.of()), decisions.stream().limit(4).map(d -> d.fired()).toList());
            assertEquals(skipped, Json.MAPPER.readTree(decisions.get(3).evidenceJson()));
        }
    }
}
