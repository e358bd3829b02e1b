package dev.sparkllm.engine.sample;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token from one row of logits that {@link LogitsProcessor} has already adjusted. Order as vLLM:
 * temperature, top-k, top-p, min-p, then one draw. Stateless; the only randomness is one {@code nextDouble()} per
 * sampled token from the generator the request owns, so a seeded request draws the same tokens whatever else runs.
 *
 * <p>Truncation never sorts the whole vocabulary unless it must: top-k keeps a size-k heap; top-p without k sorts only
 * the tokens above a probability threshold, lowering the threshold until they hold the requested mass; min-p is a
 * threshold relative to the top token (its ratio test is unchanged by renormalisation after top-k/top-p, so it can be
 * applied to the unnormalised weights).
 */
public final class Sampler {
    /** First guess for the nucleus: tokens within e^-8 (about 3e-4) of the top token's probability. */
    private static final double FIRST_LOG_RATIO = -8;
    /** Below this log ratio exp() underflows to 0 in double, so the threshold drops straight to "everything". */
    private static final double UNDERFLOW_LOG_RATIO = -800;

    private Sampler() { }

    public static int sample(float[] logits, int off, int vocab, SamplingParams p, SplittableRandom rng) {
        if (p.isGreedy()) return argmax(logits, off, vocab);
        float max = max(logits, off, vocab);
        if (max == Float.NEGATIVE_INFINITY) return argmax(logits, off, vocab);   // all masked: nothing to weigh
        Weights w = new Weights(logits, off, max, p.temperature());
        int[] ids = null;   // ranked candidates; null means every id, unranked
        if (p.topK() > 0 && p.topK() < vocab) {
            ids = TopCandidates.topK(logits, off, vocab, p.topK());
            if (p.topP() < 1) ids = nucleusPrefix(ids, ids.length, w, p.topP() * w.sum(ids, ids.length));
        } else if (p.topP() < 1) {
            ids = nucleus(logits, off, vocab, w, p.topP(), p.minP());
        }
        return ids == null ? drawAll(vocab, w, p.minP(), rng) : drawRanked(ids, minPPrefix(ids, w, p.minP()), w, rng);
    }

    /**
     * Top-p over the whole vocabulary: sort only the tokens whose weight relative to the top is at least e^t, and
     * lower t until their mass reaches topP of the total. Tokens min-p would drop are never needed, so t starts no lower
     * than log(minP), and if even all of them fall short of the mass, they are the answer.
     */
    private static int[] nucleus(float[] logits, int off, int vocab, Weights w, double topP, double minP) {
        double need = topP * w.sumAll(vocab);
        double floor = minP > 0 ? Math.log(minP) : Double.NEGATIVE_INFINITY;
        double t = Math.max(floor, FIRST_LOG_RATIO);
        while (true) {
            int[] ranked = TopCandidates.atLeast(logits, off, vocab, w.logitAtLogRatio(t));
            int[] kept = nucleusPrefix(ranked, 0, w, need);
            if (kept != null) return kept;
            if (t <= floor || t == Double.NEGATIVE_INFINITY) return ranked;
            t = t * 2 < UNDERFLOW_LOG_RATIO ? Double.NEGATIVE_INFINITY : Math.max(floor, t * 2);
        }
    }

    /**
     * The shortest prefix of {@code ranked} whose weight reaches {@code need}; if it is never reached, the first
     * {@code whenShort} ids (0: null, meaning "ask with more candidates").
     */
    private static int[] nucleusPrefix(int[] ranked, int whenShort, Weights w, double need) {
        double cum = 0;
        for (int i = 0; i < ranked.length; i++) {
            cum += w.of(ranked[i]);
            if (cum >= need) return Arrays.copyOf(ranked, i + 1);
        }
        return whenShort == 0 ? null : Arrays.copyOf(ranked, whenShort);
    }

    /** How many of the ranked ids have probability at least minP times the top one (a prefix, as they are ranked). */
    private static int minPPrefix(int[] ranked, Weights w, double minP) {
        if (minP <= 0) return ranked.length;
        int n = 1;   // the top token has ratio 1 and always stays
        while (n < ranked.length && w.of(ranked[n]) >= minP) n++;
        return n;
    }

    private static int drawRanked(int[] ids, int n, Weights w, SplittableRandom rng) {
        double total = w.sum(ids, n);
        double u = rng.nextDouble() * total;
        for (int i = 0; i < n; i++) {
            u -= w.of(ids[i]);
            if (u < 0) return ids[i];
        }
        return ids[n - 1];
    }

    /** A draw over every id in id order, min-p applied on the fly: no candidate array at all. */
    private static int drawAll(int vocab, Weights w, double minP, SplittableRandom rng) {
        double total = 0;
        int last = 0;
        for (int i = 0; i < vocab; i++) {
            double x = w.of(i);
            if (x >= minP && x > 0) {
                total += x;
                last = i;
            }
        }
        double u = rng.nextDouble() * total;
        for (int i = 0; i < vocab; i++) {
            double x = w.of(i);
            if (x < minP) continue;
            u -= x;
            if (u < 0) return i;
        }
        return last;
    }

    /** exp((logit - max) / T): the probability relative to the top token after temperature; 1 for the top token. */
    private record Weights(float[] logits, int off, float max, double temperature) {
        double of(int id) {
            return Math.exp((logits[off + id] - max) / temperature);
        }

        double sum(int[] ids, int n) {
            double s = 0;
            for (int i = 0; i < n; i++) s += of(ids[i]);
            return s;
        }

        double sumAll(int vocab) {
            double s = 0;
            for (int i = 0; i < vocab; i++) s += of(i);
            return s;
        }

        /** The raw logit whose weight is e^t. */
        double logitAtLogRatio(double t) {
            return max + t * temperature;
        }
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

    private static float max(float[] logits, int off, int vocab) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < vocab; i++) m = Math.max(m, logits[off + i]);
        return m;
    }

    /** Token ids sorted by logit descending (ties: lower id first): the top {@code k} when k > 0, else all. */
    static int[] candidates(float[] logits, int off, int vocab, int k) {
        return k > 0 ? TopCandidates.topK(logits, off, vocab, k) : TopCandidates.all(logits, off, vocab);
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
