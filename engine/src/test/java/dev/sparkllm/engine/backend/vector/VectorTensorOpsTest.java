package dev.sparkllm.engine.backend.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkllm.engine.weights.GgmlType;
import dev.sparkllm.engine.weights.RandomWeights;
import dev.sparkllm.engine.weights.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VectorTensorOpsTest {
    private static final int[] BLOCK_LENGTHS = {32, 96, 160, 256, 2048};
    private static final int[] PLAIN_LENGTHS = {1, 7, 15, 17, 31, 33, 63, 65, 100, 257, 1000, 2048, 2049};

    /** Relative to the sum of |w_i x_i|, which bounds the rounding of any summation order. */
    static void assertClose(float expected, float actual, double scale, String what) {
        double tol = 1e-5 * Math.max(scale, 1e-30);
        assertTrue(Math.abs(expected - actual) <= tol, what + ": expected " + expected + " but was " + actual + " (tol " + tol + ")");
    }

    private static void check(GgmlType type, int cols, Random rnd) {
        Tensor w = RandomWeights.tensor(type, 3, cols, rnd);
        float[] x = new float[cols + 5];
        for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian();
        float[] row = new float[cols];
        for (int r = 0; r < 3; r++) {
            w.dequantizeRow(r, row, 0);
            double scale = 0;
            for (int i = 0; i < cols; i++) scale += Math.abs((double) row[i] * x[3 + i]);
            float ref = w.dot(r, x, 3);
            float fast = VectorTensorOps.dot(w, r, x, 3);
            assertClose(ref, fast, scale, type + " cols " + cols + " row " + r);
            assertEquals(Float.floatToIntBits(fast), Float.floatToIntBits(VectorTensorOps.dot(w, r, x, 3)), "repeatable");
        }
    }

    @Test
    void blockTypesMatchTheScalarReference() {
        Random rnd = new Random(11);
        for (GgmlType type : new GgmlType[] {GgmlType.Q8_0, GgmlType.Q4_0}) {
            for (int cols : BLOCK_LENGTHS) check(type, cols, rnd);
        }
        for (GgmlType type : new GgmlType[] {GgmlType.Q4_K, GgmlType.Q6_K}) {
            for (int cols : new int[] {256, 512, 2048}) check(type, cols, rnd);
        }
    }

    @Test
    void plainTypesMatchTheScalarReferenceIncludingTails() {
        Random rnd = new Random(12);
        for (GgmlType type : new GgmlType[] {GgmlType.F32, GgmlType.F16, GgmlType.BF16}) {
            for (int cols : PLAIN_LENGTHS) check(type, cols, rnd);
            for (int cols : BLOCK_LENGTHS) check(type, cols, rnd);
        }
    }

    @Test
    void halfSpecialValuesWidenInRegisters() {
        // Subnormals, signed zeros, the largest finite, infinities and NaNs, widened by the vector path.
        short[] specials = {0x0000, (short) 0x8000, 0x0001, 0x03ff, (short) 0x83ff, 0x0400, 0x7bff, (short) 0xfbff,
            0x3c00, (short) 0xbc00, 0x7c00, (short) 0xfc00, 0x7e00, 0x3555, 0x1234, 0x0200, 0x7c01, (short) 0xfe00};
        int lanes = BlockKernels.KL;
        if (!BlockKernels.SUPPORTED) return;
        short[] w = new short[specials.length + lanes];
        System.arraycopy(specials, 0, w, 0, specials.length);
        float[] out = new float[lanes];
        for (int start = 0; start < specials.length; start += lanes) {
            HalfKernels.halfToFloat(w, start).intoArray(out, 0);
            for (int i = 0; i < lanes; i++) {
                float want = dev.sparkllm.engine.weights.Half.toFloat(w[start + i]);
                assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(out[i]), "half 0x" + Integer.toHexString(w[start + i] & 0xffff));
            }
        }
    }
}
