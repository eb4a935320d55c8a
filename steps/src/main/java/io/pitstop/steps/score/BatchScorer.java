package io.pitstop.steps.score;

import com.fasterxml.jackson.databind.JsonNode;
import io.delta.tables.DeltaTable;
import io.pitstop.engine.json.Json;
import io.pitstop.steps.model.KeyHashes;
import io.pitstop.steps.model.ModelTask;
import io.pitstop.steps.model.TrainedModel;
import io.pitstop.steps.spark.ColumnNames;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.FileAction;
import org.apache.spark.sql.delta.actions.Metadata;
import org.apache.spark.sql.delta.actions.SetTransaction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.collection.JavaConverters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Scores a table and swaps the predictions in so readers never see a partial or mixed result, writing
 * every row once:
 * <ol>
 *   <li>{@link #stage}: one Spark job reads the input (only the key and feature columns), scores it with
 *       the pinned model ({@link TrainedModel#score}) and writes the predictions as data files of the
 *       Delta table through a Delta transaction ({@code OptimisticTransaction.writeFiles}). The files
 *       are in the table's directory but not in its log, so no reader sees them. The same job counts
 *       the input rows and measures the checks and the score bins ({@code Dataset.observe}), and its
 *       scoring tasks hash every key, which proves on the driver that every key occurs once (only if
 *       some hashes coincide are the keys of the new files counted exactly). A failed check deletes the
 *       new files and raises {@link PredictionCheckException};</li>
 *   <li>{@link #commit}: one Delta commit adds the new files and removes every file of the version the
 *       transaction started from. Delta's log makes that commit atomic, so readers see the previous
 *       complete version until it lands, then only the new one.</li>
 * </ol>
 * A process killed before the commit leaves the table at its previous version; the files it wrote are
 * in no version of the log (Delta's {@code VACUUM} removes such files) and the next run writes its own.
 *
 * <p>Output columns: key (input type), {@code score} double, {@code decision} boolean
 * (score >= threshold; binary models), {@code prediction} string and {@code probabilities}
 * array of double in the model's class order (multiclass models; {@code score} is then the
 * predicted class's probability; for regression {@code score} is the predicted value), {@code model_name},
 * {@code model_version}, {@code run_id}, {@code scored_at} timestamp (UTC, a Parquet microsecond timestamp).
 * The key and the score are declared NOT NULL and every column has a comment ({@link PredictionTableSchema}).
 *
 * <p>Each commit carries userMetadata JSON: {@code pitstop_format}, {@code run_id}, {@code model},
 * {@code model_version} (what {@code predictions history} shows) and, since format 2, {@code score_bins}:
 * the run's share of scores per {@link ScoreBins} bin, so the next run compares its distribution with
 * this one's from the log instead of scanning the table. Readers take the fields they know.
 */
public final class BatchScorer {

    /** userMetadata format: 1 = run and model; 2 adds {@code score_bins}; 3 adds {@code rows} (the run's). */
    static final int COMMIT_FORMAT = 3;
    static final String ROWS_FIELD = "rows";
    static final String SCORE_BINS_FIELD = "score_bins";

    /** How long to wait for the observed metrics once the write has finished (they arrive on Spark's listener bus). */
    private static final long METRICS_TIMEOUT_SECONDS = 120;

    /** Stages, checks and commits in one go. */
    public BatchScoringResult run(SparkSession spark, TrainedModel model, Dataset<Row> input,
                                  BatchScoringRequest request) {
        return commit(spark, stage(spark, model, input, request));
    }

    /** Stages both arms of a canary, checks and commits them in one go. */
    public BatchScoringResult run(SparkSession spark, TrainedModel model, Dataset<Row> input,
                                  BatchScoringRequest request, ChallengerArm canary) {
        return commit(spark, stage(spark, model, input, request, canary));
    }

    /**
     * Scores and writes the predictions as not-yet-committed data files of the table, checks them, and
     * measures their score distribution and the table's current one; readers of the table see nothing.
     *
     * @throws PredictionCheckException naming every failed check; the files written are deleted
     */
    public StagedPredictions stage(SparkSession spark, TrainedModel model, Dataset<Row> input,
                                   BatchScoringRequest request) {
        return stage(spark, model, input, request, null);
    }

    /**
     * {@link #stage(SparkSession, TrainedModel, Dataset, BatchScoringRequest)} with the keys {@code canary}
     * splits off scored by its model, stamped with its version: both arms become one set of staged files,
     * checked, binned and proven key-unique together, for one commit. Null: the champion scores every row.
     */
    public StagedPredictions stage(SparkSession spark, TrainedModel model, Dataset<Row> input,
                                   BatchScoringRequest request, ChallengerArm canary) {
        long start = System.nanoTime();
        String key = request.keyColumn();
        ModelTask task = model.descriptor().modelTask();

        // The input's rows are counted as they enter the scorer, inside the write job: no second scan.
        Observation inputSide = new Observation("pitstop_scoring_input");
        KeyHashes keyHashes = new KeyHashes();
        // Unnamed: a named accumulator's value (every hash) would be kept with every task and stage Spark reports.
        spark.sparkContext().register(keyHashes);
        Observation canarySide = canary == null ? null : new Observation("pitstop_scoring_canary_input");
        Dataset<Row> predictions = canary == null ? scored(spark, model, input, request, inputSide, keyHashes)
                : scored(spark, model, input.filter(functions.not(canary.split().challengerRows(key))), request, inputSide,
                        keyHashes).unionByName(scored(spark, canary.model(),
                        input.filter(canary.split().challengerRows(key)), canary.request(request), canarySide, keyHashes));

        // Every check but key uniqueness, and the score bins, are sums over the rows being written.
        List<Column> aggregates = new ArrayList<>(PredictionChecks.aggregates(key, task));
        if (task != ModelTask.REGRESSION) aggregates.addAll(ScoreBins.counts());
        Observation outputSide = new Observation("pitstop_scoring_predictions");
        Dataset<Row> observed = predictions.observe(outputSide, aggregates.get(0),
                aggregates.subList(1, aggregates.size()).toArray(Column[]::new));
        if (FaultPoint.WRITING.armed()) observed = pauseWhileWriting(observed);

        OptimisticTransaction txn = DeltaLog.forTable(spark, request.tablePath()).startTransaction();
        // Reading the run's marker in this transaction makes Delta's conflict check watch it: if another
        // process commits the same run and step first, this commit fails instead of landing the rows twice.
        if (txn.txnVersion(runMarker(request)) >= 0) {
            throw new IllegalStateException("run " + request.runId() + " step " + request.stepId() + " already committed"
                    + " its predictions to " + request.tablePath() + " (it was retried while its first attempt ran)");
        }
        // The previous run's distribution is read at the version this transaction replaces.
        double[] previousShares = null;
        Long previousRows = null;
        if (task != ModelTask.REGRESSION) {
            Row last = lastCommit(spark, txn, request.tablePath());
            previousShares = previousShares(spark, txn, request.tablePath(), last);
            previousRows = last == null || last.isNullAt(1) ? null : loggedRows(last.getString(1));
        }
        if (request.mode() == WriteMode.REPLACE || txn.readVersion() < 0) {
            adoptSchema(txn, PredictionTableSchema.of(observed.schema(), key, task));
        } else {
            requireSameSchema(txn, observed.schema(), request);
        }
        List<AddFile> written = addFiles(txn.writeFiles(observed));
        StagedPredictions staged = new StagedPredictions(request, txn, written, 0, null, previousShares, previousRows,
                start);
        try {
            Map<String, Object> in = metrics(inputSide);
            Map<String, Object> out = metrics(outputSide);
            long inputRows = PredictionChecks.number(in, PredictionChecks.ROWS)
                    + (canary == null ? 0 : PredictionChecks.number(metrics(canarySide), PredictionChecks.ROWS));
            long rows = PredictionChecks.number(out, PredictionChecks.ROWS);
            long nonNullKeys = rows - PredictionChecks.number(out, PredictionChecks.NULL_KEYS);
            long distinctKeys = distinctKeys(spark, keyHashes.value(), staged.files(), key, nonNullKeys);
            keyHashes.reset();
            List<PredictionCheck> failed = PredictionChecks.judge(out, key, inputRows, distinctKeys, task);
            if (!failed.isEmpty()) throw new PredictionCheckException(request.tablePath(), failed);
            double[] shares = task == ModelTask.REGRESSION ? null : ScoreBins.shares(out);
            return new StagedPredictions(request, txn, written, rows, shares, previousShares, previousRows, start);
        } catch (RuntimeException e) {
            discard(spark, staged);
            throw e;
        }
    }

    /**
     * Makes checked predictions visible: one Delta commit that adds the staged files and removes every
     * file of the version the transaction started from. Before it lands readers see the previous
     * version; after, only these rows.
     */
    public BatchScoringResult commit(SparkSession spark, StagedPredictions staged) {
        BatchScoringRequest request = staged.request();
        OptimisticTransaction txn = staged.transaction();
        FaultPoint.BEFORE_COMMIT.reach();
        // Delta keeps this with the commit: `predictions history` reads the run and model back.
        String metadata = commitMetadata(request, staged.scoreShares(), staged.rows());
        long version;
        if (request.mode() == WriteMode.MERGE && txn.readVersion() >= 0) {
            version = merge(spark, staged, metadata);
        } else {
            List<Action> actions = new ArrayList<>(staged.written());
            // Delta's own idempotent-write marker: this run id, once. Conflict detection covers it, so of
            // two processes committing the same run only one lands.
            actions.add(new SetTransaction(runMarker(request), 0L, Option.apply((Object) System.currentTimeMillis())));
            boolean replace = request.mode() == WriteMode.REPLACE;
            // Listing the files through the transaction also records that it read the whole table, so a
            // commit someone else made meanwhile fails this one (a conflict) instead of mixing the two.
            if (replace) for (AddFile old : JavaConverters.seqAsJavaList(txn.filterFiles())) actions.add(old.remove());
            var operation = new DeltaOperations.Write(replace ? SaveMode.Overwrite : SaveMode.Append, Option.empty(),
                    Option.empty(), Option.apply(metadata));
            version = txn.commit(JavaConverters.asScalaBuffer(actions).toSeq(), operation);
        }
        FaultPoint.AFTER_COMMIT.reach();
        return new BatchScoringResult(staged.rows(), version,
                Duration.ofNanos(System.nanoTime() - staged.startNanos()),
                staged.scoreShares(), staged.previousScoreShares());
    }

    /**
     * The table version this run's predictions already landed in, if a commit of this run id did (a
     * retried or resumed run whose first attempt got as far as the commit); read from the Delta log's
     * idempotent-write markers, so a run lands at most once whatever its mode.
     */
    public java.util.Optional<Long> committedBy(SparkSession spark, String tablePath, String runId, String stepId) {
        DeltaLog log = DeltaLog.forTable(spark, tablePath);
        if (!log.tableExists() || log.startTransaction().txnVersion(runMarker(runId, stepId)) < 0) {
            return java.util.Optional.empty();
        }
        for (Row r : DeltaTable.forPath(spark, tablePath).history().select("version", "userMetadata")
                .orderBy(functions.col("version").desc()).collectAsList()) {
            if (r.isNullAt(1)) continue;
            try {
                if (runId.equals(Json.MAPPER.readTree(r.getString(1)).path("run_id").asText(null))) {
                    return java.util.Optional.of(r.getLong(0));
                }
            } catch (IOException e) {
                // someone else's free-text metadata: not this run's commit
            }
        }
        // The marker is there but the commit's metadata is gone from the history (log cleanup): still landed.
        return java.util.Optional.of(log.update(false, Option.empty(), Option.empty()).version());
    }

    /**
     * Deletes the files no version younger than {@code retention} needs (Delta's VACUUM), after a commit:
     * a plain Parquet reader of the directory then no longer sees old runs' rows, and disk use stays
     * bounded. A retention below Delta's own safety minimum (7 days) was declared on purpose in the
     * profile, so Delta's check against it is lifted for this call only.
     *
     * @return whether it vacuumed (false when nothing could be old enough yet)
     */
    public boolean vacuum(SparkSession spark, String tablePath, io.pitstop.engine.conf.TableRetention retention) {
        if (!DeltaTable.isDeltaTable(spark, tablePath)) return false; // a shadow table nothing was scored into yet
        // A table younger than the retention has no file old enough to delete: skip the vacuum's listing jobs
        // (seconds, on every run of a young table) rather than run them for nothing. Its age is its creation
        // time in the log's metadata, not its oldest commit file: log cleanup deletes old commits, so with a
        // retention above the log's (30 days by default) the oldest file left would always look too young.
        var created = DeltaLog.forTable(spark, tablePath).update(false, Option.empty(), Option.empty()).metadata().createdTime();
        if (created.isDefined() && System.currentTimeMillis() - (Long) created.get() < retention.period().toMillis()) return false;
        var conf = spark.conf();
        boolean belowMinimum = retention.hours() < io.pitstop.engine.conf.TableRetention.DEFAULT.hours();
        // VACUUM lists the table's directories in as many tasks as this setting says, 10,000 by default: a
        // minute of empty tasks on one machine for a table of a few files. The cluster's cores suffice.
        String listingBefore = setBefore(conf, LISTING_PARALLELISM);
        String checkBefore = setBefore(conf, RETENTION_CHECK);
        try {
            if (belowMinimum) conf.set(RETENTION_CHECK, "false");
            conf.set(LISTING_PARALLELISM, Integer.toString(Math.max(2, spark.sparkContext().defaultParallelism())));
            DeltaTable.forPath(spark, tablePath).vacuum(retention.hours());
            return true;
        } finally {
            if (belowMinimum) restore(conf, RETENTION_CHECK, checkBefore);
            restore(conf, LISTING_PARALLELISM, listingBefore);
        }
    }

    private static final String RETENTION_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";

    /** A setting's value if the session set it, null when it has its default (getOption would answer the default). */
    private static String setBefore(org.apache.spark.sql.RuntimeConfig conf, String key) {
        Option<String> value = conf.getAll().get(key);
        return value.isDefined() ? value.get() : null;
    }

    /** A setting back to what it was: a value the session had set is kept, not dropped to the default. */
    private static void restore(org.apache.spark.sql.RuntimeConfig conf, String key, String before) {
        if (before == null) conf.unset(key);
        else conf.set(key, before);
    }
    private static final String LISTING_PARALLELISM = "spark.sql.sources.parallelPartitionDiscovery.parallelism";

    /** The table's latest version, read from its Delta log. */
    public long currentVersion(SparkSession spark, String tablePath) {
        return DeltaLog.forTable(spark, tablePath).update(false, Option.empty(), Option.empty()).version();
    }

    private static String runMarker(BatchScoringRequest request) {
        return runMarker(request.runId(), request.stepId());
    }

    /**
     * The Delta application id that marks a step's commit in a run (SetTransaction / txnAppId): per step,
     * so two scoring steps of one run appending to one table each land once.
     */
    static String runMarker(String runId, String stepId) {
        return "pitstop-run:" + runId + "/" + stepId;
    }

    /**
     * Upsert by key with Delta MERGE, from the staged (checked, uncommitted) files: one commit in which a
     * key scored now takes this run's row and every other key keeps its row. MERGE makes its own
     * commit, so the run's metadata and its idempotent-write marker go through the session settings
     * Delta reads for DML, set only around this call. The staged files are then deleted: MERGE wrote
     * the rows into files of its own.
     */
    private long merge(SparkSession spark, StagedPredictions staged, String metadata) {
        BatchScoringRequest request = staged.request();
        var conf = spark.conf();
        String key = ColumnNames.quoted(request.keyColumn());
        try {
            conf.set(DML_USER_METADATA, metadata);
            conf.set(DML_TXN_APP_ID, runMarker(request));
            conf.set(DML_TXN_VERSION, "0");
            Dataset<Row> source = staged.files().isEmpty() ? spark.createDataFrame(List.of(),
                    staged.transaction().metadata().schema())
                    : spark.read().parquet(staged.files().toArray(String[]::new));
            DeltaTable.forPath(spark, request.tablePath()).as("t")
                    .merge(source.as("s"), "t." + key + " = s." + key)
                    .whenMatched().updateAll()
                    .whenNotMatched().insertAll()
                    .execute();
        } finally {
            conf.unset(DML_USER_METADATA);
            conf.unset(DML_TXN_APP_ID);
            conf.unset(DML_TXN_VERSION);
        }
        discard(spark, staged);
        return DeltaTable.forPath(spark, request.tablePath()).history(1).select("version").first().getLong(0);
    }

    private static final String DML_USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";
    private static final String DML_TXN_APP_ID = "spark.databricks.delta.write.txnAppId";
    private static final String DML_TXN_VERSION = "spark.databricks.delta.write.txnVersion";

    /**
     * Append and merge add to the rows already there, so the new rows must have the table's columns and
     * types; a changed schema (a new major model with another key type, a changed {@code carry:}) would
     * leave a table of mixed rows. Refused, naming both; one run with {@code mode: replace} starts the
     * table afresh.
     */
    private static void requireSameSchema(OptimisticTransaction txn, StructType schema, BatchScoringRequest request) {
        StructType current = txn.metadata().schema();
        if (!PredictionTableSchema.sameColumns(current, schema)) {
            throw new IncompatibleTableException(request.tablePath(), request.mode(),
                    PredictionTableSchema.bare(current).simpleString(), PredictionTableSchema.bare(schema).simpleString());
        }
    }

    /** Deletes staged files that will not be committed (a failed check, a run stopped by monitoring). */
    public void discard(SparkSession spark, StagedPredictions staged) {
        Configuration conf = spark.sessionState().newHadoopConf();
        try {
            for (String file : staged.files()) {
                var path = new org.apache.hadoop.fs.Path(file);
                FileSystem fs = path.getFileSystem(conf);
                fs.delete(path, false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the uncommitted prediction files under "
                    + staged.request().tablePath() + " (they are in no table version; VACUUM removes them)", e);
        }
    }

    /** {@code input} narrowed, counted into {@code counter}, scored by {@code model} and stamped with {@code request}'s version. */
    private static Dataset<Row> scored(SparkSession spark, TrainedModel model, Dataset<Row> input,
                                       BatchScoringRequest request, Observation counter, KeyHashes keyHashes) {
        Dataset<Row> counted = model.narrow(input, request.keyColumn(), request.carried())
                .observe(counter, functions.count(functions.lit(1)).as(PredictionChecks.ROWS));
        return stamp(model.score(spark, counted, request.keyColumn(), request.carried(), TrainedModel.DEFAULT_BATCH_ROWS,
                keyHashes), request, model.descriptor().modelTask());
    }

    private static Dataset<Row> stamp(Dataset<Row> scored, BatchScoringRequest request, ModelTask task) {
        if (task == ModelTask.BINARY) {
            scored = scored.withColumn("decision", functions.col(TrainedModel.SCORE_COLUMN).geq(request.threshold()));
        }
        return scored
                .withColumn("model_name", functions.lit(request.modelName()))
                .withColumn("model_version", functions.lit(request.modelVersion()))
                .withColumn("run_id", functions.lit(request.runId()))
                .withColumn("scored_at", functions.lit(Timestamp.from(request.scoredAt())));
    }

    /**
     * Distinct non-null keys among the new rows, exact. Usually decided without touching the rows
     * again: the scoring tasks hashed every key they emitted ({@link KeyHashes}), and when all those
     * hashes differ, all keys differ. Only when some coincide (a duplicated key — the run then fails —
     * or a rare shared hash), or the hashes could not be gathered, is the key column of the new files
     * read and its distinct values counted.
     */
    static long distinctKeys(SparkSession spark, KeyHashes.Gathered hashes, List<String> files, String key,
                             long nonNullKeys) {
        if (hashes.distinct() == nonNullKeys) return nonNullKeys;
        if (files.isEmpty()) return 0;
        Column k = ColumnNames.column(key);
        return spark.read().parquet(files.toArray(String[]::new)).agg(functions.countDistinct(k)).first().getLong(0);
    }

    /** The JSON stored as the Delta commit's userMetadata. */
    static String commitMetadata(BatchScoringRequest request, double[] scoreShares, long rows) {
        var node = Json.MAPPER.createObjectNode();
        node.put("pitstop_format", COMMIT_FORMAT);
        node.put("run_id", request.runId());
        node.put("model", request.modelName());
        node.put("model_version", request.modelVersion());
        // An append or merge of ten rows is a run too: the next run must know its bins came from ten rows.
        node.put(ROWS_FIELD, rows);
        if (scoreShares != null) {
            var bins = node.putArray(SCORE_BINS_FIELD);
            for (double share : scoreShares) bins.add(share);
        }
        return node.toString();
    }

    /**
     * The score distribution of the version {@code txn} replaces — the previous run's; null if there is
     * no table yet. Read from that commit's userMetadata when a run of this format wrote it; otherwise
     * (a table written before, a restore, someone else's commit) by scanning that version.
     */
    private static double[] previousShares(SparkSession spark, OptimisticTransaction txn, String tablePath, Row last) {
        long version = txn.readVersion();
        if (version < 0) return null;
        if (last != null && !last.isNullAt(1)) {
            double[] logged = loggedShares(last.getString(1));
            if (logged != null) return logged;
        }
        return ScoreBins.shares(spark.read().format("delta").option("versionAsOf", version).load(tablePath));
    }

    /** The commit {@code txn} reads from (version, userMetadata); null when there is no table yet or it moved on. */
    private static Row lastCommit(SparkSession spark, OptimisticTransaction txn, String tablePath) {
        if (txn.readVersion() < 0) return null;
        Row last = DeltaTable.forPath(spark, tablePath).history(1).select("version", "userMetadata").first();
        return last.getLong(0) == txn.readVersion() ? last : null;
    }

    /** The run's row count from a commit's userMetadata (format 3); null when absent or not ours. */
    static Long loggedRows(String userMetadata) {
        try {
            JsonNode rows = Json.MAPPER.readTree(userMetadata).path(ROWS_FIELD);
            return rows.isIntegralNumber() ? rows.asLong() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code score_bins} from a commit's userMetadata; null when absent or not ours. */
    static double[] loggedShares(String userMetadata) {
        JsonNode bins;
        try {
            bins = Json.MAPPER.readTree(userMetadata).path(SCORE_BINS_FIELD);
        } catch (IOException e) {
            return null; // free-text metadata someone else committed
        }
        if (!bins.isArray() || bins.size() != ScoreBins.BINS) return null;
        double[] shares = new double[ScoreBins.BINS];
        for (int i = 0; i < shares.length; i++) {
            if (!bins.get(i).isNumber()) return null;
            shares[i] = bins.get(i).asDouble();
        }
        return shares;
    }

    /**
     * Per-file statistics only for {@code score}: Delta otherwise keeps the minimum and maximum of
     * every column, and comparing every key string and constant column as the rows are written cost
     * more than writing them, for statistics no reader can use (random keys span every file).
     */
    static final String STATS_COLUMNS = "delta.dataSkippingStatsColumns";

    /**
     * The table's schema becomes the predictions' (a new major model may change the key's type), as
     * {@link PredictionTableSchema} declares it, with per-file statistics on {@link TrainedModel#SCORE_COLUMN} only.
     */
    @SuppressWarnings("unchecked")
    private static void adoptSchema(OptimisticTransaction txn, StructType schema) {
        String wanted = schema.json();
        Metadata current = txn.metadata();
        var configuration = (scala.collection.immutable.Map<String, String>) (Object)
                current.configuration().updated(STATS_COLUMNS, TrainedModel.SCORE_COLUMN);
        if (txn.readVersion() >= 0 && current.schemaString().equals(wanted)
                && current.configuration().equals(configuration)) {
            return;
        }
        Option<Object> created = txn.readVersion() >= 0 ? current.createdTime()
                : Option.apply((Object) System.currentTimeMillis());
        txn.updateMetadata(current.copy(current.id(), current.name(), current.description(), current.format(),
                wanted, current.partitionColumns(), configuration, created), false);
    }

    private static List<AddFile> addFiles(scala.collection.Seq<FileAction> actions) {
        var adds = new ArrayList<AddFile>();
        for (FileAction a : JavaConverters.seqAsJavaList(actions)) {
            if (!(a instanceof AddFile add)) {
                throw new IllegalStateException("a Delta write returned " + a + ", expected only new data files");
            }
            adds.add(add);
        }
        return adds;
    }

    /**
     * An observation's values, once the job that computed them has finished. Spark hands them over on
     * its listener bus, shortly after the job; a bound on the wait turns a lost hand-over into an error.
     */
    private static Map<String, Object> metrics(Observation observation) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return observation.getAsJava();
                } catch (InterruptedException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }).get(METRICS_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the scoring job's metrics", e);
        } catch (Exception e) {
            throw new IllegalStateException("the scoring job's observed metrics did not arrive", e);
        }
    }

    /**
     * Test-only: one task of the write stops at {@link FaultPoint#WRITING} after the other has had time
     * to write its data file, so a fault test kills the process with files written but no commit.
     */
    private static Dataset<Row> pauseWhileWriting(Dataset<Row> rows) {
        MapPartitionsFunction<Row, Row> pause = it -> {
            if (TaskContext.getPartitionId() == 1) {
                Thread.sleep(3_000);
                FaultPoint.WRITING.reach();
            }
            return it;
        };
        return rows.repartition(2).mapPartitions(pause, Encoders.row(rows.schema()));
    }

    /** Every check of a binary model's predictions (test entry: the same checks over a dataset). */
    static List<PredictionCheck> check(Dataset<Row> predictions, String key, long inputRows) {
        return check(predictions, key, inputRows, ModelTask.BINARY);
    }

    /** The checks {@link #stage} makes, over a dataset in one aggregation (tests; small tables). */
    static List<PredictionCheck> check(Dataset<Row> predictions, String key, long inputRows, ModelTask task) {
        List<Column> aggregates = new ArrayList<>(PredictionChecks.aggregates(key, task));
        aggregates.add(functions.countDistinct(ColumnNames.column(key)).as("distinct_keys"));
        Row r = predictions.agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new)).first();
        Map<String, Object> values = ScoreBins.asMap(r);
        return PredictionChecks.judge(values, key, inputRows, PredictionChecks.number(values, "distinct_keys"), task);
    }
}
