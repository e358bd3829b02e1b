package dev.sparkllm.engine.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplerTest {
    private static final float[] LOGITS = {1f, 5f, 3f, 5f, -2f, 4f};

    private static SamplingParams.Builder sampling() {
        return SamplingParams.builder().temperature(1.0);
    }

    private static Set<Integer> drawn(float[] logits, SamplingParams p, long seed, int times) {
        SplittableRandom rng = new SplittableRandom(seed);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < times; i++) seen.add(Sampler.sample(logits, 0, logits.length, p, rng));
        return seen;
    }

    /** Logits whose softmax is proportional to {@code weights}. */
    private static float[] fromWeights(double... weights) {
        float[] l = new float[weights.length];
        for (int i = 0; i < l.length; i++) l[i] = (float) Math.log(weights[i]);
        return l;
    }

    private static double frequencyOfOne(float[] twoLogits, SamplingParams p, long seed, int n) {
        SplittableRandom rng = new SplittableRandom(seed);
        int ones = 0;
        for (int i = 0; i < n; i++) ones += Sampler.sample(twoLogits, 0, 2, p, rng);
        return ones / (double) n;
    }

    @Test
    void greedyTakesTheLowestIdAmongTies() {
        assertEquals(1, Sampler.sample(LOGITS, 0, LOGITS.length, SamplingParams.greedy(1), new SplittableRandom(1)));
        // Greedy consumes no randomness, so it cannot disturb a seeded stream.
        SplittableRandom rng = new SplittableRandom(9);
        Sampler.sample(LOGITS, 0, LOGITS.length, SamplingParams.greedy(1), rng);
        assertEquals(new SplittableRandom(9).nextLong(), rng.nextLong());
    }

    @Test
    void candidatesAreSortedByLogitThenId() {
        assertArrayEquals(new int[] {1, 3, 5, 2, 0, 4}, Sampler.candidates(LOGITS, 0, LOGITS.length, 0));
        assertArrayEquals(new int[] {1, 3}, Sampler.candidates(LOGITS, 0, LOGITS.length, 2));
        float[] neg = {-1f, -3f, -0.5f, -2f, Float.NEGATIVE_INFINITY};
        assertArrayEquals(new int[] {2, 0, 3, 1, 4}, Sampler.candidates(neg, 0, 5, 0));
        assertArrayEquals(new int[] {2, 0}, Sampler.candidates(neg, 0, 5, 2));
    }

    @Test
    void heapTopKMatchesAFullSortOnALargeVocabulary() {
        SplittableRandom r = new SplittableRandom(5);
        float[] logits = new float[20_000];
        // Few distinct values, so ties are everywhere and the tie rule is exercised.
        for (int i = 0; i < logits.length; i++) logits[i] = r.nextInt(50) / 4f;
        int[] all = Sampler.candidates(logits, 0, logits.length, 0);
        for (int k : new int[] {1, 7, 50, 1000}) {
            assertArrayEquals(Arrays.copyOf(all, k), Sampler.candidates(logits, 0, logits.length, k), "k=" + k);
        }
    }

    @Test
    void offsetSelectsTheRow() {
        float[] rows = {9f, 0f, 0f, 0f, 1f, 2f};
        assertEquals(2, Sampler.sample(rows, 3, 3, SamplingParams.greedy(1), new SplittableRandom(1)));
        assertEquals(Set.of(1, 2), drawn(Arrays.copyOfRange(rows, 3, 6), sampling().topK(2).build(), 1, 300));
    }

    @Test
    void topKRestrictsTheDraws() {
        assertEquals(Set.of(1, 3), drawn(LOGITS, sampling().topK(2).build(), 7, 500));
        assertEquals(Set.of(0, 1, 2, 3, 4, 5), drawn(LOGITS, sampling().temperature(5).topK(-1).build(), 7, 3000));
    }

    @Test
    void topPKeepsTheSmallestPrefixReachingTheMass() {
        // softmax of LOGITS: ids 1 and 3 hold 0.40 each, id 5 0.15; top_p 0.6 keeps ids 1 and 3, 0.85 adds id 5.
        assertEquals(Set.of(1, 3), drawn(LOGITS, sampling().topP(0.6).build(), 3, 500));
        assertEquals(Set.of(1, 3, 5), drawn(LOGITS, sampling().topP(0.85).build(), 3, 2000));
    }

    @Test
    void topPIsTakenOverTheTopKDistribution() {
        // weights 5,3,1,1: top_k 2 renormalises to 5/8 and 3/8, and 5/8 >= 0.6 alone; over all ids 0.5 < 0.6.
        float[] l = fromWeights(5, 3, 1, 1);
        assertEquals(Set.of(0), drawn(l, sampling().topK(2).topP(0.6).build(), 1, 500));
        assertEquals(Set.of(0, 1), drawn(l, sampling().topP(0.6).build(), 1, 500));
    }

    @Test
    void topPLowersItsThresholdUntilTheMassIsReached() {
        // One strong token and 100k weak ones far below the first threshold (e^-10 < e^-8): the weak ones hold most of
        // the mass, so top_p 0.5 needs the threshold lowered and then keeps a prefix of them, ranked by id.
        int vocab = 100_001;
        float[] logits = new float[vocab];
        logits[0] = 10f;
        double total = Math.exp(0) + (vocab - 1) * Math.exp(-10);
        double need = 0.5 * total;
        int expectedKeep = 1 + (int) Math.ceil((need - 1) / Math.exp(-10));
        Set<Integer> seen = drawn(logits, sampling().topP(0.5).build(), 2, 400);
        assertTrue(seen.contains(0));
        int maxSeen = seen.stream().mapToInt(Integer::intValue).max().orElseThrow();
        assertTrue(maxSeen < expectedKeep + 1 && maxSeen > expectedKeep * 0.9, maxSeen + " vs " + expectedKeep);
    }

    @Test
    void minPDropsTokensBelowTheFractionOfTheTopProbability() {
        float[] l = fromWeights(1, 0.5, 0.09, 0.2);
        assertEquals(Set.of(0, 1, 3), drawn(l, sampling().minP(0.1).build(), 4, 3000));
        assertEquals(Set.of(0, 1), drawn(l, sampling().minP(0.3).build(), 4, 3000));
        // Temperature comes first: at T=2 the ratios are square roots (0.3 for id 2), so min_p 0.25 keeps it.
        assertEquals(Set.of(0, 1, 2, 3), drawn(l, sampling().temperature(2).minP(0.25).build(), 4, 3000));
        // With top_p (0.9 of 1.79 keeps ids 0, 1 and 3) min_p then cuts the ranked prefix further.
        assertEquals(Set.of(0, 1, 3), drawn(l, sampling().topP(0.9).build(), 4, 3000));
        assertEquals(Set.of(0, 1), drawn(l, sampling().topP(0.9).minP(0.3).build(), 4, 3000));
        assertEquals(Set.of(0, 1), drawn(l, sampling().topK(3).minP(0.3).build(), 4, 3000));
    }

    @Test
    void samplingFollowsTheSoftmax() {
        float[] logits = {0f, (float) Math.log(3)};   // probabilities 1/4 and 3/4
        assertEquals(0.75, frequencyOfOne(logits, sampling().build(), 11, 20000), 0.015);
    }

    @Test
    void temperatureScalesTheLogits() {
        float[] logits = {0f, (float) Math.log(3)};
        // T=2: weights 1 and sqrt(3); T=0.5: weights 1 and 9.
        double sqrt3 = Math.sqrt(3);
        assertEquals(sqrt3 / (1 + sqrt3), frequencyOfOne(logits, sampling().temperature(2).build(), 12, 20000), 0.015);
        assertEquals(0.9, frequencyOfOne(logits, sampling().temperature(0.5).build(), 13, 20000), 0.015);
    }

    @Test
    void maskedTokensAreNeverDrawn() {
        float[] l = {0f, Float.NEGATIVE_INFINITY, 0f, Float.NEGATIVE_INFINITY};
        assertEquals(Set.of(0, 2), drawn(l, sampling().build(), 3, 500));
        assertEquals(Set.of(0, 2), drawn(l, sampling().topP(0.99).build(), 3, 500));
    }

    @Test
    void sameSeedSameDrawsOtherSeedOtherDraws() {
        SamplingParams p = sampling().temperature(0.8).topP(0.95).minP(0.01).build();
        assertArrayEquals(draws(p, 42), draws(p, 42));
        assertNotEquals(Arrays.toString(draws(p, 42)), Arrays.toString(draws(p, 43)));
    }

    private static int[] draws(SamplingParams p, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] out = new int[50];
        for (int i = 0; i < out.length; i++) out[i] = Sampler.sample(LOGITS, 0, LOGITS.length, p, rng);
        return out;
    }

    @Test
    void logprobsAreTheModelsLogSoftmax() {
        float[] logits = {0f, (float) Math.log(3), Float.NEGATIVE_INFINITY};
        TokenLogprobs two = TokenLogprobs.of(logits, 0, 3, 0, 2);
        assertEquals(Math.log(0.25), two.logprob(), 1e-6);
        assertArrayEquals(new int[] {1, 0}, two.topIds());
        assertArrayEquals(new float[] {(float) Math.log(0.75), (float) Math.log(0.25)}, two.topLogprobs(), 1e-6f);

        TokenLogprobs lp = TokenLogprobs.of(LOGITS, 0, LOGITS.length, 2, 3);
        double total = 0;
        for (float v : Sampler.logSoftmax(LOGITS, 0, LOGITS.length)) total += Math.exp(v);
        assertEquals(1.0, total, 1e-6);
        assertArrayEquals(new int[] {1, 3, 5}, lp.topIds());
        assertEquals(lp.topLogprobs()[0] - 2f, lp.logprob(), 1e-6);
    }
}
