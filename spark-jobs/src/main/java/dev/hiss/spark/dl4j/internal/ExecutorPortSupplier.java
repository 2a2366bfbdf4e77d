package dev.hiss.spark.dl4j.internal;

import org.apache.spark.SparkEnv;
import org.nd4j.parameterserver.distributed.v2.transport.PortSupplier;

/**
 * UDP ports for DL4J's gradient-sharing transport: {@code base} on the driver (and in local mode,
 * where the tasks run in the driver), {@code base + 1 + n} on executor {@code n}. DL4J's default
 * gives every node the same port, which only works with one executor per host: several executor
 * JVMs on one host (local-cluster, or several executors per node) would all bind the driver's port
 * on the same address and never reach it.
 */
public final class ExecutorPortSupplier implements PortSupplier {
  private static final long serialVersionUID = 1L;

  private final int base;

  /**
   * @param base the driver's port, in [1, 64535]
   */
  public ExecutorPortSupplier(int base) {
    if (base < 1 || base > 64_535) {
      throw new IllegalArgumentException("Invalid base = " + base + "; must be in [1, 64535]");
    }
    this.base = base;
  }

  @Override
  public int getPort() {
    SparkEnv env = SparkEnv.get();
    return port(base, env == null ? null : env.executorId());
  }

  /**
   * The port for a Spark executor id.
   *
   * @param base the driver's port
   * @param executorId "driver", a number, or null (not in Spark: the driver's port)
   * @return base, or base + 1 + (id mod 1000) for a numeric executor id
   */
  static int port(int base, String executorId) {
    if (executorId == null || !executorId.matches("[0-9]{1,9}")) {
      return base;
    }
    return base + 1 + Integer.parseInt(executorId) % 1000;
  }
}
