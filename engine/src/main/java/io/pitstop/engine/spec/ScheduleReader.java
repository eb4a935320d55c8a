package io.pitstop.engine.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.yaml.MappingReader;
import io.pitstop.engine.yaml.NodeDescription;
import io.pitstop.engine.yaml.YamlDocument;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the {@code schedule:} block strictly; every problem is reported with its place in the file. */
final class ScheduleReader {

    static final Set<String> KEYS = Set.of("cron", "start_date", "catchup", "retries", "retry_delay_minutes",
            "task_timeout_minutes", "run_timeout_minutes", "tags");
    static final Set<String> PRESETS = Set.of("@once", "@hourly", "@daily", "@weekly", "@monthly", "@yearly");
    /** Five cron fields of digits, ranges, lists, steps and names (jan, mon): Airflow checks the rest. */
    private static final Pattern CRON_FIELD = Pattern.compile("[0-9A-Za-z*?/,\\-LW#]+");

    private ScheduleReader() {
    }

    static Optional<ScheduleSpec> read(MappingReader m) {
        m.allowOnly(KEYS);
        int before = m.problemCount();
        Optional<String> cron = m.string("cron", true);
        cron.filter(c -> !validCron(c)).ifPresent(c -> m.problem("cron", "'cron' must be five cron fields"
                + " (minute hour day month weekday) or one of " + String.join(", ", PRESETS.stream().sorted().toList())
                + ", found '" + c + "'"));
        Optional<LocalDate> start = startDate(m);
        boolean catchup = m.bool("catchup", false).orElse(false);
        int retries = bounded(m, "retries", ScheduleSpec.DEFAULT_RETRIES, 0, 10);
        int delay = bounded(m, "retry_delay_minutes", ScheduleSpec.DEFAULT_RETRY_DELAY_MINUTES, 0, 1440);
        int task = bounded(m, "task_timeout_minutes", ScheduleSpec.DEFAULT_TASK_TIMEOUT_MINUTES, 1, 10080);
        int run = bounded(m, "run_timeout_minutes", ScheduleSpec.DEFAULT_RUN_TIMEOUT_MINUTES, 1, 10080);
        List<String> tags = tags(m);
        if (m.problemCount() != before || cron.isEmpty() || start.isEmpty()) return Optional.empty();
        return Optional.of(new ScheduleSpec(cron.get(), start.get(), catchup, retries, delay, task, run, tags));
    }

    private static boolean validCron(String cron) {
        if (PRESETS.contains(cron)) return true;
        String[] fields = cron.trim().split("\\s+");
        if (fields.length != 5) return false;
        for (String f : fields) if (!CRON_FIELD.matcher(f).matches()) return false;
        return true;
    }

    private static Optional<LocalDate> startDate(MappingReader m) {
        if (!m.has("start_date")) {
            m.problem("'start_date' is required in 'schedule' (a date such as 2026-11-01)");
            return Optional.empty();
        }
        JsonNode v = m.node().get("start_date");
        try {
            if (v.isTextual()) return Optional.of(LocalDate.parse(v.textValue()));
        } catch (DateTimeParseException e) {
            // reported below
        }
        m.problem("start_date", "'start_date' must be a date such as 2026-11-01, found " + NodeDescription.of(v));
        return Optional.empty();
    }

    private static int bounded(MappingReader m, String key, int fallback, int min, int max) {
        Optional<Long> v = m.integer(key, false);
        if (v.isPresent() && (v.get() < min || v.get() > max)) {
            m.problem(key, "'" + key + "' must be between " + min + " and " + max + ", found " + v.get());
            return fallback;
        }
        return v.map(Long::intValue).orElse(fallback);
    }

    private static List<String> tags(MappingReader m) {
        List<String> out = new ArrayList<>();
        m.list("tags", false).ifPresent(list -> {
            for (int i = 0; i < list.size(); i++) {
                JsonNode t = list.get(i);
                if (t.isTextual() && !t.textValue().isBlank()) out.add(t.textValue());
                else m.problemAt(YamlDocument.child(m.pointer("tags"), i),
                        "each tag must be a non-empty string, found " + NodeDescription.of(t));
            }
        });
        return out;
    }
}
