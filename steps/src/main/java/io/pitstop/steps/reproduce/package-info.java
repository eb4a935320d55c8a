/**
 * {@code reproduce.compare}: the last step of the pipeline {@code ./pitstop reproduce} runs, which
 * compares the model it rebuilt with the released package part by part.
 */
package io.pitstop.steps.reproduce;
