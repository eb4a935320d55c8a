package io.pitstop.engine.contract;

/** ERROR stops the pipeline before training; WARNING is reported and the run continues. */
public enum Severity {
    ERROR, WARNING
}
