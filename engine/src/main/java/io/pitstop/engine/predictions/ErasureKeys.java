package io.pitstop.engine.predictions;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The subjects to erase: key values given on the command line and/or one per line in a file.
 * Keys are compared with the table's key column as text, exactly: a line with surrounding spaces or
 * a control character would match nothing or the wrong subject without anyone noticing, so it is
 * refused, with every other bad line, before anything is read or written.
 *
 * @param keys distinct, sorted
 */
public record ErasureKeys(Set<String> keys) {

    public ErasureKeys {
        keys = Collections.unmodifiableSet(new TreeSet<>(keys));
        if (keys.isEmpty()) throw new ErasureRefusedException("no key to erase: give --key <value> or --keys-file <file>");
    }

    /**
     * @param given from {@code --key}
     * @param file  from {@code --keys-file}, or null
     * @throws ErasureRefusedException naming every bad value or {@code file:line}
     */
    public static ErasureKeys of(List<String> given, Path file) {
        List<String> problems = new ArrayList<>();
        Set<String> keys = new TreeSet<>();
        for (String k : given) {
            String why = problem(k);
            if (why != null) problems.add("--key " + quoted(k) + ": " + why);
            else keys.add(k);
        }
        if (file != null) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (CharacterCodingException e) {
                throw new ErasureRefusedException(file + ": not UTF-8 text");
            } catch (IOException e) {
                throw new ErasureRefusedException(file + ": cannot read the keys file (" + e.getMessage() + ")");
            }
            for (int i = 0; i < lines.size(); i++) {
                String why = problem(lines.get(i));
                if (why != null) problems.add(file + ":" + (i + 1) + ": " + why);
                else keys.add(lines.get(i));
            }
            if (lines.isEmpty()) problems.add(file + ": no keys in the file");
        }
        if (!problems.isEmpty()) {
            throw new ErasureRefusedException("nothing erased; bad keys:\n  " + String.join("\n  ", problems));
        }
        return new ErasureKeys(keys);
    }

    /** Why a key is refused, or null. */
    private static String problem(String key) {
        if (key.isBlank()) return "empty key (one key per line, no blank lines)";
        if (!key.strip().equals(key)) return "leading or trailing whitespace (keys are matched exactly)";
        if (key.chars().anyMatch(Character::isISOControl)) return "control character in the key";
        return null;
    }

    /** Echoes a refused --key (the operator typed it) without its control characters. */
    private static String quoted(String key) {
        return "'" + key.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
