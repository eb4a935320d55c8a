package io.pitstop.engine.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code <state_dir>/audit/heads}: one line {@code <sequence> <entry hash>} for every audit entry this
 * machine's Pitstop committed, appended right after the commit. It is a copy of the chain outside the
 * database, so {@code pitstop audit verify} can tell a removed newest entry, a rewritten (re-hashed)
 * history or an entry appended behind Pitstop's back from an intact log.
 *
 * <p>It is not signed: whoever can write both the database and this file can rewrite both. The
 * signed package manifests and the release tags anchor the chain too ({@link AuditAnchors}).
 * Appends take an exclusive file lock, so lines of two processes never interleave; their order may
 * differ from the sequence order, which the verification does not rely on.
 */
public final class AuditHeadFile {

    private static final Pattern LINE = Pattern.compile("(\\d+) ([0-9a-f]{64})");

    private final Path file;

    public AuditHeadFile(Path file) {
        this.file = file;
    }

    /** The heads file of a state directory. */
    public static AuditHeadFile in(Path stateDir) {
        return new AuditHeadFile(stateDir.resolve("audit").resolve("heads"));
    }

    public Path file() {
        return file;
    }

    /** What the file says: its anchors, and its lines that are not anchors (reported, never skipped silently). */
    public record Reading(List<AuditAnchor> anchors, List<String> problems) {
        public Reading {
            anchors = List.copyOf(anchors);
            problems = List.copyOf(problems);
        }
    }

    /** Appends the links just committed (a transaction may commit several) and forces them to disk. */
    public void record(List<AuditChain.Head> heads) {
        if (heads.isEmpty()) return;
        StringBuilder text = new StringBuilder();
        heads.forEach(h -> text.append(h.sequence()).append(' ').append(h.entryHash()).append('\n'));
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND); var lock = ch.lock()) {
                ch.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append the audit head to " + file
                    + " (the transition itself is committed; `pitstop audit verify` will report it as not anchored)", e);
        }
    }

    public Reading read() {
        if (!Files.exists(file)) return new Reading(List.of(), List.of());
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit heads file " + file, e);
        }
        List<AuditAnchor> anchors = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            var m = LINE.matcher(line);
            if (m.matches()) {
                anchors.add(new AuditAnchor(file + ":" + (i + 1), Long.parseLong(m.group(1)), m.group(2)));
            } else if (!line.isBlank()) {
                problems.add(file + ":" + (i + 1) + ": '" + line + "' is not '<sequence> <sha-256 hex>': the heads file was edited");
            }
        }
        return new Reading(anchors, problems);
    }
}
