package io.pitstop.engine.init;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A data file as {@link DataInspector} measured it: its rows and columns (in the file's order).
 *
 * @param repeatedRows rows equal to an earlier row in every column but the label: no key derived
 *                     from those columns could tell them apart
 */
public record DataSketch(Path file, long rows, List<ColumnSketch> columns, long repeatedRows) {

    public DataSketch {
        Objects.requireNonNull(file, "file");
        columns = List.copyOf(columns);
    }

    public Optional<ColumnSketch> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public List<String> names() {
        return columns.stream().map(ColumnSketch::name).toList();
    }
}
