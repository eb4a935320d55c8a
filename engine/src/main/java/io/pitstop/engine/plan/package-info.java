/**
 * The order a pipeline's steps run in: a stable topological order of the {@code needs:} graph, and
 * each step's ancestors, nearest first, which is where a step's upstream outputs are looked up.
 */
package io.pitstop.engine.plan;
