package io.pitstop.engine.spec;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * When and how a scheduler runs a pipeline: the optional {@code schedule:} block of a pipeline file,
 * read by the Airflow export. The owner comes from {@code model.owner}.
 *
 * <pre>
 * schedule:
 *   cron: "0 2 * * *"          # or @daily, @hourly, ...
 *   start_date: 2026-11-01
 *   catchup: false             # default false: no back-fill of missed days
 *   retries: 2                 # per task; a retried step that already succeeded is a no-op
 *   retry_delay_minutes: 10
 *   task_timeout_minutes: 120  # one step
 *   run_timeout_minutes: 480   # the whole run
 *   tags: [churn, nightly]
 * </pre>
 */
public record ScheduleSpec(String cron, LocalDate startDate, boolean catchup, int retries, int retryDelayMinutes,
                           int taskTimeoutMinutes, int runTimeoutMinutes, List<String> tags) {

    public static final int DEFAULT_RETRIES = 1;
    public static final int DEFAULT_RETRY_DELAY_MINUTES = 5;
    public static final int DEFAULT_TASK_TIMEOUT_MINUTES = 120;
    public static final int DEFAULT_RUN_TIMEOUT_MINUTES = 480;

    public ScheduleSpec {
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(startDate, "startDate");
        tags = List.copyOf(tags);
    }
}
