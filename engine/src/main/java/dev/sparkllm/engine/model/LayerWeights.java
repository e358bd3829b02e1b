package dev.sparkllm.engine.model;

import dev.sparkllm.engine.weights.Tensor;

/**
 * One decoder layer, in Hugging Face row order (Q/K rows already un-permuted for GGUF llama files).
 * Biases are null when the architecture has none.
 */
public record LayerWeights(
    float[] attnNorm,
    Tensor wq, Tensor wk, Tensor wv, Tensor wo,
    float[] bq, float[] bk, float[] bv, float[] bo,
    float[] ffnNorm,
    Tensor wGate, Tensor wUp, Tensor wDown) {

    long sizeInBytes() {
        long n = 0;
        for (Tensor t : new Tensor[] {wq, wk, wv, wo, wGate, wUp, wDown}) n += t.sizeInBytes();
        for (float[] v : new float[][] {attnNorm, ffnNorm, bq, bk, bv, bo}) n += v == null ? 0 : 4L * v.length;
        return n;
    }
}
