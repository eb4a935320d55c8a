/**
 * Cheap dataset profiles: counts, completeness, sketches of distinct values and quantiles, value
 * frequencies, and the bins drift is measured in with their exact counts — written by {@code data.validate} as {@code profile.json} and read back for drift.
 */
package io.pitstop.steps.profile;
