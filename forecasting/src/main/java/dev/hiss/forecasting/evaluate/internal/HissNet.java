package dev.hiss.forecasting.evaluate.internal;

import dev.hiss.model.hiss.HissConfig;
import dev.hiss.model.hiss.HissModel;
import dev.hiss.model.hiss.HissTrainer;
import dev.hiss.model.hiss.OutputHead;
import dev.hiss.model.hiss.Parameter;
import dev.hiss.model.hiss.QuantileLevels;
import dev.hiss.model.hiss.Seq2SeqData;
import dev.hiss.model.hiss.TrainConfig;
import dev.hiss.model.hiss.TrainingLoss;
import java.util.List;

/** A {@link HissModel} trained step by step by a {@link HissTrainer}. */
final class HissNet implements NeuralNet {
  private final HissModel model;
  private final HissTrainer trainer;
  private final String description;

  HissNet(HissConfig config, TrainingLoss loss, String description, long seed, TrainConfig train) {
    this.model = new HissModel(config, seed);
    this.trainer = new HissTrainer(model, train).withLoss(loss);
    this.description = description;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public List<Parameter> parameters() {
    return model.parameters();
  }

  @Override
  public void refresh() {
    model.refresh();
  }

  @Override
  public OutputHead head() {
    return model.config().head();
  }

  @Override
  public boolean usesDt() {
    return model.config().dt();
  }

  @Override
  public QuantileLevels quantiles() {
    return model.config().quantiles();
  }

  @Override
  public TrainingLoss trainingLoss() {
    return trainer.loss();
  }

  @Override
  public double step(Seq2SeqData batch) {
    return trainer.step(batch);
  }

  @Override
  public float[] predictBatch(float[] x, int n, int inputLength) {
    return model.forward(x, n, inputLength, null);
  }
}
