package dev.sparkllm.engine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkllm.engine.weights.Half;
import dev.sparkllm.engine.weights.Q8_0Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Q8_0QuantizerTest {

    @Test
    void dequantizedValuesAreWithinHalfAStepOfTheInput() {
        Random rnd = new Random(3);
        int rows = 8;
        int cols = 256;
        float[] x = new float[rows * cols];
        for (int i = 0; i < x.length; i++) x[i] = (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(7) - 4));
        // Edge cases: an all-zero block, and a block with one huge value among tiny ones.
        for (int i = 32; i < 64; i++) x[i] = 0f;
        x[64] = 1000f;
        byte[] q = Q8_0Quantizer.quantize(x, rows, cols);
        float[] back = new Q8_0Tensor("w", rows, cols, q).toFloatArray();
        for (int b = 0; b < x.length / 32; b++) {
            float d = Half.toFloat(q, b * 34);
            float amax = 0f;
            for (int i = 0; i < 32; i++) amax = Math.max(amax, Math.abs(x[b * 32 + i]));
            assertEquals(amax / 127f, d, amax / 127f * 1e-3 + 1e-7, "block " + b + " scale");
            for (int i = b * 32; i < b * 32 + 32; i++) {
                // Half a step, plus float rounding of the product q * d.
                assertTrue(Math.abs(back[i] - x[i]) <= d / 2 + Math.ulp(Math.abs(x[i])) * 2,
                    "element " + i + ": " + x[i] + " -> " + back[i] + " with d " + d);
            }
        }
        for (int i = 32; i < 64; i++) assertEquals(0f, back[i]);
        assertEquals(1000f, back[64], 1000f / 127 / 2);
    }
}
