/**
 * Batch scoring into a Delta table: {@link io.pitstop.steps.score.BatchScorer} stages predictions,
 * checks them, then overwrites the table in one atomic commit. Not a step by itself: the
 * {@code score.batch} step resolves the production model and the input, then calls it.
 */
package io.pitstop.steps.score;
