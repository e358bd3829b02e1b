package dev.sparkllm.engine.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadsTest {
    private static final int VOCAB = 49152;

    @Test
    void sharegptMatchesThePapersMeansLimitsAndTail() {
        Workload w = Workloads.sharegpt(10_000, VOCAB, 42, 1.0);
        assertEquals(161, w.meanInputTokens(), 16.1);
        assertEquals(338, w.meanOutputTokens(), 33.8);
        assertEquals(1024, w.maxTokensCap());
        int[] in = new int[w.requests().size()];
        for (int i = 0; i < in.length; i++) {
            BenchRequest r = w.requests().get(i);
            in[i] = r.promptTokenIds().length;
            assertTrue(in[i] <= 1024 && r.outputTokens() <= 1024 && in[i] + r.outputTokens() <= 2048);
            for (int id : r.promptTokenIds()) assertTrue(id >= 3 && id < VOCAB);
        }
        // Long-tailed: the median is well below the mean, yet some prompts come near the limit.
        Arrays.sort(in);
        assertTrue(in[in.length / 2] < 0.75 * w.meanInputTokens(), "median " + in[in.length / 2]);
        assertTrue(in[in.length - 1] > 800, "longest " + in[in.length - 1]);
    }

    @Test
    void sameSeedSameRequestsOtherSeedOthers() {
        Workload a = Workloads.sharegpt(50, VOCAB, 1, 1.0);
        Workload b = Workloads.sharegpt(50, VOCAB, 1, 1.0);
        Workload c = Workloads.sharegpt(50, VOCAB, 2, 1.0);
        for (int i = 0; i < 50; i++) {
            assertArrayEquals(a.requests().get(i).promptTokenIds(), b.requests().get(i).promptTokenIds());
            assertEquals(a.requests().get(i).outputTokens(), b.requests().get(i).outputTokens());
        }
        assertFalse(Arrays.equals(a.requests().get(0).promptTokenIds(), c.requests().get(0).promptTokenIds()));
    }

    @Test
    void lengthScaleShrinksLengthsLimitsAndCapTogether() {
        Workload w = Workloads.sharegpt(10_000, VOCAB, 42, 0.25);
        assertEquals(161 * 0.25, w.meanInputTokens(), 161 * 0.025);
        assertEquals(338 * 0.25, w.meanOutputTokens(), 338 * 0.025);
        assertEquals(256, w.maxTokensCap());
        for (BenchRequest r : w.requests()) assertTrue(r.promptTokenIds().length <= 256 && r.promptTokenIds().length + r.outputTokens() <= 512);
        assertThrows(IllegalArgumentException.class, () -> Workloads.sharegpt(1, VOCAB, 0, 1.5));
    }

    @Test
    void alpacaIsShort() {
        Workload w = Workloads.alpaca(10_000, VOCAB, 5, 1.0);
        assertEquals(19, w.meanInputTokens(), 1.9);
        assertEquals(58, w.meanOutputTokens(), 5.8);
    }

    @Test
    void fixedHasExactLengths() {
        Workload w = Workloads.fixed(4, 100, 20, VOCAB, 0);
        assertEquals(4, w.requests().size());
        assertEquals(100.0, w.meanInputTokens());
        assertEquals(20, w.maxTokensCap());
        assertEquals(120, w.longestSequence());
        assertTrue(w.describe().contains("mean input 100.0"));
    }

    @Test
    void sharedPrefixGroupsShareTheirPrefixOnly() {
        Workload w = Workloads.sharedPrefix(3, 4, 64, 8, 16, 10, VOCAB, 9);
        List<BenchRequest> r = w.requests();
        assertEquals(10, r.size());   // capped: groups 0 and 1 whole, 2 of group 2
        assertEquals(72, r.get(0).promptTokenIds().length);
        assertEquals(16, r.get(9).outputTokens());
        int[] prefix0 = Arrays.copyOf(r.get(0).promptTokenIds(), 64);
        for (int i = 0; i < 4; i++) assertArrayEquals(prefix0, Arrays.copyOf(r.get(i).promptTokenIds(), 64));
        assertFalse(Arrays.equals(prefix0, Arrays.copyOf(r.get(4).promptTokenIds(), 64)));
        assertArrayEquals(Arrays.copyOf(r.get(8).promptTokenIds(), 64), Arrays.copyOf(r.get(9).promptTokenIds(), 64));
        assertFalse(Arrays.equals(r.get(0).promptTokenIds(), r.get(1).promptTokenIds()));
    }

    @Test
    void capBelowAnOutputIsRejected() {
        Workload w = Workloads.fixed(2, 10, 20, VOCAB, 0);
        assertThrows(IllegalArgumentException.class, () -> w.withMaxTokensCap(19));
        assertEquals(64, w.withMaxTokensCap(64).maxTokensCap());
    }
}
