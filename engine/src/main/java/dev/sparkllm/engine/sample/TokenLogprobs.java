package dev.sparkllm.engine.sample;

/** The chosen token's log-probability at one step and the {@code topIds.length} most likely alternatives. */
public record TokenLogprobs(int tokenId, float logprob, int[] topIds, float[] topLogprobs) {

    /**
     * From the row the model produced, before penalties, temperature or truncation (vLLM's default "raw" logprobs):
     * callers that adjust logits in place pass a copy taken before.
     */
    public static TokenLogprobs of(float[] logits, int off, int vocab, int chosen, int k) {
        float[] lp = Sampler.logSoftmax(logits, off, vocab);
        int[] top = Sampler.candidates(lp, 0, vocab, k);
        float[] topLp = new float[top.length];
        for (int i = 0; i < top.length; i++) topLp[i] = lp[top[i]];
        return new TokenLogprobs(chosen, lp[chosen], top, topLp);
    }
}
