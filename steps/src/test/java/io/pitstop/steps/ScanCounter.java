package io.pitstop.steps;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import scala.collection.JavaConverters;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Counts what a piece of Spark work costs: the stages that read files (scans of the data; a stage
 * reading a persisted copy another stage made does not count) and the jobs. Adaptive execution may split jobs, so tests pin scans and report jobs.
 */
public final class ScanCounter {

    /** @param jobNames each job's call site, in the order the jobs started: what to look at when a count grows */
    public record Cost<T>(T result, int scans, int jobs, long millis, java.util.List<String> jobNames) {
    }

    private ScanCounter() {
    }

    public static <T> Cost<T> measure(Supplier<T> work) {
        AtomicInteger scans = new AtomicInteger();
        AtomicInteger jobs = new AtomicInteger();
        java.util.List<String> jobNames = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        SparkListener counter = new SparkListener() {
            /** Persisted RDDs an earlier stage already computed: a later stage reads them from memory. */
            private final java.util.Set<Integer> cached = java.util.concurrent.ConcurrentHashMap.newKeySet();

            @Override
            public void onStageCompleted(SparkListenerStageCompleted stage) {
                var rdds = JavaConverters.seqAsJavaList(stage.stageInfo().rddInfos());
                boolean readsFile = rdds.stream().anyMatch(rdd -> rdd.name().contains("FileScanRDD"));
                // A stage whose lineage holds a file scan reads the files unless it starts from a persisted
                // RDD an earlier stage computed; the stage that first computes one does read them.
                var persisted = rdds.stream().filter(rdd -> rdd.storageLevel().isValid()).map(rdd -> rdd.id()).toList();
                boolean fromCache = !persisted.isEmpty() && cached.containsAll(persisted);
                if (readsFile && !fromCache) scans.incrementAndGet();
                cached.addAll(persisted);
            }

            @Override
            public void onJobStart(SparkListenerJobStart job) {
                jobs.incrementAndGet();
                var stages = JavaConverters.seqAsJavaList(job.stageInfos());
                jobNames.add(stages.isEmpty() ? "?" : stages.get(stages.size() - 1).name());
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
        return new Cost<>(result, scans.get(), jobs.get(), (System.nanoTime() - start) / 1_000_000, java.util.List.copyOf(jobNames));
    }
}
