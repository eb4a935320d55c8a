package io.pitstop.engine.cli;

import io.pitstop.engine.run.RunOutcome;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./pitstop} — the command line. Exit codes: 0 done, 1 a step failed, 2 invalid input
 * (nothing ran), 3 the quality gate released nothing.
 */
@Command(name = "pitstop", mixinStandardHelpOptions = true, versionProvider = PitstopCli.Version.class,
        description = "Takes an ML model from versioned data to a released model and batch predictions.",
        subcommands = {InitCommand.class, RunCommand.class, StepCommand.class, DagsCommand.class, TriggerCommand.class, CheckCommand.class,
                ResumeCommand.class, StatusCommand.class, RunsCommand.class, ModelsCommand.class, AuditCommand.class, PackageCommand.class,
                KeysCommand.class, DataCommand.class, ReproduceCommand.class, ScoreCommand.class,
                PredictionsCommand.class, OutcomesCommand.class, ShouldRetrainCommand.class, MlflowCommand.class, ReportCommand.class, SchemaCommand.class, CommandLine.HelpCommand.class})
public final class PitstopCli {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        var cli = new CommandLine(new PitstopCli());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof io.pitstop.engine.spec.SpecException spec) {
                // A broken profile or contract met outside `check`: one path:line:column line per problem.
                spec.problems().forEach(cmd.getErr()::println);
                cmd.getErr().flush();
                return RunOutcome.EXIT_INVALID;
            }
            cmd.getErr().println("pitstop: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            if (System.getenv("PITSTOP_DEBUG") != null) e.printStackTrace(cmd.getErr());
            cmd.getErr().flush();
            if (e instanceof io.pitstop.engine.registry.ProductionChangedException) return RunOutcome.EXIT_CONFLICT;
            return e instanceof InvalidInputException ? RunOutcome.EXIT_INVALID : RunOutcome.EXIT_FAILED;
        });
        return cli.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = PitstopCli.class.getPackage().getImplementationVersion();
            return new String[]{"pitstop " + (v == null ? "dev" : v)};
        }
    }
}
