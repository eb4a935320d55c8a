package io.pitstop.steps.spark;

import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.SparkSession;
import scala.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Spark without code generation, for a stretch of work on small data; the session's own settings come
 * back on {@link #close}. Spark compiles every query's expressions to Java with Janino before it runs it:
 * on data.validate's 7,043 rows, compiling the checks' one wide aggregation took seconds while running it
 * took milliseconds. Interpreted, the same plans give the same results (Spark falls back to exactly this
 * when a compile fails); on large data, compiled code pays for itself, so this is for small inputs only.
 *
 * <pre>
 * try (var interpreted = InterpretedExecution.on(spark)) {
 *     data.agg(...).first();
 * }
 * </pre>
 */
public final class InterpretedExecution implements AutoCloseable {

    /** Whole-stage code generation off, and the expressions' own code generation ({@code NO_CODEGEN}: interpreted). */
    static final Map<String, String> SETTINGS = Map.of(
            "spark.sql.codegen.wholeStage", "false",
            "spark.sql.codegen.factoryMode", "NO_CODEGEN");

    private final RuntimeConfig conf;
    private final Map<String, Option<String>> before = new LinkedHashMap<>();

    private InterpretedExecution(SparkSession spark) {
        this.conf = spark.conf();
        SETTINGS.forEach((key, value) -> {
            before.put(key, conf.getOption(key));
            conf.set(key, value);
        });
    }

    /** Turns code generation off on {@code spark} until {@link #close}. Steps run one at a time on the session. */
    public static InterpretedExecution on(SparkSession spark) {
        return new InterpretedExecution(spark);
    }

    @Override
    public void close() {
        before.forEach((key, value) -> {
            if (value.isDefined()) conf.set(key, value.get());
            else conf.unset(key);
        });
    }
}
