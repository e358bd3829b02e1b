package dev.sparkllm.engine.model;

/**
 * The hyper-parameters of a Llama-family decoder (Llama 2/3/3.x, TinyLlama, SmolLM, Mistral, Qwen2), whichever
 * file they came from.
 *
 * @param architecture   "llama" or "qwen2"
 * @param headDim        per-head dimension (may differ from hiddenSize / numHeads)
 * @param ropeScaling    null, or how RoPE frequencies are rescaled for long contexts
 * @param attentionBias  q/k/v projections carry biases (Qwen2)
 */
public record ModelConfig(
    String architecture,
    int hiddenSize,
    int numLayers,
    int numHeads,
    int numKvHeads,
    int headDim,
    int intermediateSize,
    int vocabSize,
    int maxPositionEmbeddings,
    double ropeTheta,
    RopeScaling ropeScaling,
    float rmsNormEps,
    boolean tieWordEmbeddings,
    boolean attentionBias) {

    /**
     * {@code type} "llama3" (Llama 3.1: low/high frequency bands, original context) or "linear" (positions / factor).
     */
    public record RopeScaling(String type, double factor, double lowFreqFactor, double highFreqFactor,
                              int originalMaxPositionEmbeddings) { }

    public int qDim() { return numHeads * headDim; }

    public int kvDim() { return numKvHeads * headDim; }

    /** Query heads per KV head; query head h reads KV head h / group. */
    public int gqaGroup() { return numHeads / numKvHeads; }
}
