package dev.sparkllm.engine.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplerTest {
    private static final float[] LOGITS = {1f, 5f, 3f, 5f, -2f, 4f};

    @Test
    void greedyTakesTheLowestIdAmongTies() {
        assertEquals(1, Sampler.sample(LOGITS, 0, LOGITS.length, SamplingParams.greedy(1), new SplittableRandom(1)));
    }

    @Test
    void candidatesAreSortedByLogitThenId() {
        assertArrayEquals(new int[] {1, 3, 5, 2, 0, 4}, Sampler.candidates(LOGITS, 0, LOGITS.length, 0));
        assertArrayEquals(new int[] {1, 3}, Sampler.candidates(LOGITS, 0, LOGITS.length, 2));
        float[] neg = {-1f, -3f, -0.5f, -2f};
        assertArrayEquals(new int[] {2, 0, 3, 1}, Sampler.candidates(neg, 0, 4, 0));
    }

    @Test
    void topKRestrictsTheDraws() {
        SamplingParams p = new SamplingParams(1, 1.0, 2, 1.0, 7L, false, 0);
        SplittableRandom rng = new SplittableRandom(7);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 500; i++) seen.add(Sampler.sample(LOGITS, 0, LOGITS.length, p, rng));
        assertEquals(Set.of(1, 3), seen);
    }

    @Test
    void topPKeepsTheSmallestPrefixReachingTheMass() {
        // softmax of {5,5,4,...}: ids 1 and 3 hold about 0.63 together; top_p 0.6 keeps just them.
        SamplingParams p = new SamplingParams(1, 1.0, 0, 0.6, 3L, false, 0);
        SplittableRandom rng = new SplittableRandom(3);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 500; i++) seen.add(Sampler.sample(LOGITS, 0, LOGITS.length, p, rng));
        assertEquals(Set.of(1, 3), seen);
    }

    @Test
    void samplingFollowsTheSoftmax() {
        float[] logits = {0f, (float) Math.log(3)};   // probabilities 1/4 and 3/4
        SamplingParams p = new SamplingParams(1, 1.0, 0, 1.0, 11L, false, 0);
        SplittableRandom rng = new SplittableRandom(11);
        int ones = 0;
        int n = 20000;
        for (int i = 0; i < n; i++) ones += Sampler.sample(logits, 0, 2, p, rng);
        assertEquals(0.75, ones / (double) n, 0.02);
    }

    @Test
    void sameSeedSameDraws() {
        SamplingParams p = new SamplingParams(1, 0.8, 0, 0.95, 42L, false, 0);
        int[] a = new int[50];
        int[] b = new int[50];
        SplittableRandom ra = new SplittableRandom(42);
        SplittableRandom rb = new SplittableRandom(42);
        for (int i = 0; i < 50; i++) {
            a[i] = Sampler.sample(LOGITS, 0, LOGITS.length, p, ra);
            b[i] = Sampler.sample(LOGITS, 0, LOGITS.length, p, rb);
        }
        assertArrayEquals(a, b);
    }

    @Test
    void logprobsAreNormalisedAndRanked() {
        TokenLogprobs lp = TokenLogprobs.of(LOGITS, 0, LOGITS.length, 2, 3);
        double total = 0;
        for (float v : Sampler.logSoftmax(LOGITS, 0, LOGITS.length)) total += Math.exp(v);
        assertEquals(1.0, total, 1e-6);
        assertArrayEquals(new int[] {1, 3, 5}, lp.topIds());
        assertEquals(lp.topLogprobs()[0] - 2f, lp.logprob(), 1e-6);
        assertTrue(lp.topLogprobs()[0] >= lp.topLogprobs()[2]);
    }

    @Test
    void badParametersNameTheOption() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SamplingParams(-1, 0, 0, 1, null, false, 0))
            .getMessage().contains("max_tokens"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SamplingParams(1, -0.5, 0, 1, null, false, 0))
            .getMessage().contains("temperature"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SamplingParams(1, 1, 0, 0, null, false, 0))
            .getMessage().contains("top_p"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SamplingParams(1, 1, -3, 1, null, false, 0))
            .getMessage().contains("top_k"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SamplingParams(1, 1, 0, 1, null, false, 99))
            .getMessage().contains("logprobs"));
    }
}
