package io.pitstop.steps.features;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which input columns feed the network, and how: categorical columns are one-hot encoded, numeric
 * columns are imputed and standardised (see {@link FeatureTransform}). The order given here is the
 * order of the encoded vector, so it is part of the model.
 *
 * <pre>
 * features:
 *   categorical: [contract, internet_service]
 *   numeric: [tenure, monthly_charges, total_charges]
 * </pre>
 */
public record FeatureSpec(List<String> categorical, List<String> numeric) {

    public FeatureSpec {
        categorical = categorical == null ? List.of() : List.copyOf(categorical);
        numeric = numeric == null ? List.of() : List.copyOf(numeric);
        if (categorical.isEmpty() && numeric.isEmpty()) {
            throw new IllegalArgumentException("features: declare at least one categorical or numeric column");
        }
        Set<String> seen = new HashSet<>();
        for (String column : concat(categorical, numeric)) {
            Objects.requireNonNull(column, "features: a column name is null");
            if (column.isBlank()) {
                throw new IllegalArgumentException("features: a column name is blank");
            }
            if (!seen.add(column)) {
                throw new IllegalArgumentException("features: column '" + column
                        + "' is listed twice (each column is either categorical or numeric, once)");
            }
        }
    }

    /** Every feature column, numeric first, in encoding order. */
    public List<String> columns() {
        return concat(numeric, categorical);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        var all = new java.util.ArrayList<String>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
