package dev.hiss.model.dl4j.internal;

import dev.hiss.model.ssm.StateSpaceKernel;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The {@link SsmCompute} binding of a {@link StateSpaceKernel}: loads the parameter views into the
 * kernel's params object (float path) or its double twin (DOUBLE networks) and forwards the
 * primitive-array calls, with the per-step Δt scale and reset mask of the layer's side channels
 * (null when the layer has none). The kernel's state has two parts (re and im; Mamba: ssm and
 * conv), as its twin's.
 *
 * @param <S> the float kernel's state type
 * @param <P> the float kernel's parameter type
 */
final class SsmKernelBindings<S, P extends StateSpaceKernel.Parameters> extends SsmCompute<S> {

  private final StateSpaceKernel<S, P> kernel;
  private final StateSpaceKernel.Twin twin;

  /**
   * @param kernel a kernel over zero parameters, which this binding owns
   * @param params key → parameter view (copied into the kernel or its twin)
   * @param type network data type (DOUBLE selects the twin)
   */
  SsmKernelBindings(StateSpaceKernel<S, P> kernel, Map<String, INDArray> params, DataType type) {
    super(type, kernel.width(), kernel.stateWidths());
    this.kernel = kernel;
    this.twin = exact() ? kernel.twin() : null;
    if (twin != null) {
      twin.parameters()
          .forEach((k, v) -> System.arraycopy(doubles(params.get(k)), 0, v, 0, v.length));
    } else {
      kernel
          .params()
          .arrays()
          .forEach((k, v) -> System.arraycopy(floats(params.get(k)), 0, v, 0, v.length));
    }
  }

  @Override
  S newState(int batch) {
    return kernel.initialState(batch);
  }

  @Override
  float[][] parts(S s) {
    return kernel.stateArrays(s);
  }

  @Override
  void forward(
      float[] u, int batch, int length, float[] y, boolean[] reset, float[] dt, S init, S last) {
    kernel.forward(u, batch, length, y, init, reset, dt, last);
  }

  @Override
  void step(float[] x, float[] dt, S state, float[] y) {
    kernel.step(x, dt, state, y);
  }

  @Override
  Map<String, float[]> backward(
      float[] u,
      float[] dy,
      int batch,
      int length,
      boolean[] reset,
      float[] dt,
      S init,
      float[] du) {
    P g = kernel.newGradients();
    kernel.backward(u, dy, batch, length, init, reset, dt, du, g);
    return g.arrays();
  }

  @Override
  double[] forwardExact(
      double[] u,
      int batch,
      int length,
      boolean[] reset,
      double[] dt,
      double[][] x0,
      double[][] last) {
    return twin.forward(u, batch, length, x0[0], x0[1], reset, dt, last[0], last[1]);
  }

  @Override
  Exact backwardExact(
      double[] u, double[] dy, int batch, int length, boolean[] reset, double[] dt, double[][] x0) {
    StateSpaceKernel.Twin.Gradients g =
        twin.backward(u, dy, batch, length, x0[0], x0[1], reset, dt);
    return new Exact(g.params(), g.du());
  }
}
