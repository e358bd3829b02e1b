package dev.sparkllm.engine.sample;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token from one row of logits. Stateless; randomness comes from the generator the request owns, so
 * a seeded request draws the same numbers whatever else runs beside it.
 */
public final class Sampler {
    private Sampler() { }

    public static int sample(float[] logits, int off, int vocab, SamplingParams p, SplittableRandom rng) {
        if (p.isGreedy()) return argmax(logits, off, vocab);
        int[] ids = candidates(logits, off, vocab, p.topK());
        double[] probs = new double[ids.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int id : ids) max = Math.max(max, logits[off + id] / p.temperature());
        double sum = 0;
        for (int i = 0; i < ids.length; i++) {
            probs[i] = Math.exp(logits[off + ids[i]] / p.temperature() - max);
            sum += probs[i];
        }
        int keep = ids.length;
        if (p.topP() < 1) {
            // candidates() returns ids sorted by logit, descending: keep the smallest prefix reaching top_p.
            double cum = 0;
            for (int i = 0; i < ids.length; i++) {
                cum += probs[i] / sum;
                if (cum >= p.topP()) {
                    keep = i + 1;
                    break;
                }
            }
        }
        double total = 0;
        for (int i = 0; i < keep; i++) total += probs[i];
        double u = rng.nextDouble() * total;
        for (int i = 0; i < keep; i++) {
            u -= probs[i];
            if (u < 0) return ids[i];
        }
        return ids[keep - 1];
    }

    public static int argmax(float[] logits, int off, int vocab) {
        int best = 0;
        float bestV = logits[off];
        for (int i = 1; i < vocab; i++) {
            if (logits[off + i] > bestV) {
                bestV = logits[off + i];
                best = i;
            }
        }
        return best;
    }

    /**
     * Token ids sorted by logit descending (ties: lower id first): the top {@code k} when k > 0, else all.
     * Boxing-free sort of (logit, id) packed into longs keeps it fast on 150k-token vocabularies.
     */
    static int[] candidates(float[] logits, int off, int vocab, int k) {
        long[] keyed = new long[vocab];
        for (int i = 0; i < vocab; i++) keyed[i] = ((long) descendingKey(logits[off + i]) << 32) | i;
        Arrays.sort(keyed);
        int n = k > 0 ? Math.min(k, vocab) : vocab;
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = (int) keyed[i];
        return ids;
    }

    /** An int whose signed order is the reverse of the float order. */
    private static int descendingKey(float f) {
        int bits = Float.floatToIntBits(f);
        int ascending = bits >= 0 ? bits : bits ^ 0x7fffffff;
        return ~ascending;
    }

    /** log-softmax of one row: the model's own log-probabilities, before temperature or truncation. */
    public static float[] logSoftmax(float[] logits, int off, int vocab) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < vocab; i++) max = Math.max(max, logits[off + i]);
        double sum = 0;
        for (int i = 0; i < vocab; i++) sum += Math.exp(logits[off + i] - max);
        double lse = max + Math.log(sum);
        float[] out = new float[vocab];
        for (int i = 0; i < vocab; i++) out[i] = (float) (logits[off + i] - lse);
        return out;
    }
}
