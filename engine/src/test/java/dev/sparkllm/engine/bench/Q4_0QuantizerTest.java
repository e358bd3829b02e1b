package dev.sparkllm.engine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkllm.engine.weights.Half;
import dev.sparkllm.engine.weights.Q4_0Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Q4_0QuantizerTest {

    @Test
    void dequantizedValuesAreWithinHalfAStepAndTheLargestMapsToNibbleZero() {
        Random rnd = new Random(4);
        int rows = 4;
        int cols = 128;
        float[] x = new float[rows * cols];
        for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian() * 0.02f;
        for (int i = 32; i < 64; i++) x[i] = 0f;
        byte[] q = Q4_0Quantizer.quantize(x, rows, cols);
        float[] back = new Q4_0Tensor("w", rows, cols, q).toFloatArray();
        for (int b = 0; b < x.length / 32; b++) {
            float d = Half.toFloat(q, b * 18);
            float max = 0f;
            int at = b * 32;
            for (int i = 0; i < 32; i++) {
                if (Math.abs(x[b * 32 + i]) > Math.abs(max)) {
                    max = x[b * 32 + i];
                    at = b * 32 + i;
                }
            }
            assertEquals(max / -8f, d, Math.abs(max) / 8 * 1e-3 + 1e-9, "block " + b + " scale");
            if (max != 0f) assertEquals(-8 * d, back[at], "block " + b + ": the largest magnitude takes nibble 0");
            // Nibbles reach -8d .. 7d: the largest magnitude is exact, values past 7d on the other side are clipped.
            float lo = Math.min(-8 * d, 7 * d);
            float hi = Math.max(-8 * d, 7 * d);
            for (int i = b * 32; i < b * 32 + 32; i++) {
                float target = Math.max(lo, Math.min(hi, x[i]));
                assertTrue(Math.abs(back[i] - target) <= Math.abs(d) / 2 + Math.ulp(Math.abs(x[i])) * 2,
                    "element " + i + ": " + x[i] + " -> " + back[i] + " with d " + d);
            }
        }
        for (int i = 32; i < 64; i++) assertEquals(0f, Math.abs(back[i]), "an all-zero block decodes to zeros");
    }
}
