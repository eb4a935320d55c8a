package io.pitstop.benchmarks;

import io.pitstop.engine.contract.Contract;
import io.pitstop.engine.contract.ContractLoader;
import io.pitstop.steps.spark.SparkSessionResource;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the validation and the scoring benchmark both start from, their first four arguments: how many
 * generated Telco-like rows, the work directory that keeps the generated Parquet between runs, the
 * Telco contract and the bundled Telco CSV the rows are generated from.
 */
record TelcoInput(long rows, Path work, Contract contract, Path csv) {

    static TelcoInput of(String[] args) throws Exception {
        return new TelcoInput(Long.parseLong(args[0]), Path.of(args[1]), ContractLoader.load(Path.of(args[2])), Path.of(args[3]));
    }

    /** The benchmarks' Spark: {@code local[2]}, its state under the work directory, warnings and worse only. */
    SparkSession session() throws Exception {
        SparkSession spark = SparkSessionResource.build("local[2]", work, Map.of());
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }

    /** The generated rows as Parquet in the work directory: made on first use, kept for the next run. */
    Path parquet(SparkSession spark) throws Exception {
        Path parquet = work.resolve("telco-" + rows + ".parquet");
        if (!Files.isDirectory(parquet)) ValidationThroughput.generate(spark, contract, csv, rows, parquet);
        return parquet;
    }
}
