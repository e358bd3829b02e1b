package dev.sparkllm.engine.model;

import dev.sparkllm.engine.weights.Tensor;
import java.util.List;

/**
 * All weights of a Llama-family decoder.
 *
 * @param output           the LM head; the same object as {@code tokenEmbedding} when embeddings are tied
 * @param ropeFreqFactors  per-frequency divisors from a GGUF {@code rope_freqs.weight} (Llama 3.1 files), or null
 */
public record LlamaWeights(
    Tensor tokenEmbedding,
    List<LayerWeights> layers,
    float[] outputNorm,
    Tensor output,
    float[] ropeFreqFactors) {

    public long sizeInBytes() {
        long n = tokenEmbedding.sizeInBytes() + 4L * outputNorm.length;
        if (output != tokenEmbedding) n += output.sizeInBytes();
        for (LayerWeights l : layers) n += l.sizeInBytes();
        return n;
    }
}
