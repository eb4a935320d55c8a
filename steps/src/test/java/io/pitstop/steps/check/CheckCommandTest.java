package io.pitstop.steps.check;

import io.pitstop.engine.cli.PitstopCli;
import io.pitstop.engine.run.RunOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./pitstop check} with the shipped step kinds on a copy of the demo project: every problem the
 * files can tell, in the pipeline and in its contract, printed as {@code path:line:column: message} in
 * one pass, exit 2; and the profile's {@code paths.allowed_roots} honoured.
 */
class CheckCommandTest {

    private static final Pattern PROBLEM_LINE = Pattern.compile("(.+):(\\d+):(\\d+): (.+)");

    @TempDir
    Path dir;

    @Test
    void checkPrintsEveryProblemAtItsLineAndColumnAndExitsTwo() throws Exception {
        DemoCopy demo = DemoCopy.into(dir)
                .edit(DemoCopy.PIPELINE, "positive: \"Yes\"", "positive: \"yes\"")
                .edit(DemoCopy.PIPELINE, "slices: [contract]", "slices: [contrakt]")
                .edit(DemoCopy.PIPELINE, "floors: { auc: 0.75 }", "floors: { auc: 1.5 }")
                .editStep("score", "table: .pitstop/tables/churn_predictions", "table: ../../etc/x")
                .edit(DemoCopy.CONTRACT, "sql: total_charges IS NULL OR total_charges >= monthly_charges * 0.5",
                        "sql: total_charges IS NULL OR >= monthly_charges * 0.5");
        Result r = check(demo);
        assertEquals(RunOutcome.EXIT_INVALID, r.exit, r.err);
        assertEquals("", r.out, "nothing is reported as ok");
        List<String> lines = r.err.lines().toList();
        List<String> expected = List.of(
                DemoCopy.CONTRACT + "|kind: predicate|predicate 'total_covers_half_a_month': sql does not parse",
                DemoCopy.PIPELINE + "|positive: \"yes\"|positive 'yes' is not a value of 'churn'",
                DemoCopy.PIPELINE + "|slices: [contrakt]|slice column 'contrakt' is not a column of the contract",
                DemoCopy.PIPELINE + "|floors: { auc: 1.5 }|floors.auc is 1.5, outside the range of auc [0, 1]",
                DemoCopy.PIPELINE + "|table: ../../etc/x|table: '../../etc/x' climbs out of the project");
        assertEquals(expected.size(), lines.size(), r.err);
        for (String e : expected) {
            String[] parts = e.split("\\|");
            String file = dir.resolve(parts[0]).toString();
            int line = demo.lineOf(parts[0], parts[1]);
            assertTrue(lines.stream().anyMatch(l -> {
                Matcher m = PROBLEM_LINE.matcher(l);
                return m.matches() && m.group(1).equals(file) && Integer.parseInt(m.group(2)) == line
                        && Integer.parseInt(m.group(3)) >= 1 && m.group(4).contains(parts[2]);
            }), "no line " + file + ":" + line + ":…: …" + parts[2] + " in\n" + r.err);
        }
    }

    @Test
    void aRootTheProfileAllowsIsAcceptedByCheck() throws Exception {
        Path root = Files.createDirectories(dir.resolve("shared"));
        Path project = Files.createDirectories(dir.resolve("project"));
        DemoCopy demo = DemoCopy.into(project)
                .editStep("score", "table: .pitstop/tables/churn_predictions", "table: " + root.resolve("churn"));
        assertEquals(RunOutcome.EXIT_INVALID, check(demo).exit);
        Files.writeString(project.resolve("conf/local.yaml"), Files.readString(project.resolve("conf/local.yaml"))
                + "paths:\n  allowed_roots: [" + root + "]\n");
        Result r = check(demo);
        assertEquals(RunOutcome.EXIT_OK, r.exit, r.err);
        assertTrue(r.out.startsWith(DemoCopy.PIPELINE + ": ok ("), r.out);
    }

    @Test
    void theDemoPassesCheckUnderEveryShippedProfile() throws Exception {
        DemoCopy demo = DemoCopy.into(dir);
        try (var profiles = Files.list(DemoCopy.REPO.resolve("conf"))) {
            for (Path profile : profiles.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Files.copy(profile, dir.resolve("conf").resolve(profile.getFileName()),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                String name = profile.getFileName().toString().replace(".yaml", "");
                Result r = check(demo, "--profile", name);
                assertEquals(RunOutcome.EXIT_OK, r.exit, name + ": " + r.err);
            }
        }
    }

    private record Result(int exit, String out, String err) {
    }

    /** {@code ./pitstop check <pipeline> --project <dir>} in this JVM, its output captured. */
    private static Result check(DemoCopy demo, String... more) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            var args = new java.util.ArrayList<>(List.of("check", DemoCopy.PIPELINE, "--project", demo.dir().toString()));
            args.addAll(List.of(more));
            exit = PitstopCli.execute(args.toArray(String[]::new));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
