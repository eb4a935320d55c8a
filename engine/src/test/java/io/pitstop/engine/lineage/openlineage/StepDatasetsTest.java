package io.pitstop.engine.lineage.openlineage;

import io.pitstop.engine.artifact.DataVersion;
import io.pitstop.engine.run.ObservedStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** How the typed artifacts a step records become OpenLineage datasets. */
class StepDatasetsTest {

    @TempDir
    Path project;

    @Test
    void aDataVersionIsTheTrackedFileVersionedByItsMd5() throws Exception {
        Path json = project.resolve("data-version.json");
        new DataVersion("data/landing/customers.csv", "0f3c9e", 120, "abc123", false, "/srv/dvc", "data/landing/customers.csv.dvc")
                .write(json);
        var step = step(Map.of(), List.of(project.resolve("landing.csv").toString()));
        Files.writeString(project.resolve("landing.csv"), "id\n1\n");

        var outputs = StepDatasets.outputs(step, Map.of("data_version", json.toString()));

        var dataset = outputs.get(0);
        assertEquals("file", dataset.namespace());
        assertEquals(project.resolve("data/landing/customers.csv").toString(), dataset.name());
        assertEquals("0f3c9e", dataset.version());
        assertEquals("data/landing/customers.csv.dvc", dataset.details().get("dvc_dvc_file"));
        assertEquals("abc123", dataset.details().get("dvc_git_commit"));
        assertEquals(List.of(project.resolve("landing.csv").toString()),
                StepDatasets.inputs(step).stream().map(LineageDataset::name).toList(), "the landing file it reads");
    }

    @Test
    void aPackageIsVersionedByTheModelVersionAndATableByItsDeltaVersion() throws Exception {
        Path pkg = Files.createDirectories(project.resolve("packages/churn-1.2.0"));
        var outputs = StepDatasets.outputs(step(Map.of(), List.of()), Map.of("package", pkg.toString(),
                "model_version", "1.2.0", "predictions_table", "hdfs://namenode:8020/tables/churn", "table_version", "7"));

        assertEquals(2, outputs.size(), "versions are no datasets: " + outputs);
        var table = outputs.stream().filter(d -> d.name().equals("/tables/churn")).findFirst().orElseThrow();
        assertEquals("hdfs://namenode:8020", table.namespace());
        assertEquals("7", table.version());
        var written = outputs.stream().filter(d -> d.name().equals(pkg.toString())).findFirst().orElseThrow();
        assertEquals("1.2.0", written.version());
    }

    @Test
    void aConsumedOutputIsTheSameDatasetItsProducerWrote() throws Exception {
        Path split = Files.createDirectories(project.resolve("artifacts/split/train.parquet"));
        var produced = StepDatasets.outputs(step(Map.of(), List.of()), Map.of("train_split", split.toString()));
        var consumed = StepDatasets.inputs(step(Map.of("train_split", split.toString()), List.of()));
        assertEquals(produced.get(0).name(), consumed.get(0).name());
        assertEquals(produced.get(0).namespace(), consumed.get(0).namespace());
        assertNull(consumed.get(0).version());
    }

    private ObservedStep step(Map<String, String> consumed, List<String> files) {
        return new ObservedStep("20260101-000000-abcd", "churn", "churn", "s", "x.kind", consumed, files, project);
    }
}
