"""The Great Expectations side of the validation benchmark (benchmarks/validation.sh).

Reads the same generated Parquet as the JVM side with pandas, turns the same data contract
(data-contracts/telco-churn.yaml) into GX Core expectations on a pandas DataFrame and validates
them, REPEATS times. Prints one JSON line: the timings per run (read, validate), the expectations
run, what the contract has that GX on pandas cannot express, and whether every expectation held.

Usage: gx_validate.py <parquet> <contract.yaml> <repeats>
"""
import json
import sys
import time

import great_expectations as gx
import great_expectations.expectations as gxe
import pandas as pd
import yaml


def expectations(contract):
    """One GX expectation per contract rule; returns (expectations, rules left out with why)."""
    out, left_out = [], []
    for col in contract["columns"]:
        if not col.get("nullable", True):
            out.append(gxe.ExpectColumnValuesToNotBeNull(column=col["name"]))
    for check in contract.get("checks", []):
        kind, column = check["kind"], check.get("column")
        if kind == "unique":
            out.append(gxe.ExpectColumnValuesToBeUnique(column=column))
        elif kind == "pattern":
            out.append(gxe.ExpectColumnValuesToMatchRegex(column=column, regex=check["regex"]))
        elif kind == "row_count":
            out.append(gxe.ExpectTableRowCountToBeBetween(min_value=check.get("min"), max_value=check.get("max")))
        elif kind == "allowed_values":
            out.append(gxe.ExpectColumnValuesToBeInSet(column=column, value_set=check["values"]))
        elif kind == "range":
            out.append(gxe.ExpectColumnValuesToBeBetween(column=column, min_value=check.get("min"),
                                                         max_value=check.get("max")))
        elif kind == "completeness":
            out.append(gxe.ExpectColumnValuesToNotBeNull(column=column, mostly=check["min"]))
        else:
            # GX's row-condition expectations over SQL need a SQL data source; on pandas there is none.
            left_out.append(f"{kind} {check.get('name', column)}: no GX expectation on a pandas DataFrame")
    return out, left_out


def main():
    parquet, contract_file, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(contract_file) as f:
        contract = yaml.safe_load(f)
    context = gx.get_context(mode="ephemeral")
    batch_definition = (context.data_sources.add_pandas("pandas")
                        .add_dataframe_asset(name="telco")
                        .add_batch_definition_whole_dataframe("whole"))
    suite = gx.ExpectationSuite(name="telco_churn")
    rules, left_out = expectations(contract)
    for e in rules:
        suite.add_expectation(e)
    suite = context.suites.add(suite)

    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        df = pd.read_parquet(parquet)
        t1 = time.perf_counter()
        result = batch_definition.get_batch(batch_parameters={"dataframe": df}).validate(suite)
        t2 = time.perf_counter()
        failed = [r.expectation_config.type + " " + str(r.expectation_config.kwargs.get("column", ""))
                  for r in result.results if not r.success]
        runs.append({"read_s": round(t1 - t0, 3), "validate_s": round(t2 - t1, 3),
                     "total_s": round(t2 - t0, 3), "success": bool(result.success), "failed": failed})
        del df
    print(json.dumps({"great_expectations": gx.__version__, "pandas": pd.__version__, "rows": None,
                      "expectations": len(rules), "left_out": left_out, "runs": runs}))


if __name__ == "__main__":
    main()
