package io.pitstop.engine.dags;

import java.util.List;

/**
 * One pipeline as an Airflow DAG, in the JSON form {@code dags/pitstop_dags.py} turns into a DAG.
 * Field names are the file's keys (snake_case). {@code max_active_runs} and {@code max_active_tasks}
 * are 1 because Pitstop holds one lock per pipeline: a second task at once would be refused.
 *
 * @param command the argv of each task with {@code {pitstop}}, {@code {project}}, {@code {step}} and
 *                {@code {run_id}} for the loader to fill in
 * @param retrainPolicy the first task, for a pipeline with {@code retrain_when:}; null without one (every run retrains)
 */
public record DagSpec(int formatVersion, String dagId, String description, String pipelineFile, String profile,
                      String schedule, String startDate, boolean catchup, String owner, List<String> tags,
                      int retries, int retryDelaySeconds, int executionTimeoutSeconds, int dagrunTimeoutSeconds,
                      int maxActiveRuns, int maxActiveTasks, String launch, List<String> command,
                      RetrainPolicyTask retrainPolicy, List<Task> tasks) {

    public static final int FORMAT_VERSION = 1;

    public DagSpec {
        tags = List.copyOf(tags);
        command = List.copyOf(command);
        tasks = List.copyOf(tasks);
    }

    /**
     * The task before every step: {@code pitstop should-retrain}, whose exit {@code skipExitCode} skips the run
     * (Airflow's skip, so the steps are skipped, not failed).
     *
     * @param taskId  {@value #TASK_ID}: an underscore, which no step id may hold, so it never clashes with a step
     * @param command the argv, with {@code {pitstop}} and {@code {project}} for the loader to fill in
     */
    public record RetrainPolicyTask(String taskId, List<String> command, int skipExitCode) {
        public static final String TASK_ID = "should_retrain";

        public RetrainPolicyTask {
            command = List.copyOf(command);
        }
    }

    /**
     * One pipeline step; {@code upstream} are the steps it needs, as declared.
     *
     * @param runsWhenUpstreamSkipped the step consumes nothing its upstream steps make, so it only runs after
     *                                them: when they are skipped (a night the retraining policy skipped, a gate
     *                                that said no) it still runs, as {@code pitstop step --when-upstream-skipped};
     *                                scoring new rows with the production model is such a step. Only when
     *                                every step before it is of the retrain/release chain
     *                                ({@link io.pitstop.engine.plan.RetrainChain}): a skipped data step would
     *                                leave it reading the last run's data
     */
    public record Task(String taskId, String kind, List<String> upstream, boolean runsWhenUpstreamSkipped) {
        public Task {
            upstream = List.copyOf(upstream);
        }
    }
}
