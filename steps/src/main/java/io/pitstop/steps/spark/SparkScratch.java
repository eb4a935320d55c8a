package io.pitstop.steps.spark;

import io.pitstop.engine.pkg.FileTree;
import io.pitstop.engine.store.ProcessOwner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Spark's scratch space ({@code spark.local.dir}: its {@code blockmgr-*} and {@code spark-*}
 * directories, shuffle and spill files) under {@code <state>/spark/local}, one directory per process,
 * named {@code <pid>-<process start>-<host>}. Spark deletes its directories in a shutdown hook, which a
 * SIGKILLed JVM never runs; the name says whose a leftover is, so the next session removes the
 * directories of processes of this host that are gone ({@link ProcessOwner#isAlive}), and nothing else:
 * not a live process's, not another host's (a state directory on a shared disk), not a name it did not make.
 */
public final class SparkScratch {

    /** {@code <pid>-<start token>-<host>}: a token is digits, or {@code t<ticks>b<hex>} on Linux; neither holds a dash. */
    private static final Pattern NAME = Pattern.compile("(\\d+)-(\\d+|t\\d+b[0-9a-f]{32})-(.+)");

    private SparkScratch() {
    }

    /** The directory name of a process's scratch space. */
    public static String nameOf(ProcessOwner owner) {
        return owner.pid() + "-" + owner.startToken() + "-" + owner.host();
    }

    /** Removes the leftovers of dead processes ({@link #sweep}) and creates this process's directory under root. */
    public static Path forThisProcess(Path root) throws IOException {
        sweep(root);
        return Files.createDirectories(root.resolve(nameOf(ProcessOwner.current())));
    }

    /** Deletes the directories under root whose process, on this host, is gone; returns them. */
    public static List<Path> sweep(Path root) throws IOException {
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(root)) return removed;
        List<Path> children;
        try (Stream<Path> list = Files.list(root)) {
            children = list.sorted().toList();
        }
        String host = ProcessOwner.thisHost();
        for (Path dir : children) {
            Matcher m = NAME.matcher(dir.getFileName().toString());
            if (!m.matches() || !m.group(3).equals(host) || !Files.isDirectory(dir)) continue;
            ProcessOwner owner;
            try {
                owner = new ProcessOwner(Long.parseLong(m.group(1)), host, m.group(2));
            } catch (NumberFormatException e) {
                continue; // digits beyond a long: not a name this class made
            }
            if (owner.isAlive()) continue;
            FileTree.delete(dir);
            removed.add(dir);
        }
        return removed;
    }
}
