package io.pitstop.steps.data;

/** What a successful dvc command printed. */
public record DvcOutput(String stdout, String stderr) {
}
