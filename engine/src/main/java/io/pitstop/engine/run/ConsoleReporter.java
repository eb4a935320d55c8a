package io.pitstop.engine.run;

import io.pitstop.engine.step.Progress;
import io.pitstop.engine.store.StepStatus;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What a person watching a run sees: one line per step as it ends, and, while a step runs, a live
 * line with its elapsed time and last progress message. On a terminal the live line is redrawn in
 * place; in a log (cron, Airflow, CI) a progress line is printed at most every 15 seconds.
 */
public final class ConsoleReporter implements AutoCloseable {

    private static final char[] SPINNER = {'|', '/', '-', '\\'};

    private final PrintStream out;
    private final boolean interactive;
    private final ScheduledExecutorService ticker;
    private String currentStep;
    private String currentStatus = "";
    private long stepStartNanos;
    private long lastLogged;
    private int tick;

    public ConsoleReporter(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pitstop-progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::redraw, 250, 250, TimeUnit.MILLISECONDS);
    }

    /** Interactive when standard output is a terminal. */
    public static ConsoleReporter forTerminal() {
        return new ConsoleReporter(System.out, System.console() != null);
    }

    public static ConsoleReporter quiet(PrintStream out) {
        return new ConsoleReporter(out, false);
    }

    public synchronized void line(String text) {
        clearLive();
        out.println(text);
    }

    public synchronized void stepStarted(String stepId) {
        currentStep = stepId;
        currentStatus = "";
        stepStartNanos = System.nanoTime();
        lastLogged = stepStartNanos;
    }

    public Progress progressFor(String stepId) {
        return message -> {
            synchronized (ConsoleReporter.this) {
                if (stepId.equals(currentStep)) currentStatus = message;
            }
        };
    }

    public synchronized void stepMessage(String level, String message) {
        clearLive();
        out.println("      " + level + ": " + message);
    }

    public synchronized void stepFinished(String stepId, StepStatus status, long millis, String message) {
        clearLive();
        currentStep = null;
        String mark = switch (status) {
            case SUCCEEDED -> "ok     ";
            case CACHED -> "cached ";
            case FAILED -> "FAILED ";
            case STOPPED -> "stopped";
            case SKIPPED -> "skipped";
            case RUNNING -> "running";
        };
        String time = status == StepStatus.CACHED || status == StepStatus.SKIPPED ? "" : " " + human(millis);
        out.println("  " + mark + " " + stepId + time + (message == null || message.isBlank() ? "" : "  " + message));
    }

    private synchronized void redraw() {
        if (currentStep == null) return;
        long now = System.nanoTime();
        String elapsed = human((now - stepStartNanos) / 1_000_000);
        if (interactive) {
            String text = "  " + SPINNER[tick++ % SPINNER.length] + "       " + currentStep + " " + elapsed
                    + (currentStatus.isEmpty() ? "" : "  " + currentStatus);
            out.print("\r\033[2K" + text);
            out.flush();
        } else if (now - lastLogged > Duration.ofSeconds(15).toNanos()) {
            lastLogged = now;
            out.println("  ...     " + currentStep + " " + elapsed + (currentStatus.isEmpty() ? "" : "  " + currentStatus));
        }
    }

    private void clearLive() {
        if (interactive && currentStep != null) {
            out.print("\r\033[2K");
        }
    }

    static String human(long millis) {
        if (millis < 1000) return millis + "ms";
        if (millis < 60_000) return String.format("%.1fs", millis / 1000.0);
        return String.format("%dm%02ds", millis / 60_000, (millis / 1000) % 60);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
