package io.pitstop.engine.report;

import java.io.IOException;

/**
 * Writes the page {@code ./pitstop report} saves: one self-contained HTML document (no network, no
 * script), found through {@link java.util.ServiceLoader} so the engine, which knows no step kind's
 * outputs, can still offer the command. The implementation lives beside the formats it reads
 * ({@code io.pitstop.steps.report}) and must start nothing heavy: a report reads files, it runs no model.
 */
public interface ReportWriter {

    /** The whole page. */
    String page(ReportSources sources) throws IOException;
}
