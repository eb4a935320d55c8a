/**
 * Cheap dataset profiles: counts, completeness, sketches of distinct values and quantiles, value
 * frequencies — written by {@code data.validate} as {@code profile.json} and read back for drift.
 */
package io.pitstop.steps.profile;
