package org.spikebridge.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** A small Spark in local mode for tests: two cores, no UI, few shuffle partitions. */
final class LocalSpark {
  private LocalSpark() {}

  /** A new context; the test class stops it when done. */
  static JavaSparkContext start() {
    return new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("spikebridge-test")
        .set("spark.ui.enabled", "false")
        .set("spark.sql.shuffle.partitions", "2")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1"));
  }
}
