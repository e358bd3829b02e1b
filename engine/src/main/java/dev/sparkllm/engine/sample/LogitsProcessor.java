package dev.sparkllm.engine.sample;

import java.util.Set;

/**
 * The history-dependent logit adjustments of one step, applied in place before {@link Sampler} (vLLM order):
 * repetition penalty over prompt and output tokens, then frequency and presence penalties over output tokens, then the
 * min_tokens mask. Nothing else: temperature and truncation belong to the sampler.
 *
 * <p>It runs once per generated token, so it allocates nothing per call: two vocabulary-sized scratch arrays, created on
 * first use, mark the tokens seen in this call with a stamp that changes every call (no clearing pass) and hold the
 * output counts. Work is linear in prompt + output length. Not thread-safe: one instance per thread or sequence.
 */
public final class LogitsProcessor {
    private int[] stamp = new int[0];
    private int[] count = new int[0];
    private int currentStamp;

    /**
     * Adjusts {@code logits[off, off + vocab)} for a sequence that has produced {@code outputIds[0, outputCount)} after
     * {@code promptIds}.
     *
     * @param eosIds the model's end-of-sequence ids, masked while the output is shorter than min_tokens
     */
    public void apply(float[] logits, int off, int vocab, int[] promptIds, int[] outputIds, int outputCount,
                      Set<Integer> eosIds, SamplingParams p) {
        if (p.repetitionPenalty() != 1) repetition(logits, off, vocab, promptIds, outputIds, outputCount, (float) p.repetitionPenalty());
        if (p.presencePenalty() != 0 || p.frequencyPenalty() != 0) {
            frequencyAndPresence(logits, off, vocab, outputIds, outputCount, p.frequencyPenalty(), p.presencePenalty());
        }
        if (outputCount < p.minTokens()) {
            if (!p.ignoreEos()) mask(logits, off, vocab, eosIds);
            mask(logits, off, vocab, p.stopTokenIds());
        }
    }

    /** HF/vLLM rule: dividing a negative logit would raise it, so negative logits are multiplied instead. */
    private void repetition(float[] logits, int off, int vocab, int[] prompt, int[] out, int outCount, float penalty) {
        int s = nextStamp(vocab);
        for (int id : prompt) penalize(logits, off, id, s, penalty);
        for (int i = 0; i < outCount; i++) penalize(logits, off, out[i], s, penalty);
    }

    private void penalize(float[] logits, int off, int id, int s, float penalty) {
        if (stamp[id] == s) return;   // once per distinct token, however often it occurs
        stamp[id] = s;
        float v = logits[off + id];
        logits[off + id] = v > 0 ? v / penalty : v * penalty;
    }

    /** OpenAI rule: logit -= frequency * count + presence * (count > 0). */
    private void frequencyAndPresence(float[] logits, int off, int vocab, int[] out, int outCount, double freq, double pres) {
        int s = nextStamp(vocab);
        for (int i = 0; i < outCount; i++) {
            int id = out[i];
            if (stamp[id] != s) {
                stamp[id] = s;
                count[id] = 0;
            }
            count[id]++;
        }
        for (int i = 0; i < outCount; i++) {
            int id = out[i];
            int c = count[id];
            if (c == 0) continue;   // already applied for an earlier occurrence
            logits[off + id] -= (float) (freq * c + pres);
            count[id] = 0;
        }
    }

    private static void mask(float[] logits, int off, int vocab, Set<Integer> ids) {
        for (int id : ids) {
            if (id < vocab) logits[off + id] = Float.NEGATIVE_INFINITY;
        }
    }

    /** A stamp no slot holds yet; the arrays are cleared only when the counter wraps. */
    private int nextStamp(int vocab) {
        if (stamp.length < vocab) {
            stamp = new int[vocab];
            count = new int[vocab];
            currentStamp = 0;
        }
        if (++currentStamp == Integer.MAX_VALUE) {
            java.util.Arrays.fill(stamp, 0);
            currentStamp = 1;
        }
        return currentStamp;
    }
}
