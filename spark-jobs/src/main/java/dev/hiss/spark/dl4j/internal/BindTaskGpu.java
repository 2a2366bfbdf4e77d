package dev.hiss.spark.dl4j.internal;

import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A pass-through partition function that calls {@link TaskGpu#bindCurrentTask()} when the task
 * starts. Applied last to the training RDD, it runs in the same task and thread as DL4J's worker
 * function that consumes the partition (no shuffle in between: the masters are configured not to
 * repartition), before that function builds the worker's network.
 */
public final class BindTaskGpu implements FlatMapFunction<Iterator<DataSet>, DataSet> {
  private static final long serialVersionUID = 1L;

  @Override
  public Iterator<DataSet> call(Iterator<DataSet> partition) {
    TaskGpu.bindCurrentTask();
    return partition;
  }
}
