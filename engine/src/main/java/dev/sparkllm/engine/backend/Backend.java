package dev.sparkllm.engine.backend;

import dev.sparkllm.engine.weights.Tensor;

/**
 * The numeric primitives a forward pass needs. Every output element is computed with a reduction order that depends
 * only on the operands' lengths — never on how many tokens are batched or how work is split over threads — so a
 * request's results are bit-identical whatever else shares its batch.
 */
public interface Backend extends AutoCloseable {

    String name();

    /**
     * {@code out[t*rows + r] = w.row(r) · x[t*cols ..]} for {@code t < nTokens}: the weight matrix applied to a whole
     * token batch (activations row-major, one token per row).
     */
    void matmul(Tensor w, float[] x, int nTokens, float[] out);

    float dot(float[] a, int aOff, float[] b, int bOff, int n);

    /** {@code dst[dOff+i] += s * src[sOff+i]}. */
    void addScaled(float[] dst, int dOff, float[] src, int sOff, float s, int n);

    float sumOfSquares(float[] a, int off, int n);

    @Override
    default void close() { }
}
