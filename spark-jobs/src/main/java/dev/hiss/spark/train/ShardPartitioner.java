package dev.hiss.spark.train;

import org.apache.spark.Partitioner;

/** Episode index {@code i} of {@code n} → shard {@code floor(i·partitions/n)}. */
final class ShardPartitioner extends Partitioner {
  private static final long serialVersionUID = 1L;

  private final int count;
  private final int partitions;

  ShardPartitioner(int count, int partitions) {
    this.count = count;
    this.partitions = partitions;
  }

  static int shardOf(int index, int count, int partitions) {
    return (int) ((long) index * partitions / count);
  }

  @Override
  public int numPartitions() {
    return partitions;
  }

  @Override
  public int getPartition(Object key) {
    int i = (Integer) key;
    if (i < 0 || i >= count) {
      throw new IllegalArgumentException(
          "Invalid episode index = " + i + "; indices must be 0.." + (count - 1));
    }
    return shardOf(i, count, partitions);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ShardPartitioner s && s.count == count && s.partitions == partitions;
  }

  @Override
  public int hashCode() {
    return 31 * count + partitions;
  }
}
