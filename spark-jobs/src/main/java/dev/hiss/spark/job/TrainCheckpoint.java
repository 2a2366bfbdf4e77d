package dev.hiss.spark.job;

import dev.hiss.spark.train.DistributedHissTrainer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The checkpoint {@link TrainHissJob} writes after every epoch, so that a killed job resumes where
 * it stopped with the same result as an uninterrupted run: the trainer's state ({@link
 * DistributedHissTrainer#writeCheckpoint}), the per-epoch losses and the best weights so far. The
 * file starts with a fingerprint of the job (configuration, episode counts, parameter count); a
 * checkpoint of another job is refused, never silently mixed in. Written to a temporary file and
 * moved into place atomically, so a kill while writing leaves the previous checkpoint.
 */
final class TrainCheckpoint {
  /** File name inside the checkpoint directory. */
  static final String FILE = "train-checkpoint.bin";

  private static final long MAGIC = 0x4849_5353_434b_5031L; // "HISSCKP1"

  /**
   * What the job itself keeps besides the trainer's state; {@code validationMse} (the point MSE per
   * epoch of a non-POINT head, written after the trainer's state) is null for a POINT job, whose
   * checkpoint has the form written before heads.
   */
  record JobState(
      int epochsDone,
      List<Double> trainLoss,
      List<Double> validationLoss,
      float[] best,
      List<Double> validationMse) {}

  private TrainCheckpoint() {}

  static void write(Path dir, String fingerprint, DistributedHissTrainer trainer, JobState state)
      throws IOException {
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, FILE, ".tmp");
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
      out.writeLong(MAGIC);
      out.writeUTF(fingerprint);
      writeDoubles(out, state.trainLoss());
      writeDoubles(out, state.validationLoss());
      out.writeInt(state.best().length);
      for (float f : state.best()) {
        out.writeFloat(f);
      }
      trainer.writeCheckpoint(out, state.epochsDone());
      if (state.validationMse() != null) {
        writeDoubles(out, state.validationMse());
      }
    }
    Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Restores the trainer from the checkpoint in {@code dir}, if there is one.
   *
   * @param withMse whether the checkpoint holds the point MSE per epoch (a non-POINT job)
   * @return the job's state, or null when {@code dir} holds no checkpoint
   * @throws IllegalStateException when the checkpoint belongs to another job
   * @throws IOException when it cannot be read (truncated, corrupted)
   */
  static JobState read(
      Path dir, String fingerprint, DistributedHissTrainer trainer, boolean withMse)
      throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.exists(file)) {
      return null;
    }
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      if (in.readLong() != MAGIC) {
        throw new IOException("Invalid checkpoint " + file + ": not a HiSS training checkpoint");
      }
      String stored = in.readUTF();
      if (!stored.equals(fingerprint)) {
        throw new IllegalStateException(
            "Checkpoint "
                + file
                + " was written by another training job; delete it or choose another checkpoint"
                + " directory. It holds: "
                + stored
                + "; this job is: "
                + fingerprint);
      }
      List<Double> trainLoss = readDoubles(in);
      List<Double> validation = readDoubles(in);
      float[] best = new float[in.readInt()];
      for (int i = 0; i < best.length; i++) {
        best[i] = in.readFloat();
      }
      int epochs = trainer.readCheckpoint(in);
      List<Double> mse = withMse ? readDoubles(in) : null;
      if (trainLoss.size() != epochs
          || validation.size() != epochs
          || (mse != null && mse.size() != epochs)) {
        throw new IOException(
            "Invalid checkpoint " + file + ": " + trainLoss.size() + " losses for " + epochs);
      }
      return new JobState(epochs, trainLoss, validation, best, mse);
    } catch (java.io.EOFException e) {
      throw new IOException("Invalid checkpoint " + file + ": truncated", e);
    }
  }

  static void delete(Path dir) throws IOException {
    Files.deleteIfExists(dir.resolve(FILE));
  }

  private static void writeDoubles(DataOutputStream out, List<Double> values) throws IOException {
    out.writeInt(values.size());
    for (double v : values) {
      out.writeDouble(v);
    }
  }

  private static List<Double> readDoubles(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 1_000_000) {
      throw new IOException("Invalid checkpoint: " + n + " epochs");
    }
    List<Double> l = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      l.add(in.readDouble());
    }
    return l;
  }
}
