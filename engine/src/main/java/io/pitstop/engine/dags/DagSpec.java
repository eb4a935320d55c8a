package io.pitstop.engine.dags;

import java.util.List;

/**
 * One pipeline as an Airflow DAG, in the JSON form {@code dags/pitstop_dags.py} turns into a DAG.
 * Field names are the file's keys (snake_case). {@code max_active_runs} and {@code max_active_tasks}
 * are 1 because Pitstop holds one lock per pipeline: a second task at once would be refused.
 *
 * @param command the argv of each task with {@code {pitstop}}, {@code {project}}, {@code {step}} and
 *                {@code {run_id}} for the loader to fill in
 */
public record DagSpec(int formatVersion, String dagId, String description, String pipelineFile, String profile,
                      String schedule, String startDate, boolean catchup, String owner, List<String> tags,
                      int retries, int retryDelaySeconds, int executionTimeoutSeconds, int dagrunTimeoutSeconds,
                      int maxActiveRuns, int maxActiveTasks, String launch, List<String> command,
                      List<Task> tasks) {

    public static final int FORMAT_VERSION = 1;

    public DagSpec {
        tags = List.copyOf(tags);
        command = List.copyOf(command);
        tasks = List.copyOf(tasks);
    }

    /** One pipeline step; {@code upstream} are the steps it needs, as declared. */
    public record Task(String taskId, String kind, List<String> upstream) {
        public Task {
            upstream = List.copyOf(upstream);
        }
    }
}
