package io.pitstop.engine.registry;

import io.pitstop.engine.conf.Profile;
import io.pitstop.engine.pkg.LineSignature;
import io.pitstop.engine.pkg.PackageKeys;

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
 * {@code <state_dir>/audit/heads}: one line {@code <sequence> <entry hash> [<signature>]} for every audit
 * entry this machine's Pitstop committed, appended right after the commit. It is a copy of the chain
 * outside the database, so {@code pitstop audit verify} can tell a removed newest entry, a rewritten
 * (re-hashed) history or an entry appended behind Pitstop's back from an intact log.
 *
 * <p>Where the configuration holds the release signing key, each line is signed with it
 * ({@link LineSignature}), so that whoever can write the database and this file still cannot add or
 * rewrite a line: there an unsigned line anchors nothing and a badly signed one is tampering. Without the
 * key the lines are unsigned and trusted as they are; whoever can write both can rewrite both, and the
 * signed package manifests and the release tags ({@link AuditAnchors}) are what is left. Removing the
 * newest lines stays possible either way: a signature says who wrote a line, not that none came after it.
 *
 * <p>Appends take an exclusive file lock, so lines of two processes never interleave; their order may
 * differ from the sequence order, which the verification does not rely on.
 */
public final class AuditHeadFile {

    private static final Pattern LINE = Pattern.compile("(\\d+) ([0-9a-f]{64})(?: ([A-Za-z0-9+/=]+))?");

    private final Path file;
    private final PackageKeys keys;

    /** @param keys the release key pair that signs and checks the lines; null for an unsigned file */
    public AuditHeadFile(Path file, PackageKeys keys) {
        this.file = file;
        this.keys = keys;
    }

    /** The unsigned heads file of a state directory (tests of the chain alone). */
    public static AuditHeadFile in(Path stateDir) {
        return new AuditHeadFile(stateDir.resolve("audit").resolve("heads"), null);
    }

    /** The heads file of a profile's state directory, signed with the profile's release key where it holds one. */
    public static AuditHeadFile of(Profile profile) {
        return new AuditHeadFile(profile.stateDir().resolve("audit").resolve("heads"), PackageKeys.of(profile));
    }

    public Path file() {
        return file;
    }

    /**
     * What the file says: its anchors, its lines that are tampering (edited, badly signed: reported, never
     * skipped silently), and what a reader should know (the file is unsigned; unsigned lines not trusted).
     */
    public record Reading(List<AuditAnchor> anchors, List<String> problems, List<String> notes) {
        public Reading {
            anchors = List.copyOf(anchors);
            problems = List.copyOf(problems);
            notes = List.copyOf(notes);
        }
    }

    /** Appends the links just committed (a transaction may commit several) and forces them to disk. */
    public void record(List<AuditChain.Head> heads) {
        if (heads.isEmpty()) return;
        StringBuilder text = new StringBuilder();
        for (AuditChain.Head h : heads) {
            String line = h.sequence() + " " + h.entryHash();
            text.append(line);
            signature(line).ifPresent(sig -> text.append(' ').append(sig));
            text.append('\n');
        }
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

    /** The line's signature, when this configuration signs; a key that cannot be read leaves the line unsigned (verify says so). */
    private java.util.Optional<String> signature(String line) {
        if (keys == null) return java.util.Optional.empty();
        try {
            return LineSignature.sign(keys, line);
        } catch (PackageKeys.KeyException e) {
            return java.util.Optional.empty();
        }
    }

    public Reading read() {
        if (!Files.exists(file)) return new Reading(List.of(), List.of(), List.of());
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit heads file " + file, e);
        }
        // Where this configuration signs, only signed lines are trusted; where it only holds the public key,
        // a signed line is still checked, and an unsigned one trusted as the file's writer had no key either.
        boolean signs = keys != null && LineSignature.signs(keys);
        boolean canCheck = keys != null && Files.isRegularFile(keys.publicKeyFile());
        List<AuditAnchor> anchors = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<Integer> unsigned = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String where = file + ":" + (i + 1);
            var m = LINE.matcher(line);
            if (!m.matches()) {
                if (!line.isBlank()) problems.add(where + ": '" + line + "' is not '<sequence> <sha-256 hex> [<signature>]': the heads file was edited");
                continue;
            }
            var anchor = new AuditAnchor(where, Long.parseLong(m.group(1)), m.group(2));
            String signature = m.group(3);
            if (signature == null) {
                unsigned.add(i + 1);
                if (!signs) anchors.add(anchor);
            } else if (!canCheck) {
                anchors.add(anchor);
            } else {
                String problem = LineSignature.problem(keys, m.group(1) + " " + m.group(2), signature);
                if (problem == null) anchors.add(anchor);
                else problems.add(where + ": entry " + m.group(1) + "'s head is badly signed (" + problem
                        + "): the line was edited or added by hand, and anchors nothing");
            }
        }
        List<String> notes = new ArrayList<>();
        if (!signs && !lines.isEmpty() && !unsigned.isEmpty()) {
            notes.add(file + " is unsigned: this configuration holds no release signing key, so whoever can write it and the "
                    + "database can rewrite both");
        } else if (signs && !unsigned.isEmpty()) {
            notes.add(file + ": " + unsigned.size() + " unsigned line(s) (" + lineList(unsigned) + ") anchor nothing: "
                    + "this configuration signs every head, so they were written before its key existed, or by hand");
        }
        return new Reading(anchors, problems, notes);
    }

    private static String lineList(List<Integer> lines) {
        var shown = lines.stream().limit(5).map(n -> "line " + n).toList();
        return String.join(", ", shown) + (lines.size() > 5 ? " and " + (lines.size() - 5) + " more" : "");
    }
}
