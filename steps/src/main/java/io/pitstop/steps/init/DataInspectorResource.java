package io.pitstop.steps.init;

import io.pitstop.engine.conf.Profile;
import io.pitstop.engine.init.DataInspector;
import io.pitstop.engine.step.SharedResource;
import io.pitstop.steps.spark.SparkSessionResource;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;

/** Gives the engine's {@code init} command a {@link DataInspector} on a SparkSession configured from the profile. */
public final class DataInspectorResource implements SharedResource<DataInspector> {

    private final SparkSessionResource sessions = new SparkSessionResource();
    private SparkSession session;

    @Override
    public Class<DataInspector> type() {
        return DataInspector.class;
    }

    @Override
    public DataInspector open(Profile profile, Path projectDir) throws Exception {
        session = sessions.open(profile, projectDir);
        return new SparkDataInspector(session);
    }

    @Override
    public void close(DataInspector resource) {
        if (session != null) sessions.close(session);
    }
}
