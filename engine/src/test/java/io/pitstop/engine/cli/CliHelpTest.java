package io.pitstop.engine.cli;

import io.pitstop.engine.run.RunOutcome;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --help} works for every command, found by walking picocli's tree so a new command is covered
 * too; a mistyped command line is invalid input (exit 2).
 */
class CliHelpTest {

    @TestFactory
    Stream<DynamicTest> everyCommandHasHelp() {
        List<List<String>> paths = new ArrayList<>();
        collect(new CommandLine(new PitstopCli()), new ArrayList<>(), paths);
        assertTrue(paths.size() >= 10, "the walk found the commands: " + paths);
        return paths.stream().map(path -> DynamicTest.dynamicTest(String.join(" ", path) + " --help", () -> {
            List<String> args = new ArrayList<>(path.subList(1, path.size()));
            args.add("--help");
            CliResult r = CliResult.execute(args.toArray(String[]::new));
            assertEquals(RunOutcome.EXIT_OK, r.exitCode(), r.transcript());
            // picocli's own help command prints a header line before its usage.
            assertTrue(r.out().contains("Usage: " + String.join(" ", path) + " ["), r.transcript());
            assertEquals("", r.err(), r.transcript());
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyArgumentAndOptionIsDescribedInTheHelp() {
        List<CommandLine> commands = new ArrayList<>();
        walk(new CommandLine(new PitstopCli()), commands);
        return commands.stream().map(c -> DynamicTest.dynamicTest(c.getCommandSpec().qualifiedName(), () -> {
            c.getCommandSpec().args().forEach(arg -> assertTrue(arg.description().length > 0
                    && !String.join("", arg.description()).isBlank(), c.getCommandSpec().qualifiedName()
                    + ": " + arg.paramLabel() + " has no description"));
        }));
    }

    private static void walk(CommandLine command, List<CommandLine> out) {
        out.add(command);
        command.getSubcommands().values().stream().distinct().forEach(sub -> walk(sub, out));
    }

    @Test
    void aMistypedOptionIsInvalidAndSuggestsTheNearMatch() {
        CliResult r = CliResult.execute("runs", "list", "--limmit", "3");
        assertEquals(RunOutcome.EXIT_INVALID, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("Unknown options: '--limmit'") && r.err().contains("Possible solutions: --limit"), r.transcript());
    }

    @Test
    void aLimitBelowOneIsInvalid() {
        CliResult r = CliResult.execute("runs", "list", "--limit", "0");
        assertEquals(RunOutcome.EXIT_INVALID, r.exitCode(), r.transcript());
        assertEquals("pitstop: --limit must be at least 1, found 0", r.err().strip());
    }

    /** Every command's path from the root, e.g. [pitstop, runs, show]. */
    private static void collect(CommandLine command, List<String> parents, List<List<String>> out) {
        List<String> path = new ArrayList<>(parents);
        path.add(command.getCommandName());
        out.add(path);
        // Aliases map to the same CommandLine; each command is visited once.
        command.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, path, out));
    }
}
