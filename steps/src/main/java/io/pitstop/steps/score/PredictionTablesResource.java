package io.pitstop.steps.score;

import io.pitstop.engine.conf.Profile;
import io.pitstop.engine.predictions.PredictionTables;
import io.pitstop.engine.step.SharedResource;
import io.pitstop.steps.spark.SparkSessionResource;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;

/**
 * Gives the engine's {@code predictions} commands a {@link PredictionTables} backed by Delta, on a
 * SparkSession configured from the profile like every step's.
 */
public final class PredictionTablesResource implements SharedResource<PredictionTables> {

    private final SparkSessionResource sessions = new SparkSessionResource();
    private SparkSession session;

    @Override
    public Class<PredictionTables> type() {
        return PredictionTables.class;
    }

    @Override
    public PredictionTables open(Profile profile, Path projectDir) throws Exception {
        session = sessions.open(profile, projectDir);
        return new DeltaPredictionTables(session);
    }

    @Override
    public void close(PredictionTables resource) {
        if (session != null) sessions.close(session);
    }
}
