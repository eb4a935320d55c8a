package io.pitstop.engine.contract;

import io.pitstop.engine.yaml.MappingReader;

import java.util.Optional;
import java.util.Set;

/** Reads the optional {@code drift:} thresholds of a contract; absent keys take the conventional defaults. */
final class DriftReader {

    static final Set<String> KEYS = Set.of("psi_warning", "psi_error", "max_unseen_share", "min_rows");

    private DriftReader() {
    }

    static Optional<DriftSpec> read(MappingReader root) {
        Optional<MappingReader> drift = root.mapping("drift", false, "drift: ");
        if (drift.isEmpty()) return Optional.empty();
        MappingReader d = drift.get();
        d.allowOnly(KEYS);
        int before = d.problemCount();
        double warning = nonNegative(d, "psi_warning", DriftSpec.DEFAULT_PSI_WARNING);
        double error = nonNegative(d, "psi_error", DriftSpec.DEFAULT_PSI_ERROR);
        double unseen = nonNegative(d, "max_unseen_share", DriftSpec.DEFAULT_MAX_UNSEEN_SHARE);
        long minRows = d.integer("min_rows", false).orElse(DriftSpec.DEFAULT_MIN_ROWS);
        if (minRows < 1) d.problem("min_rows", "min_rows must be at least 1, found " + minRows);
        if (unseen > 1) d.problem("max_unseen_share", "max_unseen_share must be a fraction between 0 and 1, found " + unseen);
        if (d.problemCount() == before && error < warning) {
            d.problem("psi_error", "psi_error " + error + " is below psi_warning " + warning);
        }
        if (d.problemCount() != before) return Optional.empty();
        return Optional.of(new DriftSpec(warning, error, unseen, minRows, d.location()));
    }

    private static double nonNegative(MappingReader d, String key, double fallback) {
        double v = d.number(key, false).orElse(fallback);
        if (v < 0) d.problem(key, key + " must not be negative, found " + v);
        return v;
    }
}
