package io.pitstop.engine.pkg;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one recursive delete: the whole tree goes, an absent one is no error, and a link is never followed. */
class FileTreeDeleteTest {

    @TempDir
    Path dir;

    @Test
    void aNestedTreeIsDeletedDeepestFirst() throws Exception {
        Path root = dir.resolve("out");
        Files.createDirectories(root.resolve("a/b/c"));
        Files.writeString(root.resolve("a/b/c/part-0.parquet"), "x");
        Files.writeString(root.resolve("a/top.json"), "{}");

        FileTree.delete(root);

        assertFalse(Files.exists(root));
        assertTrue(Files.isDirectory(dir), "only the given tree goes");
    }

    @Test
    void anAbsentTreeIsNoError() {
        assertDoesNotThrow(() -> FileTree.delete(dir.resolve("never-written")));
    }

    @Test
    void aLinkInTheTreeIsDeletedButNotWhatItPointsTo() throws Exception {
        Path kept = Files.createDirectories(dir.resolve("kept"));
        Files.writeString(kept.resolve("data.csv"), "a,b\n");
        Path root = Files.createDirectories(dir.resolve("tree"));
        Files.createSymbolicLink(root.resolve("link"), kept);

        FileTree.delete(root);

        assertFalse(Files.exists(root.resolve("link"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.exists(kept.resolve("data.csv")), "the link's target is untouched");
    }
}
