package io.pitstop.engine.init;

import java.util.Objects;

/**
 * What the user asked {@code init} for; everything but the label may be null (then inferred).
 *
 * @param name     the pipeline's name, also the file names and the model name; default: from the data file's name
 * @param key      the column that identifies a row; default: the first key candidate, else a derived key
 * @param task     binary, multiclass or regression; default: inferred from the label
 * @param positive task binary: the label value that counts as positive; default: the rarer value
 */
public record InitRequest(String label, String name, String key, String task, String positive) {

    public InitRequest {
        Objects.requireNonNull(label, "label");
    }
}
