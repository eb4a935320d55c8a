package io.pitstop.engine.run;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * A step's log: every line goes to the step's own log file (its path is recorded with the step),
 * warnings and errors also to the terminal through the reporter.
 */
final class StepLogger extends LegacyAbstractLogger implements AutoCloseable {

    private final Writer out;
    private final Clock clock;
    private final ConsoleReporter console;

    StepLogger(String stepId, Path file, Clock clock, ConsoleReporter console) {
        this.name = "pitstop.step." + stepId;
        this.clock = clock;
        this.console = console;
        try {
            Files.createDirectories(file.getParent());
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open step log " + file, e);
        }
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected synchronized void handleNormalizedLoggingCall(Level level, Marker marker, String pattern,
                                                            Object[] arguments, Throwable throwable) {
        String message = MessageFormatter.basicArrayFormat(pattern, arguments);
        try {
            out.write(clock.instant() + " " + level + " " + message + "\n");
            if (throwable != null) {
                var trace = new StringWriter();
                throwable.printStackTrace(new PrintWriter(trace));
                out.write(trace.toString());
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (level == Level.WARN || level == Level.ERROR) console.stepMessage(level.name().toLowerCase(), message);
    }

    @Override
    public boolean isTraceEnabled() {
        return false;
    }

    @Override
    public boolean isDebugEnabled() {
        return true;
    }

    @Override
    public boolean isInfoEnabled() {
        return true;
    }

    @Override
    public boolean isWarnEnabled() {
        return true;
    }

    @Override
    public boolean isErrorEnabled() {
        return true;
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
