package io.pitstop.steps.data;

/**
 * Parameters of {@code data.validate}.
 *
 * <pre>
 * - id: validate
 *   uses: data.validate
 *   needs: [version-data]          # provides the "dataset" output
 *   with:
 *     contract: data-contracts/telco-churn.yaml
 * </pre>
 *
 * @param contract the data contract (project-relative path)
 */
public record DataValidateParams(String contract) {

    public DataValidateParams {
        if (contract == null || contract.isBlank()) {
            throw new IllegalArgumentException("contract: the path of the data contract is required");
        }
    }
}
