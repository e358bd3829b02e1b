package dev.sparkllm.engine.sample;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * One generation step after the forward pass: penalties and masks ({@link LogitsProcessor}) on a copy of the row,
 * then the draw ({@link Sampler}); logprobs, when asked for, come from the model's own row before any of that.
 * Holds scratch space: one instance per thread.
 */
public final class TokenSampler {
    private final LogitsProcessor processor = new LogitsProcessor();
    /** The row being processed; reused, since a fresh vocabulary-sized array per token kept the collector busy. */
    private float[] row = new float[0];

    /**
     * The next token of a sequence that produced {@code outputs[0, outputCount)} after {@code prompt}.
     *
     * @param logprobs receives this step's logprobs when non-null
     */
    public int next(float[] logits, int off, int vocab, SamplingParams p, int[] prompt, int[] outputs, int outputCount,
                    Set<Integer> eosIds, SplittableRandom rng, List<TokenLogprobs> logprobs) {
        if (row.length < vocab) row = new float[vocab];
        System.arraycopy(logits, off, row, 0, vocab);
        processor.apply(row, 0, vocab, prompt, outputs, outputCount, eosIds, p);
        int token = Sampler.sample(row, 0, vocab, p, rng);
        if (logprobs != null) logprobs.add(TokenLogprobs.of(logits, off, vocab, token, p.logprobs()));
        return token;
    }
}
