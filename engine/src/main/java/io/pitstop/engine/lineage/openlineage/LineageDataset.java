package io.pitstop.engine.lineage.openlineage;

import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A dataset as OpenLineage names it: a namespace (where it lives: {@code file} for the local file
 * system, {@code hdfs://namenode:8020} for a cluster) and a name within it (the path), with the
 * version a step read or wrote when one is known, and Pitstop's own details of it.
 *
 * @param version the version, e.g. dvc's md5 of a tracked file, a Delta table's version, a model
 *                package's version; null when the dataset has none
 * @param details what else Pitstop knows of it (the .dvc file, the Git commit), sorted; may be empty
 */
record LineageDataset(String namespace, String name, String version, SortedMap<String, String> details) {

    LineageDataset {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        details = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(details));
    }

    static LineageDataset of(String namespace, String name, String version) {
        return new LineageDataset(namespace, name, version, new TreeMap<>());
    }

    LineageDataset withDetails(Map<String, String> more) {
        var all = new TreeMap<>(details);
        all.putAll(more);
        return new LineageDataset(namespace, name, version, all);
    }
}
