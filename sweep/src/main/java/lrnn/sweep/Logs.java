package lrnn.sweep;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/** Spark's INFO chatter off: warnings and errors of Spark and its libraries only (log4j 2, Spark's logger). */
final class Logs {

  private Logs() {}

  static void quiet() {
    Configurator.setRootLevel(Level.WARN);
    // one-time notices that say nothing about the sweep
    Configurator.setLevel("org.apache.hadoop.util.NativeCodeLoader", Level.ERROR);
    Configurator.setLevel("org.apache.spark.util.Utils", Level.ERROR);
    Configurator.setLevel("org.apache.spark.SparkEnv", Level.ERROR);
  }
}
