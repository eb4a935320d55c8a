package io.pitstop.app;

import io.pitstop.engine.cli.PitstopCli;
import io.pitstop.engine.registry.ModelVersion;
import io.pitstop.engine.registry.SqlRegistry;
import io.pitstop.engine.registry.Stage;
import io.pitstop.engine.store.SqlRunStore;
import io.pitstop.steps.spark.SparkSessionResource;
import org.apache.spark.sql.SparkSession;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A throw-away Pitstop project for a data set nobody described yet, as a new user starts one: the
 * profiles from this repository, a fresh Git repository with DVC initialised, and then
 * {@code ./pitstop init} on the data file (its output committed, as a user would before running).
 * Every command runs through the CLI in this JVM; each returns its exit code and keeps its output
 * for the failure message.
 */
final class ForeignProject {

    private static final String[] GIT_USER = {"-c", "user.name=pitstop", "-c", "user.email=pitstop@localhost"};

    final Path dir;
    final ForeignDataSet set;
    final Path data;
    private final StringBuilder transcript = new StringBuilder();

    private ForeignProject(Path dir, ForeignDataSet set, Path data) {
        this.dir = dir;
        this.set = set;
        this.data = data;
    }

    /** An empty project in {@code dir} (Git + DVC, conf/ only), for {@code set}'s file in {@code exported}. */
    static ForeignProject create(Path dir, ForeignDataSet set, Path exported) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        copyTree(DemoProject.REPO.resolve("conf"), dir.resolve("conf"));
        Files.copy(DemoProject.REPO.resolve(".gitignore"), dir.resolve(".gitignore"));
        git(dir, "init", "-q");
        DemoProject.run(dir, DemoProject.REPO.resolve(".venv/bin/dvc").toString(), "init", "-q");
        git(dir, "add", "-A");
        git(dir, "commit", "-qm", "empty project");
        return new ForeignProject(dir, set, exported.resolve(set.file()));
    }

    /** {@code ./pitstop init <data> --label <label> [extra]}, then commits what it wrote when it succeeded. */
    int init(String... extra) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("init", "--project", dir.toString(), data.toString(),
                "--label", set.label()));
        args.addAll(List.of(extra));
        int code = cli(args.toArray(String[]::new));
        if (code == 0) {
            git(dir, "add", "-A");
            git(dir, "commit", "-qm", "pitstop init " + set.file());
        }
        return code;
    }

    int check() {
        return cli("check", "--project", dir.toString(), pipeline().toString());
    }

    int run() {
        return cli("run", "--project", dir.toString(), pipeline().toString());
    }

    Path pipeline() {
        return dir.resolve("pipelines/" + set.name() + ".yaml");
    }

    Path contract() {
        return dir.resolve("data-contracts/" + set.name() + ".yaml");
    }

    Optional<ModelVersion> production() {
        try (var store = SqlRunStore.open("jdbc:sqlite:" + dir.resolve(".pitstop/pitstop.db"))) {
            return new SqlRegistry(store).inStage(set.name(), Stage.PRODUCTION);
        }
    }

    /** Rows of the prediction table init's pipeline scores into. */
    long predictionRows(Path scratch) throws Exception {
        SparkSession spark = SparkSessionResource.build("local[1]", scratch, Map.of());
        try {
            return spark.read().format("delta")
                    .load(dir.resolve(".pitstop/tables/" + set.name().replace('-', '_') + "_predictions").toString())
                    .count();
        } finally {
            spark.stop();
        }
    }

    /**
     * What the last run of the pipeline measured, for the results table: evaluate's test metrics, and
     * the largest PSI of the training input against its own profile (the preflight step's drift report).
     */
    RunFigures lastRunFigures() {
        try (var store = SqlRunStore.open("jdbc:sqlite:" + dir.resolve(".pitstop/pitstop.db"))) {
            String runId = store.listRuns(1).get(0).runId();
            Map<String, Double> metrics = Map.of();
            double psi = Double.NaN;
            long judgedRows = 0;
            for (var step : store.steps(runId)) {
                if (step.stepId().equals("evaluate")) metrics = step.metrics();
                var drift = step.reports().get("monitoring");
                if (step.stepId().equals("preflight") && drift != null) {
                    judgedRows = drift.path("input_drift").path("rows").asLong();
                    for (var f : drift.path("input_drift").path("features")) {
                        double v = f.path("psi").asDouble(Double.NaN);
                        if (!Double.isNaN(v) && (Double.isNaN(psi) || v > psi)) psi = v;
                    }
                }
            }
            return new RunFigures(metrics, psi, judgedRows);
        }
    }

    /** @param trainingPsi largest PSI of the training input against its own profile; NaN if not measured */
    record RunFigures(Map<String, Double> testMetrics, double trainingPsi, long rows) {
    }

    /** {@code ./pitstop score <pipeline> --input <file> --mode <mode>}: the production model on new rows. */
    int score(Path input, String mode) {
        return cli("score", "--project", dir.toString(), pipeline().toString(), "--input", dir.relativize(input).toString(),
                "--mode", mode);
    }

    /** The key column init chose ({@code key:} of the train step). */
    String keyColumn() throws IOException {
        var m = java.util.regex.Pattern.compile("(?m)^\\s+key: (\\S+)").matcher(Files.readString(pipeline()));
        if (!m.find()) throw new AssertionError("no key in " + pipeline());
        return m.group(1).replace("\"", "");
    }

    /**
     * New customers as a nightly file brings them: {@code count} data rows from {@code from} (0-based) of
     * the data set, without the label column (nobody knows the outcome yet), written into the project.
     */
    Path unlabelled(String name, int from, int count) throws IOException {
        List<String> lines = Files.readAllLines(data);
        int label = fields(lines.get(0)).indexOf(set.label());
        if (label < 0) throw new AssertionError("no column " + set.label() + " in " + data);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0 && (i - 1 < from || i - 1 >= from + count)) continue;
            List<String> cells = new ArrayList<>(fields(lines.get(i)));
            cells.remove(label);
            out.add(String.join(",", cells));
        }
        return Files.write(dir.resolve("data").resolve(name), out);
    }

    /** One CSV line's fields, quotes kept as written (the files here have no line breaks inside quotes). */
    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        int start = 0;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) {
                out.add(line.substring(start, i));
                start = i + 1;
            }
        }
        out.add(line.substring(start));
        return out;
    }

    /** The prediction table's rows: key (as text), score, run id. */
    List<org.apache.spark.sql.Row> predictions(Path scratch) throws Exception {
        String key = keyColumn();
        SparkSession spark = SparkSessionResource.build("local[1]", scratch, Map.of());
        try {
            return spark.read().format("delta").load(table().toString())
                    .selectExpr("CAST(`" + key + "` AS STRING) AS key", "score", "run_id").collectAsList();
        } finally {
            spark.stop();
        }
    }

    Path table() {
        return dir.resolve(".pitstop/tables/" + set.name().replace('-', '_') + "_predictions");
    }

    /** Everything the commands printed, for a failure message. */
    String transcript() {
        return transcript.toString();
    }

    private int cli(String... args) {
        var out = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        var both = new PrintStream(out, true);
        System.setOut(both);
        System.setErr(both);
        int code;
        try {
            code = PitstopCli.execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        transcript.append("$ pitstop ").append(String.join(" ", args)).append("   -> exit ").append(code).append('\n')
                .append(out).append('\n');
        return code;
    }

    private static void git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(GIT_USER));
        command.addAll(List.of(args));
        DemoProject.run(dir, command.toArray(String[]::new));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
    }
}
