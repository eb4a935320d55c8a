package io.pitstop.steps.train;

import io.pitstop.engine.conf.Profile;

import java.util.Locale;

/**
 * Where {@code train.network} fits the network, from the environment profile — the pipeline file
 * stays the same between a laptop and a cluster:
 *
 * <pre>
 * training:
 *   path: spark                # driver (default when spark.master is local) or spark
 *   averaging_frequency: 5     # spark: minibatches each worker fits between parameter averages
 * </pre>
 *
 * On one machine the driver path is several times faster (no serialisation, no averaging:
 * TrainNetworkStepTest prints both paths' samples/s, see docs/training.md) and reproducible bit for
 * bit, hence the default.
 *
 * @param spark              true for DL4J's parameter averaging over the executors
 * @param averagingFrequency minibatches per worker between averages (spark only)
 */
record TrainingPath(boolean spark, int averagingFrequency) {

    static final String PATH = "training.path";
    static final String AVERAGING_FREQUENCY = "training.averaging_frequency";

    static TrainingPath from(Profile profile) {
        String master = profile.get("spark.master", "local[2]");
        String fallback = master.startsWith("local") ? "driver" : "spark";
        String path = profile.get(PATH, fallback).toLowerCase(Locale.ROOT);
        if (!path.equals("driver") && !path.equals("spark")) {
            throw new IllegalArgumentException("profile " + profile.name() + ": " + PATH + " must be driver or spark, found '"
                    + path + "'");
        }
        String frequency = profile.get(AVERAGING_FREQUENCY, "5");
        int averaging;
        try {
            averaging = Integer.parseInt(frequency.trim());
        } catch (NumberFormatException e) {
            averaging = 0;
        }
        if (averaging < 1) {
            throw new IllegalArgumentException("profile " + profile.name() + ": " + AVERAGING_FREQUENCY
                    + " must be a whole number of minibatches >= 1, found '" + frequency + "'");
        }
        return new TrainingPath(path.equals("spark"), averaging);
    }

    String name() {
        return spark ? "spark (parameter averaging every " + averagingFrequency + " minibatches)" : "driver";
    }
}
