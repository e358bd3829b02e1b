package dev.sparkllm.engine.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded request lists for benchmarks. Prompt ids are uniform in [3, vocab), skipping the special ids; the same seed
 * gives the same workload, so runs being compared see identical requests.
 */
public final class Workloads {
    /** The max_tokens a chat user sets: the static "Orca (Max)" baseline reserves this much output per request. */
    public static final int CHAT_MAX_TOKENS = 1024;
    /** The vLLM paper's limits on its ShareGPT and Alpaca samples (at length scale 1). */
    static final int MAX_PROMPT = 1024;
    static final int MAX_TOTAL = 2048;

    private Workloads() { }

    /**
     * Chat requests like the paper's ShareGPT sample: mean 161 prompt / 338 output tokens, prompts up to 1024 and
     * prompt + output up to 2048 tokens, max_tokens cap 1024. {@code scale} multiplies every length, limit and the
     * cap (1 for the real statistics; smaller for quick runs on small machines, keeping the distribution's shape).
     */
    public static Workload sharegpt(int n, int vocab, long seed, double scale) {
        // The spreads are ours: ShareGPT's prompts and answers both run from a few tokens to the limits.
        return sampled("sharegpt", lengths(161, 1.1, 338, 0.9, scale), n, vocab, seed, scaled(CHAT_MAX_TOKENS, scale));
    }

    /** Instructions like the paper's Alpaca sample: mean 19 prompt / 58 output tokens, same limits as ShareGPT. */
    public static Workload alpaca(int n, int vocab, long seed, double scale) {
        // Alpaca's instructions are short and uniform; its answers vary more.
        return sampled("alpaca", lengths(19, 0.6, 58, 0.8, scale), n, vocab, seed, scaled(CHAT_MAX_TOKENS, scale));
    }

    private static LengthModel lengths(double meanIn, double sigmaIn, double meanOut, double sigmaOut, double scale) {
        if (!(scale > 0 && scale <= 1)) throw new IllegalArgumentException("length scale must be in (0, 1], got " + scale);
        return new LengthModel(meanIn * scale, sigmaIn, meanOut * scale, sigmaOut, scaled(MAX_PROMPT, scale),
            scaled(CHAT_MAX_TOKENS, scale), scaled(MAX_TOTAL, scale));
    }

    private static int scaled(int n, double scale) {
        return Math.max(1, (int) Math.round(n * scale));
    }

    private static Workload sampled(String name, LengthModel lengths, int n, int vocab, long seed, int cap) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<BenchRequest> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            LengthModel.Lengths l = lengths.sample(rnd);
            out.add(new BenchRequest(randomIds(rnd, l.input(), vocab), l.output()));
        }
        return new Workload(name, out, cap);
    }

    /** {@code n} requests of exactly {@code inputLen} prompt and {@code outputLen} output tokens. */
    public static Workload fixed(int n, int inputLen, int outputLen, int vocab, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<BenchRequest> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(new BenchRequest(randomIds(rnd, inputLen, vocab), outputLen));
        return new Workload("fixed", out, outputLen);
    }

    /**
     * {@code groups} system prefixes of {@code prefixLen} tokens, each followed by {@code perGroup} different questions
     * of {@code questionLen} tokens; every request generates {@code outputLen}. Requests come group by group (a batch
     * job over one prompt template at a time), and only the first {@code limit} are kept.
     */
    public static Workload sharedPrefix(int groups, int perGroup, int prefixLen, int questionLen, int outputLen, int limit,
                                        int vocab, long seed) {
        if (groups <= 0 || perGroup <= 0 || prefixLen <= 0 || questionLen < 0) {
            throw new IllegalArgumentException("shared-prefix needs positive groups, prompts per group and prefix length");
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        List<BenchRequest> out = new ArrayList<>();
        for (int g = 0; g < groups && out.size() < limit; g++) {
            int[] prefix = randomIds(rnd, prefixLen, vocab);
            for (int p = 0; p < perGroup && out.size() < limit; p++) {
                int[] prompt = java.util.Arrays.copyOf(prefix, prefixLen + questionLen);
                System.arraycopy(randomIds(rnd, questionLen, vocab), 0, prompt, prefixLen, questionLen);
                out.add(new BenchRequest(prompt, outputLen));
            }
        }
        return new Workload("shared-prefix", out, outputLen);
    }

    private static int[] randomIds(SplittableRandom rnd, int n, int vocab) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = rnd.nextInt(SyntheticTokenizer.FIRST_ORDINARY, vocab);
        return ids;
    }
}
