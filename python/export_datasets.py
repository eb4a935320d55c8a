"""Writes public data sets that ship inside installed packages as CSV files, for the end-to-end tests
on data Pitstop was not tuned to. Nothing here is committed data: the tests run this into a temp dir.

    .venv/bin/python python/export_datasets.py <out-dir> [name ...]

Names: breast_cancer (binary, string label), wine (multiclass, integer-coded label), diabetes
(regression; `sex` is an integer code), penguins (multiclass, string label, NA in several columns).
None of them has an id column. The files are written the way a person exporting them would: the
header as the package names the columns (spaces and slashes included), integral columns as integers,
missing values as empty fields.
"""
import csv
import math
import sys
from pathlib import Path


def integral(column):
    return all(v is None or float(v).is_integer() for v in column)


def text(value, as_int):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, str):
        return value
    return str(int(value)) if as_int else repr(float(value))


def write(path, header, rows):
    columns = list(zip(*rows))
    as_int = [not isinstance(next((v for v in c if v is not None), ""), str) and integral(
        [v for v in c if not (isinstance(v, float) and math.isnan(v))]) for c in columns]
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(header)
        for row in rows:
            out.writerow([text(v, as_int[i]) for i, v in enumerate(row)])


def sklearn_set(loader, label, label_values=None, **kwargs):
    bunch = loader(**kwargs)
    header = [str(n) for n in bunch.feature_names] + [label]
    rows = []
    for x, y in zip(bunch.data.tolist(), bunch.target.tolist()):
        rows.append(x + [label_values[int(y)] if label_values else y])
    return header, rows


def breast_cancer():
    from sklearn.datasets import load_breast_cancer
    names = [str(n) for n in load_breast_cancer().target_names]  # 0 = malignant, 1 = benign
    return sklearn_set(load_breast_cancer, "diagnosis", names)


def wine():
    from sklearn.datasets import load_wine
    return sklearn_set(load_wine, "cultivar")


def diabetes():
    from sklearn.datasets import load_diabetes
    # Unscaled: age in years, sex coded 1/2, the target a disease progression score one year on.
    return sklearn_set(load_diabetes, "progression", scaled=False)


def penguins():
    import palmerpenguins
    source = Path(palmerpenguins.__file__).parent / "data" / "penguins.csv"
    with open(source, newline="", encoding="utf-8") as f:
        records = list(csv.reader(f))
    header = records[0]
    numeric = {"bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "year"}
    rows = []
    for record in records[1:]:
        row = []
        for name, value in zip(header, record):
            if value in ("", "NA"):
                row.append(None)
            else:
                row.append(float(value) if name in numeric else value)
        rows.append(row)
    return header, rows


SETS = {"breast_cancer": breast_cancer, "wine": wine, "diabetes": diabetes, "penguins": penguins}


def main(argv):
    if len(argv) < 2:
        sys.exit("usage: export_datasets.py <out-dir> [" + "|".join(SETS) + " ...]")
    out = Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for name in argv[2:] or list(SETS):
        if name not in SETS:
            sys.exit("export_datasets.py: unknown data set '%s'; known: %s" % (name, ", ".join(SETS)))
        header, rows = SETS[name]()
        write(out / (name + ".csv"), header, rows)
        print(out / (name + ".csv"))


if __name__ == "__main__":
    main(sys.argv)
