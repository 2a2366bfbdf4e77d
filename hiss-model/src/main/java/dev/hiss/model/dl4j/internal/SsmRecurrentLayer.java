package dev.hiss.model.dl4j.internal;

import dev.hiss.model.dl4j.SsmLayerConf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.BaseRecurrentLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The DL4J layer behind every {@link SsmLayerConf} (S4D, S4, S5, Mamba): out = mask ⊙
 * activation(kernel(dropout(in))).
 *
 * <p>Forward and backward convert between DL4J's recurrent layout (NCW [batch, H, time] or NWC
 * [batch, time, H]) and the kernel layout [batch, time, H] and run {@link SsmCompute} (the float32
 * kernel, or its double-precision twin in a DOUBLE network).
 *
 * <p>Streaming: {@link #rnnTimeStep} continues from the stored state (keys {@link
 * SsmLayerConf#stateKeys()}, each [batch, width]); {@link #rnnClearPreviousState()} drops it.
 * Truncated BPTT starts each segment from the previous segment's final state and backpropagates
 * through the whole segment (a back length shorter than the segment is rejected).
 *
 * <p>Input masks [batch, time] zero the output at masked steps; since the layers are causal,
 * padding must be at the end of a series (leading padding would feed into the state).
 *
 * <p>With Δt / reset side channels ({@link SsmLayerConf#extraChannels()} &gt; 0) the input is
 * [batch, H + extra, time] (NCW) and the output [batch, H, time]; the side channels are read before
 * dropout ({@link SideChannels}) and their input gradient is zero.
 */
public final class SsmRecurrentLayer extends BaseRecurrentLayer<SsmLayerConf> {

  private static final long serialVersionUID = 1L;

  private SsmCompute.State segmentInitial;
  private INDArray sideInput;
  private SsmCompute.Side side;

  /**
   * Creates the layer; parameters are attached by {@link SsmLayerConf#instantiate}.
   *
   * @param conf the layer's network configuration
   * @param dataType network data type
   */
  public SsmRecurrentLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public Type type() {
    return Type.RECURRENT;
  }

  @Override
  public boolean isPretrainLayer() {
    return false;
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    segmentInitial = null;
    return forward(training, null, false, workspaceMgr).getFirst();
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(
      INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    return backprop(epsilon, null, workspaceMgr);
  }

  @Override
  public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
    setInput(input, workspaceMgr);
    Pair<INDArray, SsmCompute.State> r = forward(false, stored(stateMap), true, workspaceMgr);
    store(stateMap, r.getSecond());
    return r.getFirst();
  }

  @Override
  public INDArray rnnActivateUsingStoredState(
      INDArray input, boolean training, boolean storeLastForTBPTT, LayerWorkspaceMgr workspaceMgr) {
    setInput(input, workspaceMgr);
    SsmCompute.State initial = stored(tBpttStateMap);
    Pair<INDArray, SsmCompute.State> r =
        forward(training, initial, storeLastForTBPTT, workspaceMgr);
    segmentInitial = initial;
    if (storeLastForTBPTT) {
      store(tBpttStateMap, r.getSecond());
    }
    return r.getFirst();
  }

  @Override
  public Pair<Gradient, INDArray> tbpttBackpropGradient(
      INDArray epsilon, int tbpttBackLength, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(true);
    long length = input.size(timeDim());
    if (tbpttBackLength > 0 && tbpttBackLength < length) {
      throw new UnsupportedOperationException(
          "Invalid tbpttBackLength = "
              + tbpttBackLength
              + " for an SSM layer; must be >= the forward segment length "
              + length);
    }
    return backprop(epsilon, segmentInitial, workspaceMgr);
  }

  private Pair<INDArray, SsmCompute.State> forward(
      boolean training, SsmCompute.State initial, boolean keepFinal, LayerWorkspaceMgr mgr) {
    assertInputSet(false);
    checkInput();
    SsmCompute.Side s = SideChannels.read(layerConf(), toKernel(input), maskArray, where());
    applyDropOutIfNecessary(training, mgr);
    sideInput = input;
    side = s;
    SsmCompute.Forward f = compute().forward(data(input), s, initial, keepFinal);
    INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, outputShape(), 'c');
    out.assign(toKernel(f.y()));
    layerConf().getActivationFn().getActivation(out, training);
    applyTimeMask(out);
    return new Pair<>(out, f.last());
  }

  private Pair<Gradient, INDArray> backprop(
      INDArray epsilon, SsmCompute.State initial, LayerWorkspaceMgr mgr) {
    assertInputSet(true);
    checkInput();
    SsmCompute<?> compute = compute();
    SsmCompute.Side s =
        input == sideInput
            ? side
            : SideChannels.read(layerConf(), toKernel(input), maskArray, where());
    INDArray u = data(input);
    INDArray du =
        SsmCompute.outsideWorkspaces(
            () -> {
              INDArray dy = epsilon.castTo(dataType).dup('c');
              applyTimeMask(dy);
              IActivation act = layerConf().getActivationFn();
              if (!(act instanceof ActivationIdentity)) {
                INDArray z = toKernel(compute.forward(u, s, initial, false).y()).dup('c');
                dy = act.backprop(z, dy).getFirst();
              }
              return compute.backward(u, toKernel(dy), s, initial, gradientViews);
            });
    INDArray epsOut;
    if (layerConf().extraChannels() == 0) {
      epsOut = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, input.shape(), 'c');
      epsOut.assign(toKernel(du));
    } else {
      epsOut = mgr.create(ArrayType.ACTIVATION_GRAD, dataType, input.shape(), 'c'); // zeros
      SideChannels.data(toKernel(epsOut), layerConf().getNOut()).assign(du);
    }
    Gradient g = new DefaultGradient(gradientsFlattened);
    for (String key : layerConf().paramShapes().keySet()) {
      g.gradientForVariable().put(key, gradientViews.get(key));
    }
    return new Pair<>(g, backpropDropOutIfPresent(epsOut));
  }

  private SsmCompute<?> compute() {
    return SsmCompute.of(layerConf(), paramTable(false), dataType);
  }

  /** The data channels of an input in the kernel layout [batch, time, H]. */
  private INDArray data(INDArray x) {
    return SideChannels.data(toKernel(x), layerConf().getNOut());
  }

  /** The output shape: the input shape with H = nOut channels. */
  private long[] outputShape() {
    long[] s = input.shape().clone();
    s[getDataFormat() == RNNFormat.NCW ? 1 : 2] = layerConf().getNOut();
    return s;
  }

  private String where() {
    return layerConf().getClass().getSimpleName() + " layer " + layerId();
  }

  /** NCW ↔ kernel layout [batch, time, H] (the permutation is its own inverse); NWC as is. */
  private INDArray toKernel(INDArray x) {
    return getDataFormat() == RNNFormat.NCW ? x.permute(0, 2, 1) : x;
  }

  private int timeDim() {
    return getDataFormat() == RNNFormat.NCW ? 2 : 1;
  }

  private void checkInput() {
    int channelDim = getDataFormat() == RNNFormat.NCW ? 1 : 2;
    long h = layerConf().getNIn();
    if (input.rank() != 3 || input.size(channelDim) != h) {
      throw new IllegalStateException(
          "Invalid input shape = "
              + Arrays.toString(input.shape())
              + " for "
              + layerConf().getClass().getSimpleName()
              + " layer "
              + layerId()
              + "; must be rank 3 with "
              + h
              + " channels in dimension "
              + channelDim
              + " ("
              + getDataFormat()
              + ")");
    }
  }

  private void applyTimeMask(INDArray x) {
    if (maskArray != null) {
      INDArray m = maskArray.castTo(x.dataType());
      Nd4j.getExecutioner().exec(new BroadcastMulOp(x, m, x, 0, timeDim()));
    }
  }

  private SsmCompute.State stored(Map<String, INDArray> map) {
    List<String> keys = layerConf().stateKeys();
    if (map.get(keys.get(0)) == null) {
      return null;
    }
    List<INDArray> parts = new ArrayList<>();
    for (String k : keys) {
      INDArray p = map.get(k);
      if (p == null) {
        throw new IllegalStateException("Invalid stored state: missing " + k + "; keys " + keys);
      }
      parts.add(p);
    }
    return new SsmCompute.State(parts);
  }

  private void store(Map<String, INDArray> map, SsmCompute.State s) {
    List<String> keys = layerConf().stateKeys();
    for (int i = 0; i < keys.size(); i++) {
      map.put(keys.get(i), s.parts().get(i));
    }
  }
}
