package io.pitstop.engine.conf;

import io.pitstop.engine.spec.SpecException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where a declared path may point: the project, an allowed root, or a URI with a scheme. */
class ProjectPathsTest {

    @TempDir
    Path dir;

    @Test
    void pathsInsideTheProjectAndUrisAreAcceptedOthersRefused() {
        ProjectPaths paths = ProjectPaths.inside(dir);
        for (String ok : List.of("data/x.csv", "./a/../b", dir.resolve("inside.csv").toString(), "hdfs://nn:8020/t",
                "s3a://bucket/t", "file:/srv/x")) {
            assertTrue(paths.refusal(ok).isEmpty(), ok + ": " + paths.refusal(ok));
        }
        assertTrue(paths.refusal("../x").orElseThrow().contains("'../x' climbs out of the project"));
        assertTrue(paths.refusal("data/../../x").orElseThrow().contains("climbs out of the project"));
        assertTrue(paths.refusal("/srv/x").orElseThrow().contains("'/srv/x' is an absolute path outside the project"));
    }

    @Test
    void aTrackedPathMustBeRelativeAndStayInside() {
        assertTrue(ProjectPaths.notInsideRelative("data/x.csv").isEmpty());
        assertTrue(ProjectPaths.notInsideRelative("data/../x..y.csv").isEmpty(), "'..' inside a name is not a step up");
        assertEquals("must be relative to the project and stay inside it; '../x.csv' is a path that climbs out of the"
                + " project", ProjectPaths.notInsideRelative("../x.csv").orElseThrow());
        assertTrue(ProjectPaths.notInsideRelative("/srv/x.csv").orElseThrow().endsWith("is an absolute path"));
        assertTrue(ProjectPaths.notInsideRelative("s3a://b/x.csv").orElseThrow().endsWith("is a URI"));
    }

    @Test
    void anAllowedRootAcceptsWhatLiesUnderItOnly() {
        ProjectPaths paths = new ProjectPaths(dir.resolve("project"), List.of(Path.of("/srv/data")));
        assertTrue(paths.refusal("/srv/data/in.csv").isEmpty());
        assertTrue(paths.refusal("/srv/database").isPresent(), "a sibling sharing the prefix is not under the root");
        assertTrue(paths.refusal("/srv/data/../etc/x").isPresent());
    }

    @Test
    void aProfileDeclaresItsRootsAndItsOwnPathsAreHeldToThem() throws Exception {
        Files.createDirectories(dir.resolve("conf"));
        Files.writeString(dir.resolve("conf/p.yaml"), """
                state_dir: .pitstop
                paths:
                  allowed_roots: [/srv/data]
                dvc:
                  remote: /srv/data/dvc
                keys:
                  private: /etc/keys/signing.key
                """);
        var e = assertThrows(SpecException.class, () -> ProfileLoader.load(dir, "p"));
        assertEquals(1, e.problems().size(), e.problems().toString());
        assertEquals(7, e.problems().get(0).line(), e.problems().toString());
        assertTrue(e.problems().get(0).message().startsWith("keys.private: '/etc/keys/signing.key' is an absolute path"
                + " outside the project and not under an allowed root [/srv/data]"), e.problems().toString());

        Files.writeString(dir.resolve("conf/p.yaml"), """
                paths: { allowed_roots: [/srv/data] }
                dvc: { remote: /srv/data/dvc }
                """);
        ProjectPaths paths = ProjectPaths.of(ProfileLoader.load(dir, "p"));
        assertEquals(List.of(Path.of("/srv/data")), paths.allowedRoots());
    }

    @Test
    void aRelativeAllowedRootIsRefused() throws Exception {
        Files.createDirectories(dir.resolve("conf"));
        Files.writeString(dir.resolve("conf/p.yaml"), "paths:\n  allowed_roots: [../shared]\n");
        var e = assertThrows(SpecException.class, () -> ProfileLoader.load(dir, "p"));
        assertEquals("2:19: paths.allowed_roots: each root must be an absolute directory such as /srv/data,"
                + " found string \"../shared\"", e.problems().get(0).line() + ":" + e.problems().get(0).column()
                + ": " + e.problems().get(0).message());
    }
}
