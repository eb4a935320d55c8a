/**
 * Runs started by a Git tag ({@code train/<pipeline>/<label>}): a clean checkout of exactly the tagged
 * commit, beside the user's work tree, so a triggered run never picks up uncommitted edits.
 */
package io.pitstop.engine.trigger;
