package io.pitstop.engine.step;

/** How a long step tells the terminal where it is; cheap to call often. */
public interface Progress {

    /** A short status, e.g. {@code "epoch 3/20, val_auc 0.83"}. */
    void status(String message);

    /** Work done out of total, e.g. epochs or rows; total 0 means unknown. */
    default void advance(long done, long total, String message) {
        status(total > 0 ? done + "/" + total + " " + message : message);
    }

    Progress SILENT = message -> { };
}
