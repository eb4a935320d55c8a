/**
 * Where a result came from: the code (Git commit, dirty files, code versions), the machine and JVM
 * (environment) and release tags in Git, recorded with every run so a model can be traced and rebuilt.
 */
package io.pitstop.engine.lineage;
