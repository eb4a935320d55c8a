package io.pitstop.steps.spark;

import io.pitstop.engine.conf.Profile;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The profile's hadoop: section reaches Spark's Hadoop configuration; spark.conf wins on a clash. */
class SparkSessionResourceTest {

    @Test
    void hadoopSettingsBecomeSparkHadoopSettingsAndSparkConfWins() {
        Profile profile = new Profile("cluster", Path.of("/p"), Map.of(
                "hadoop.fs.defaultFS", "hdfs://namenode:8020",
                "hadoop.fs.s3a.endpoint", "http://127.0.0.1:9000",
                "spark.conf.spark.hadoop.fs.s3a.endpoint", "http://minio:9000",
                "spark.conf.spark.executor.memory", "2g",
                "spark.master", "spark://127.0.0.1:7077"));
        assertEquals(Map.of(
                "spark.hadoop.fs.defaultFS", "hdfs://namenode:8020",
                "spark.hadoop.fs.s3a.endpoint", "http://minio:9000",
                "spark.executor.memory", "2g"), SparkSessionResource.sessionConf(profile));
    }
}
