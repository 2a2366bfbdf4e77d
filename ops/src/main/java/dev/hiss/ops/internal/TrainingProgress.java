package dev.hiss.ops.internal;

import dev.hiss.spark.job.TrainHissJob;
import java.util.Locale;
import java.util.function.Consumer;

/** Draws {@link TrainHissJob}'s step reports on a {@link ProgressBar}. */
public final class TrainingProgress {
  private TrainingProgress() {}

  /** The bar's label, e.g. {@code epoch 2/8, step 5/15, ETA 40 s}. */
  public static String label(TrainHissJob.StepProgress p) {
    double eta = p.etaSeconds();
    return String.format(
        Locale.ROOT,
        "epoch %d/%d, step %d/%d%s",
        p.epoch() + 1,
        p.epochs(),
        p.step(),
        p.stepsPerEpoch(),
        Double.isNaN(eta) ? "" : String.format(Locale.ROOT, ", ETA %.0f s", eta));
  }

  /** A step listener that redraws {@code bar}. */
  public static Consumer<TrainHissJob.StepProgress> on(ProgressBar bar) {
    return p -> bar.update(p.fraction(), label(p));
  }
}
