package io.pitstop.engine.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README and docs/ as a newcomer meets them: a README short enough to read (at most 15 KB), links
 * that lead somewhere, and code in docs/architecture.md that is the code of a test, so it cannot rot.
 */
class DocsTest {

    /** Tests run in the module directory; the repository is its parent. */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final long README_LIMIT_BYTES = 15 * 1024;

    /** {@code [text](target)}, not an image's {@code ![..](..)} any differently: both must resolve. */
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    private static final Pattern FENCE = Pattern.compile("(?m)^```");
    private static final Pattern CODE_MARK = Pattern.compile("<!-- code: (\\S+)#(\\S+) -->\\s*\\n```\\w*\\n(.*?)\\n```",
            Pattern.DOTALL);

    @Test
    void theReadmeStaysWithinFifteenKilobytes() throws IOException {
        long size = Files.size(ROOT.resolve("README.md"));
        assertTrue(size <= README_LIMIT_BYTES, "README.md is " + size + " bytes, over " + README_LIMIT_BYTES
                + ": move the detail to a page in docs/ and link it from the index");
    }

    @Test
    void everyRelativeLinkInTheReadmeAndDocsLeadsToAFileAndHeadingThatExist() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            String text = withoutCodeBlocks(Files.readString(page));
            Matcher m = LINK.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-z][a-z0-9+.-]*:.*")) continue; // https:, mailto: ...
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                String where = ROOT.relativize(page) + ": (" + target + ")";
                if (!resolved.startsWith(ROOT) || !Files.exists(resolved)) {
                    broken.add(where + " names no file in the repository");
                } else if (anchor != null && resolved.toString().endsWith(".md") && !anchors(resolved).contains(anchor)) {
                    broken.add(where + " names no heading of " + ROOT.relativize(resolved));
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    @Test
    void everyCodeBlockOfTheArchitecturePageIsTheMarkedRegionOfATest() throws IOException {
        String page = Files.readString(ROOT.resolve("docs/architecture.md"));
        long fences = FENCE.matcher(page).results().count();
        Matcher m = CODE_MARK.matcher(page);
        int marked = 0;
        while (m.find()) {
            marked++;
            Path source = ROOT.resolve(m.group(1));
            assertTrue(source.startsWith(ROOT.resolve("engine/src/test")) || source.startsWith(ROOT.resolve("steps/src/test"))
                    || source.startsWith(ROOT.resolve("app/src/test")), "a code block comes from a test's source: " + m.group(1));
            assertEquals(region(source, m.group(2)), m.group(3).stripTrailing(),
                    "docs/architecture.md's block from " + m.group(1) + "#" + m.group(2)
                            + " differs from the source: copy the region into the page again");
        }
        assertTrue(marked >= 2, "the page shows the example step kind and its test");
        // Diagrams and shell lines are fenced too; they carry no marker and are not code to compile.
        long unmarkedJava = Pattern.compile("(?m)^```java\\n").matcher(page).results().count() - marked;
        assertTrue(fences % 2 == 0, "every fence is closed");
        assertEquals(0, unmarkedJava, "every java block of docs/architecture.md is marked <!-- code: path#region -->");
    }

    /**
     * The lines between {@code // docs:begin <name>} and the next {@code // docs:end} of a source file,
     * with their common indentation removed.
     */
    static String region(Path source, String name) throws IOException {
        List<String> lines = Files.readAllLines(source);
        int begin = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals("// docs:begin " + name)) begin = i + 1;
        }
        assertTrue(begin > 0, source + " has no region '// docs:begin " + name + "'");
        int end = begin;
        while (end < lines.size() && !lines.get(end).strip().equals("// docs:end")) end++;
        assertTrue(end < lines.size(), source + ": region '" + name + "' is not closed by '// docs:end'");
        List<String> region = lines.subList(begin, end);
        int indent = region.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder text = new StringBuilder();
        for (String line : region) text.append(line.isBlank() ? "" : line.substring(indent).stripTrailing()).append('\n');
        return text.toString().stripTrailing();
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** Links inside fenced blocks are code, not links. */
    private static String withoutCodeBlocks(String markdown) {
        return markdown.replaceAll("(?ms)^```.*?^```", "");
    }

    /** GitHub's anchors for a page's headings: lower case, punctuation dropped, spaces to hyphens. */
    private static List<String> anchors(Path page) throws IOException {
        return withoutCodeBlocks(Files.readString(page)).lines().filter(l -> l.startsWith("#"))
                .map(l -> l.replaceFirst("^#+\\s*", "").strip().toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'))
                .toList();
    }
}
