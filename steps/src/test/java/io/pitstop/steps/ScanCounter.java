package io.pitstop.steps;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import scala.collection.JavaConverters;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Counts what a piece of Spark work costs: the stages that read files (scans of the data) and the
 * jobs. Adaptive execution may split jobs, so tests pin scans and report jobs.
 */
public final class ScanCounter {

    public record Cost<T>(T result, int scans, int jobs, long millis) {
    }

    private ScanCounter() {
    }

    public static <T> Cost<T> measure(Supplier<T> work) {
        AtomicInteger scans = new AtomicInteger();
        AtomicInteger jobs = new AtomicInteger();
        SparkListener counter = new SparkListener() {
            @Override
            public void onStageCompleted(SparkListenerStageCompleted stage) {
                boolean readsFile = JavaConverters.seqAsJavaList(stage.stageInfo().rddInfos()).stream()
                        .anyMatch(rdd -> rdd.name().contains("FileScanRDD"));
                if (readsFile) scans.incrementAndGet();
            }

            @Override
            public void onJobStart(SparkListenerJobStart job) {
                jobs.incrementAndGet();
            }
        };
        var context = TestSpark.session().sparkContext();
        context.addSparkListener(counter);
        long start = System.nanoTime();
        T result;
        try {
            result = work.get();
        } finally {
            try {
                context.listenerBus().waitUntilEmpty();
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("Spark's listener bus did not drain", e);
            } finally {
                context.removeSparkListener(counter);
            }
        }
        return new Cost<>(result, scans.get(), jobs.get(), (System.nanoTime() - start) / 1_000_000);
    }
}
