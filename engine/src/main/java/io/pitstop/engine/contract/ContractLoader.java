package io.pitstop.engine.contract;

import java.nio.file.Path;

/**
 * Loads {@code data-contracts/*.yaml} strictly: every problem is reported with file:line:column.
 * (Being written on the spec branch; this signature is fixed.)
 */
public final class ContractLoader {

    private ContractLoader() {
    }

    /** @throws io.pitstop.engine.spec.SpecException listing every problem in the file */
    public static Contract load(Path file) {
        throw new UnsupportedOperationException("ContractLoader is being written on the spec branch");
    }
}
