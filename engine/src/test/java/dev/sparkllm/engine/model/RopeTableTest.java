package dev.sparkllm.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RopeTableTest {
    private static ModelConfig config(int headDim, double theta, ModelConfig.RopeScaling scaling) {
        return new ModelConfig("llama", headDim, 1, 1, 1, headDim, 4, 10, 1 << 17, theta, scaling, 1e-5f, false, false);
    }

    @Test
    void rotatesPairsHalfAHeadApart() {
        RopeTable rope = new RopeTable(config(4, 10000, null), null);
        float[] v = {1, 0, 0, 0};
        rope.apply(v, 0, 1, 1);
        // Pair (0, 2) rotates by 1 radian at frequency 1; pair (1, 3) by 1/100.
        assertEquals(Math.cos(1), v[0], 1e-6);
        assertEquals(Math.sin(1), v[2], 1e-6);
        assertEquals(0, v[1], 0);
        float[] w = {0, 1, 0, 0};
        rope.apply(w, 0, 1, 1);
        assertEquals(Math.cos(0.01), w[1], 1e-6);
        assertEquals(Math.sin(0.01), w[3], 1e-6);
    }

    @Test
    void llama3ScalingFollowsTheThreeBands() {
        // head_dim 128, theta 500000 and the Llama 3.1 settings; expected angles from transformers' formula.
        ModelConfig.RopeScaling s = new ModelConfig.RopeScaling("llama3", 8.0, 1.0, 4.0, 8192);
        RopeTable rope = new RopeTable(config(128, 500000, s), null);
        int half = 64;
        for (int i : new int[] {0, 20, 40, 50, 63}) {
            double f = 1.0 / Math.pow(500000, 2.0 * i / 128);
            double wavelen = 2 * Math.PI / f;
            double expected;
            if (wavelen < 8192 / 4.0) expected = f;
            else if (wavelen > 8192 / 1.0) expected = f / 8;
            else {
                double smooth = (8192 / wavelen - 1) / (4 - 1);
                expected = (1 - smooth) * f / 8 + smooth * f;
            }
            float[] v = new float[128];
            v[i] = 1;
            rope.apply(v, 0, 1, 1000);
            assertEquals(Math.cos(1000 * expected), v[i], 1e-5, "dimension " + i);
            assertEquals(Math.sin(1000 * expected), v[half + i], 1e-5, "dimension " + i);
        }
    }

    @Test
    void ggufFrequencyFactorsDivideTheFrequencies() {
        float[] factors = {1f, 4f};
        RopeTable rope = new RopeTable(config(4, 10000, null), factors);
        float[] v = {0, 1, 0, 0};
        rope.apply(v, 0, 1, 100);
        assertEquals(Math.cos(100 * 0.01 / 4), v[1], 1e-6);
    }
}
