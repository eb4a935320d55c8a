package io.pitstop.steps.data;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

/** A throw-away Git + DVC project in a temp directory, with a local-directory DVC remote beside it. */
final class TempProject {

    final Path dir;
    final Git git;
    final Dvc dvc;

    private TempProject(Path dir, Git git, Dvc dvc) {
        this.dir = dir;
        this.git = git;
        this.dvc = dvc;
    }

    /** A Git repository with one commit; with {@code dvcInit}, also a DVC repository. */
    static TempProject create(Path parent, boolean dvcInit) throws Exception {
        Path dir = Files.createDirectories(parent.resolve("project"));
        Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
        Files.writeString(dir.resolve("README.md"), "test project\n");
        TempProject project = new TempProject(dir, git, new Dvc(PythonTools.dvc(), dir, Duration.ofMinutes(2)));
        project.commit("initial");
        if (dvcInit) {
            project.dvc.init();
            project.commit("dvc init");
        }
        return project;
    }

    RevCommit commit(String message) throws Exception {
        git.add().addFilepattern(".").call();
        return git.commit().setMessage(message).setAuthor("test", "test@example.com")
                .setCommitter("test", "test@example.com").setSign(false).setAllowEmpty(true).call();
    }

    Path write(String relative, String content) throws Exception {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    static String md5(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(file)));
    }
}
