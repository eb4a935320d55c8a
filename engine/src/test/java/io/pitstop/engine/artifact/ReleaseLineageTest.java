package io.pitstop.engine.artifact;

import io.pitstop.engine.step.Lineage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReleaseLineageTest {

    /** A manifest's lineage block as packages wrote it before the typed record: absent data fields as "null". */
    private static Map<String, String> writtenBeforeTheRecord() {
        var m = new TreeMap<String, String>();
        m.put("run_id", "20261201-010000-ab12");
        m.put("pipeline", "telco-churn");
        m.put("pipeline.file", "pipelines/telco-churn.yaml");
        m.put("pipeline.sha256", "f00d");
        m.put("git.commit", "c0ffee");
        m.put("git.dirty", "true");
        m.put("git.changes", "modified pipelines/telco-churn.yaml; untracked notes.txt");
        m.put("profile", "local");
        m.put("seed", "42");
        m.put("model.identity", "1d3n717y");
        m.put("env.java", "17.0.9");
        m.put("env.cpus", "2");
        m.put("data.format", "1");
        m.put("data.path", "data/telco_churn.csv");
        m.put("data.md5", "0123456789abcdef0123456789abcdef");
        m.put("data.size", "977501");
        m.put("data.dvc_file", "data/telco_churn.csv.dvc");
        m.put("data.git_commit", "c0ffee");
        m.put("data.git_dirty", "false");
        m.put("data.remote", "null");
        return m;
    }

    @Test
    void anOlderPackagesLineageReadsTypedAndWritesBackTheSameKeys() {
        ReleaseLineage lineage = ReleaseLineage.of(writtenBeforeTheRecord());

        assertEquals("c0ffee", lineage.gitCommit().orElseThrow());
        assertTrue(lineage.run().gitDirty());
        assertEquals(List.of("modified pipelines/telco-churn.yaml", "untracked notes.txt"), lineage.run().gitChanges());
        assertEquals(42L, lineage.seed());
        assertEquals("1d3n717y", lineage.modelIdentity());
        assertEquals(Map.of("java", "17.0.9", "cpus", "2"), lineage.run().environment());
        assertEquals(977501, lineage.data().size());
        assertNull(lineage.data().remote(), "\"null\" was an absent remote");
        assertEquals(false, lineage.data().gitDirty());

        var expected = writtenBeforeTheRecord();
        expected.remove("data.remote");
        assertEquals(expected, lineage.toMap());
    }

    @Test
    void aPackageBuiltOutsideGitHasNoCommitToCheckOut() {
        var built = new ReleaseLineage(new Lineage("r", "p", "pipelines/p.yaml", "sha", ReleaseLineage.NO_COMMIT, false,
                "local", Map.of()), 7L, "id", null);
        assertTrue(ReleaseLineage.of(built.toMap()).gitCommit().isEmpty());
        assertNull(ReleaseLineage.of(built.toMap()).data());
    }

    @Test
    void aDataVersionFileWithoutPathAndMd5IsRefusedNamingIt(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("data-version.json"), "{\"format\": 1, \"size\": 3}");
        var e = assertThrows(IOException.class, () -> DataVersion.ARTIFACT.read(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("path and md5"), e.getMessage());

        var v = new DataVersion("data/x.csv", "0123456789abcdef0123456789abcdef", 3, null, null, null, "data/x.csv.dvc");
        v.write(file);
        assertEquals(v, DataVersion.read(file));
    }
}
