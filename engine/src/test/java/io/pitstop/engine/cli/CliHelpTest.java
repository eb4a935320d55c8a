package io.pitstop.engine.cli;

import io.pitstop.engine.run.RunOutcome;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --help} works for every command, found by walking picocli's tree so a new command is covered too. */
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

    /** Every command's path from the root, e.g. [pitstop, runs, show]. */
    private static void collect(CommandLine command, List<String> parents, List<List<String>> out) {
        List<String> path = new ArrayList<>(parents);
        path.add(command.getCommandName());
        out.add(path);
        // Aliases map to the same CommandLine; each command is visited once.
        command.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, path, out));
    }
}
