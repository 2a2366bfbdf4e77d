package dev.hiss.spark.dl4j.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.TaskContext;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the ND4J device of the current Spark task thread to the GPU Spark assigned to the task
 * ({@code TaskContext.get().resources().get("gpu")}), so that the network a DL4J worker builds and
 * fits in that thread lives on that GPU. On the CPU backend it is a logged no-op.
 *
 * <p>Untested on a GPU: no CUDA backend of ND4J could be run on the GPU machine (see
 * docs/scaling.md).
 */
public final class TaskGpu {
  private static final Logger LOG = LoggerFactory.getLogger(TaskGpu.class);

  /** Spark's resource name for GPUs. */
  public static final String GPU = "gpu";

  private static final AtomicBoolean CPU_LOGGED = new AtomicBoolean();

  private TaskGpu() {}

  /**
   * The ND4J device index for a task's GPU resources.
   *
   * <p>Spark's addresses are what its discovery script printed (for {@code
   * ops/spark/getGpusResources.sh}: {@code nvidia-smi} indices). ND4J numbers only the devices CUDA
   * shows it, so when {@code CUDA_VISIBLE_DEVICES} is a list of indices, the device is the position
   * of the address in that list. With several addresses the first is used (one training thread per
   * task).
   *
   * @param resources the task's resources, name → addresses (may be null or lack "gpu")
   * @param cudaVisibleDevices the value of {@code CUDA_VISIBLE_DEVICES}, or null when unset
   * @param deviceCount ND4J's number of devices
   * @return the device index, or empty when the task has no GPU
   * @throws IllegalArgumentException for an address that is not a non-negative integer, is not in
   *     {@code CUDA_VISIBLE_DEVICES}, or maps beyond {@code deviceCount}
   */
  public static OptionalInt select(
      Map<String, String[]> resources, String cudaVisibleDevices, int deviceCount) {
    String[] addresses = resources == null ? null : resources.get(GPU);
    if (addresses == null || addresses.length == 0) {
      return OptionalInt.empty();
    }
    int address = index(addresses[0], "gpu address from Spark's task resources");
    int device = address;
    if (cudaVisibleDevices != null && !cudaVisibleDevices.isBlank()) {
      List<Integer> visible = new ArrayList<>();
      for (String v : cudaVisibleDevices.split(",", -1)) {
        visible.add(index(v, "entry of CUDA_VISIBLE_DEVICES=" + cudaVisibleDevices));
      }
      device = visible.indexOf(address);
      if (device < 0) {
        throw new IllegalArgumentException(
            "Invalid gpu address = "
                + address
                + "; must be one of CUDA_VISIBLE_DEVICES="
                + cudaVisibleDevices);
      }
    }
    if (device >= deviceCount) {
      throw new IllegalArgumentException(
          "Invalid gpu address = "
              + address
              + "; it maps to ND4J device "
              + device
              + " but ND4J sees "
              + deviceCount
              + " device(s)");
    }
    return OptionalInt.of(device);
  }

  private static int index(String s, String what) {
    String t = s == null ? "" : s.strip();
    if (!t.matches("[0-9]{1,6}")) {
      throw new IllegalArgumentException(
          "Invalid " + what + " = '" + s + "'; must be a non-negative integer");
    }
    return Integer.parseInt(t);
  }

  /**
   * Binds the current task thread to its GPU (see {@link #select}); call it in the task thread
   * before the network is built.
   *
   * @return what was done, for logs and tests: "no task", "cpu backend", "no gpu" or "gpu N"
   */
  public static String bindCurrentTask() {
    TaskContext tc = TaskContext.get();
    if (tc == null) {
      return "no task";
    }
    Map<String, String[]> resources = new LinkedHashMap<>();
    tc.resourcesJMap().forEach((k, v) -> resources.put(k, v.addresses()));
    String[] gpus = resources.get(GPU);
    if (Nd4j.getEnvironment().isCPU()) {
      if (CPU_LOGGED.compareAndSet(false, true) || gpus != null) {
        LOG.info(
            "ND4J runs on the CPU backend: no GPU binding for task {} (gpu resources: {})",
            tc.taskAttemptId(),
            gpus == null ? "none" : String.join(",", gpus));
      }
      return "cpu backend";
    }
    OptionalInt device =
        select(
            resources,
            System.getenv("CUDA_VISIBLE_DEVICES"),
            Nd4j.getAffinityManager().getNumberOfDevices());
    if (device.isEmpty()) {
      LOG.info("Task {} has no gpu resource: ND4J's default device", tc.taskAttemptId());
      return "no gpu";
    }
    Nd4j.getAffinityManager().unsafeSetDevice(device.getAsInt());
    LOG.info(
        "Task {} bound to ND4J device {} (Spark gpu addresses {})",
        tc.taskAttemptId(),
        device.getAsInt(),
        String.join(",", gpus));
    return "gpu " + device.getAsInt();
  }
}
