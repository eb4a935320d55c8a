/**
 * The JSON conventions every file, column and {@code --json} output follows (snake_case, sorted maps,
 * ISO instants, NaN as null) in one configured mapper, {@link io.pitstop.engine.json.Json}, and the
 * canonical text forms ({@link io.pitstop.engine.json.JsonText}) used where equal values must give
 * equal text.
 */
package io.pitstop.engine.json;
