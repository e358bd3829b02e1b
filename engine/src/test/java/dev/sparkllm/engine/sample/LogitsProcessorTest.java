package dev.sparkllm.engine.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LogitsProcessorTest {
    private static final Set<Integer> EOS = Set.of(3);
    private static final int[] NONE = new int[0];

    private static float[] apply(LogitsProcessor lp, float[] logits, int[] prompt, int[] out, SamplingParams p) {
        float[] row = logits.clone();
        lp.apply(row, 0, row.length, prompt, out, out.length, EOS, p);
        return row;
    }

    @Test
    void defaultParamsChangeNothing() {
        float[] logits = {2f, -2f, 1f, 3f};
        assertArrayEquals(logits, apply(new LogitsProcessor(), logits, new int[] {0, 1}, new int[] {2, 2},
            SamplingParams.builder().build()));
    }

    @Test
    void repetitionPenaltyDividesPositiveAndMultipliesNegativeLogitsOncePerToken() {
        SamplingParams p = SamplingParams.builder().repetitionPenalty(2).build();
        // id 0 only in the prompt, id 1 twice in the output, id 2 nowhere.
        float[] got = apply(new LogitsProcessor(), new float[] {2f, -2f, 1f, 3f}, new int[] {0}, new int[] {1, 1}, p);
        assertArrayEquals(new float[] {1f, -4f, 1f, 3f}, got);
        // Below 1 it rewards repetition, with the same sign rule.
        SamplingParams reward = SamplingParams.builder().repetitionPenalty(0.5).build();
        assertArrayEquals(new float[] {4f, -1f, 1f, 3f},
            apply(new LogitsProcessor(), new float[] {2f, -2f, 1f, 3f}, new int[] {0, 1}, NONE, reward));
    }

    @Test
    void frequencyAndPresencePenaltiesCountOutputTokensOnly() {
        SamplingParams p = SamplingParams.builder().frequencyPenalty(0.5).presencePenalty(1).build();
        // output: id 2 three times, id 0 once; id 1 only in the prompt.
        float[] got = apply(new LogitsProcessor(), new float[] {0f, 0f, 0f, 0f}, new int[] {1}, new int[] {2, 0, 2, 2}, p);
        assertArrayEquals(new float[] {-1.5f, 0f, -2.5f, 0f}, got);
        SamplingParams negative = SamplingParams.builder().frequencyPenalty(-2).build();
        assertArrayEquals(new float[] {0f, 0f, 6f, 0f},
            apply(new LogitsProcessor(), new float[4], NONE, new int[] {2, 2, 2}, negative));
    }

    @Test
    void penaltiesCombineInVllmOrder() {
        // repetition first (3 / 1.5 = 2), then frequency (2 - 0.25 * 2) and presence (- 0.5).
        SamplingParams p = SamplingParams.builder().repetitionPenalty(1.5).frequencyPenalty(0.25).presencePenalty(0.5).build();
        float[] got = apply(new LogitsProcessor(), new float[] {3f, 0f}, NONE, new int[] {0, 0}, p);
        assertEquals(1.0f, got[0], 1e-6f);
    }

    @Test
    void reusingOneProcessorGivesTheSameResultEveryTime() {
        LogitsProcessor lp = new LogitsProcessor();
        SamplingParams p = SamplingParams.builder().repetitionPenalty(1.3).frequencyPenalty(0.7).presencePenalty(0.2).build();
        float[] logits = {1f, -1f, 0.5f, 2f, -3f};
        int[] prompt = {4, 0, 4};
        int[] out = {1, 2, 1, 1};
        float[] first = apply(lp, logits, prompt, out, p);
        for (int i = 0; i < 5; i++) assertArrayEquals(first, apply(lp, logits, prompt, out, p));
        // A larger vocabulary after a smaller one grows the scratch arrays.
        float[] big = new float[1000];
        big[999] = 4f;
        assertEquals(4f / 1.3f, apply(lp, big, new int[] {999}, NONE, p)[999], 1e-6f);
        assertArrayEquals(first, apply(lp, logits, prompt, out, p));
    }

    @Test
    void minTokensMasksEosAndStopTokenIdsUntilReached() {
        SamplingParams p = SamplingParams.builder().minTokens(2).stopTokenIds(Set.of(1)).build();
        float[] logits = {0f, 5f, 0f, 9f};
        LogitsProcessor lp = new LogitsProcessor();
        float[] early = apply(lp, logits, NONE, new int[] {0}, p);
        assertEquals(Float.NEGATIVE_INFINITY, early[1]);
        assertEquals(Float.NEGATIVE_INFINITY, early[3]);
        assertEquals(0f, early[0]);
        assertArrayEquals(logits, apply(lp, logits, NONE, new int[] {0, 0}, p));
        // ignore_eos leaves EOS alone (it cannot end the sequence anyway) but still masks stop tokens.
        float[] ignoring = apply(lp, logits, NONE, NONE, p.toBuilder().ignoreEos(true).build());
        assertEquals(9f, ignoring[3]);
        assertEquals(Float.NEGATIVE_INFINITY, ignoring[1]);
    }

    @Test
    void greedyIsTheArgmaxAfterPenalties() {
        SamplingParams p = SamplingParams.builder().temperature(0).repetitionPenalty(3).build();
        float[] row = {2f, 3f, 1.5f};
        new LogitsProcessor().apply(row, 0, 3, new int[] {1}, NONE, 0, EOS, p);
        assertEquals(0, Sampler.sample(row, 0, 3, p, new SplittableRandom(1)));
    }
}
