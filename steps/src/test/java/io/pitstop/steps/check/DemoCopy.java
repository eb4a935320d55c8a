package io.pitstop.steps.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped demo project (pipeline, contract, local profile) copied into a temporary directory,
 * with text edits applied, so that a test breaks one thing of a real pipeline and asks {@code check}.
 */
record DemoCopy(Path dir) {

    static final Path REPO = Path.of(System.getProperty("pitstop.home", "..")).toAbsolutePath().normalize();
    static final String PIPELINE = "pipelines/telco-churn.yaml";
    static final String CONTRACT = "data-contracts/telco-churn.yaml";

    static DemoCopy into(Path dir) throws IOException {
        for (String f : new String[]{PIPELINE, CONTRACT, "conf/local.yaml"}) {
            Files.createDirectories(dir.resolve(f).getParent());
            Files.copy(REPO.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        // check only asks that the landing file exists
        Files.createDirectories(dir.resolve("data/landing"));
        Files.writeString(dir.resolve("data/landing/telco_churn.csv"), "customer_id\n");
        return new DemoCopy(dir);
    }

    /** Replaces text in a project file; the text must be there (the demo has not drifted from the test). */
    DemoCopy edit(String file, String from, String to) throws IOException {
        Path p = dir.resolve(file);
        String text = Files.readString(p);
        assertTrue(text.contains(from), file + " no longer contains '" + from + "'");
        Files.writeString(p, text.replace(from, to));
        return this;
    }

    /**
     * Replaces text within one step of the pipeline (from its {@code - id:} line to the next step), so
     * an edit stays in that step however many steps share the same text.
     */
    DemoCopy editStep(String stepId, String from, String to) throws IOException {
        Path p = dir.resolve(PIPELINE);
        String text = Files.readString(p);
        int start = text.indexOf("  - id: " + stepId + "\n");
        assertTrue(start >= 0, "the pipeline has no step " + stepId);
        int end = text.indexOf("\n  - id: ", start + 1);
        end = end < 0 ? text.length() : end;
        String step = text.substring(start, end);
        assertTrue(step.contains(from), "step " + stepId + " no longer contains '" + from + "'");
        Files.writeString(p, text.substring(0, start) + step.replace(from, to) + text.substring(end));
        return this;
    }

    /**
     * Drops the gate's fairness limits: their gaps are a binary classifier's, so a test turning the demo into
     * another task removes them as a real multiclass or regression pipeline would.
     */
    DemoCopy withoutGateFairness() throws IOException {
        Path p = dir.resolve(PIPELINE);
        String text = Files.readString(p);
        String without = text.replaceAll(GATE_FAIRNESS, "");
        assertTrue(!without.equals(text), "the demo gate no longer declares fairness limits");
        Files.writeString(p, without);
        return this;
    }

    /** The demo gate's fairness block, as a regular expression over the pipeline's lines. */
    static final String GATE_FAIRNESS = "(?m)^      fairness:\\n        max_demographic_parity_difference:.*\\n"
            + "        max_equal_opportunity_difference:.*\\n        max_group_regression:.*\\n";

    Path pipeline() {
        return dir.resolve(PIPELINE);
    }

    /** The 1-based number of the first line of a project file containing {@code text}. */
    int lineOf(String file, String text) throws IOException {
        var lines = Files.readAllLines(dir.resolve(file));
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(text)) return i + 1;
        throw new AssertionError(file + " has no line with '" + text + "'");
    }
}
