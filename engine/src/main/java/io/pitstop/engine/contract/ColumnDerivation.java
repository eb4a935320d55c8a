package io.pitstop.engine.contract;

import java.util.List;

/**
 * How a column that is not in the data file is computed from columns that are. The one kind so far is
 * a hash of other columns' typed values: a stable key for a dataset that has no id column.
 *
 * <pre>
 * columns:
 *   - { name: row_key, type: string, nullable: false, derived: { hash_of: [age, income, region] } }
 * </pre>
 *
 * <p>The value is the lowercase hex SHA-256 of an encoding of the sources' typed values, in the order
 * listed, that no two different rows share (see {@code DerivedKey} in the steps module, which computes it,
 * and docs/pipelines.md); the same rows give the same keys in training and scoring, in any order or partitioning.
 *
 * @param hashOf the source columns, declared in the same contract and not derived themselves; at least one
 */
public record ColumnDerivation(List<String> hashOf) {

    public ColumnDerivation {
        hashOf = List.copyOf(hashOf);
        if (hashOf.isEmpty()) throw new IllegalArgumentException("hash_of needs at least one column");
    }
}
