package io.pitstop.steps.data;

import io.pitstop.engine.artifact.DataVersion;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real dvc (from bin/setup-python) on a temp Git repository with a local-directory remote. */
class DvcTest {

    @TempDir
    Path tmp;

    @Test
    void addRecordsTheFilesMd5AndPushCopiesItToTheRemote() throws Exception {
        TempProject p = TempProject.create(tmp, true);
        Path data = p.write("data/churn.csv", "customer_id,churn\nC1,No\nC2,Yes\n");
        Path remote = tmp.resolve("remote");
        p.dvc.remoteAddLocal("pitstop", remote.toString());

        DvcFile added = p.dvc.add(Path.of("data/churn.csv"));
        p.dvc.push(added.file(), "pitstop");

        assertEquals(TempProject.md5(data), added.md5());
        assertEquals(Files.size(data), added.size());
        assertEquals(p.dir.resolve("data/churn.csv.dvc"), added.file());
        String md5 = added.md5();
        assertTrue(Files.isRegularFile(remote.resolve("files/md5/" + md5.substring(0, 2) + "/" + md5.substring(2))),
                "the pushed content is in the remote under its md5");
        assertTrue(Files.readString(p.dir.resolve(".dvc/config.local")).contains(remote.toString()));
        assertTrue(p.dvc.status().stdout().contains("up to date"));
    }

    @Test
    void changedDataGetsANewMd5AndCheckoutOfTheOldDvcFileBringsTheOldBytesBack() throws Exception {
        TempProject p = TempProject.create(tmp, true);
        Path data = p.write("data/churn.csv", "customer_id,churn\nC1,No\n");
        String first = p.dvc.add(Path.of("data/churn.csv")).md5();
        RevCommit v1 = p.commit("data v1");

        p.write("data/churn.csv", "customer_id,churn\nC1,No\nC2,Yes\n");
        String second = p.dvc.add(Path.of("data/churn.csv")).md5();
        p.commit("data v2");
        assertNotEquals(first, second);
        assertTrue(p.dvc.status().stdout().contains("up to date"));

        p.git.checkout().setStartPoint(v1).addPath("data/churn.csv.dvc").call();
        assertTrue(p.dvc.status().stdout().contains("modified"), "dvc sees the workspace differs from the old .dvc");
        p.dvc.checkout(Path.of("data/churn.csv.dvc"));

        assertEquals(first, TempProject.md5(data));
        assertEquals("customer_id,churn\nC1,No\n", Files.readString(data));
    }

    @Test
    void versionCombinesTheDvcFileWithTheGitHead() throws Exception {
        TempProject p = TempProject.create(tmp, true);
        p.write("data/churn.csv", "a\n1\n");
        DvcFile added = p.dvc.add(Path.of("data/churn.csv"));
        RevCommit head = p.commit("data");

        DataVersion v = p.dvc.version(added.file(), "/some/remote");

        assertEquals(new DataVersion("data/churn.csv", added.md5(), 4, head.name(), false, "/some/remote",
                "data/churn.csv.dvc"), v);
    }

    @Test
    void aMissingBinaryTellsHowToInstallIt() {
        Dvc dvc = new Dvc(tmp.resolve("no-venv/bin/dvc"), tmp, Duration.ofSeconds(10));

        DvcException e = assertThrows(DvcException.class, dvc::status);

        assertEquals(DvcException.Kind.BINARY_MISSING, e.kind());
        assertTrue(e.getMessage().contains("bin/setup-python"), e.getMessage());
        assertTrue(e.getMessage().contains(tmp.resolve("no-venv/bin/dvc").toString()), e.getMessage());
    }

    @Test
    void aGitRepositoryWithoutDvcInitIsReportedWithTheFix() throws Exception {
        TempProject p = TempProject.create(tmp, false);

        DvcException e = assertThrows(DvcException.class, () -> p.dvc.add(Path.of("README.md")));

        assertEquals(DvcException.Kind.NOT_A_REPOSITORY, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("init"), e.getMessage());
        assertTrue(e.dvcMessage().contains("not inside of a DVC repository"), e.dvcMessage());
        assertFalse(p.dvc.isRepository());
    }

    @Test
    void aRemoteThatCannotBeWrittenFailsThePushWithDvcsReason() throws Exception {
        TempProject p = TempProject.create(tmp, true);
        p.write("data/churn.csv", "a\n1\n");
        // A remote "directory" below a regular file can never be created, even by root.
        Path blocker = Files.writeString(tmp.resolve("a-file"), "not a directory");
        p.dvc.remoteAddLocal("pitstop", blocker.resolve("remote").toString());
        DvcFile added = p.dvc.add(Path.of("data/churn.csv"));

        DvcException e = assertThrows(DvcException.class, () -> p.dvc.push(added.file(), "pitstop"));

        assertEquals(DvcException.Kind.REMOTE_FAILED, e.kind());
        assertTrue(e.exitCode() > 0);
        assertTrue(e.dvcMessage().contains("Not a directory"), e.dvcMessage());
        assertTrue(e.getMessage().contains("push"), e.getMessage());
        assertTrue(e.commandLine().contains("pitstop"), e.commandLine().toString());
    }

    @Test
    void anyOtherNonZeroExitCarriesDvcsOwnMessage() throws Exception {
        TempProject p = TempProject.create(tmp, true);

        DvcException e = assertThrows(DvcException.class, () -> p.dvc.add(Path.of("missing.csv")));

        assertEquals(DvcException.Kind.FAILED, e.kind(), e.getMessage());
        assertEquals(1, e.exitCode());
        assertTrue(e.dvcMessage().contains("output 'missing.csv' does not exist"), e.dvcMessage());
        assertTrue(e.getMessage().contains("dvc said: ERROR: output 'missing.csv' does not exist"), e.getMessage());
    }

    @Test
    void checkoutRefusesToOverwriteUnsavedDataRatherThanPrompting() throws Exception {
        TempProject p = TempProject.create(tmp, true);
        Path data = p.write("data/churn.csv", "v1\n");
        p.dvc.add(Path.of("data/churn.csv"));
        Files.writeString(data, "edited, never added\n");

        DvcException e = assertThrows(DvcException.class, () -> p.dvc.checkout(Path.of("data/churn.csv.dvc")));

        assertEquals(DvcException.Kind.FAILED, e.kind(), e.getMessage());
        assertTrue(e.dvcMessage().contains("--force"), e.dvcMessage());
        assertEquals("edited, never added\n", Files.readString(data), "nothing was lost");
    }

    @Test
    void aCommandThatOutlivesItsTimeoutIsStopped() throws Exception {
        Dvc slow = new Dvc(PythonTools.dvc(), tmp, Duration.ofMillis(30));

        long start = System.nanoTime();
        DvcException e = assertThrows(DvcException.class, slow::status);

        assertEquals(DvcException.Kind.TIMEOUT, e.kind());
        assertTrue(e.getMessage().contains("did not finish within 30 ms"), e.getMessage());
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "killed promptly, not after dvc finished on its own");
    }
}
