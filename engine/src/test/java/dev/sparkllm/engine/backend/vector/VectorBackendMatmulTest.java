package dev.sparkllm.engine.backend.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sparkllm.engine.bench.Q4_0Quantizer;
import dev.sparkllm.engine.bench.Q8_0Quantizer;
import dev.sparkllm.engine.weights.BF16Tensor;
import dev.sparkllm.engine.weights.F16Tensor;
import dev.sparkllm.engine.weights.F32Tensor;
import dev.sparkllm.engine.weights.GgmlType;
import dev.sparkllm.engine.weights.Half;
import dev.sparkllm.engine.weights.Q4_0Tensor;
import dev.sparkllm.engine.weights.Q8_0Tensor;
import dev.sparkllm.engine.weights.RandomWeights;
import dev.sparkllm.engine.weights.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The panel GEMMs (F32, and Q8_0, Q4_0, Q4_K, Q6_K, BF16 and F16 decoded per group or widened in registers) against their contract:
 * every output element is the fused-multiply-add chain over k from zero, so
 * results are bit-identical to a scalar {@code Math.fma} loop whatever the kernel shape, token count, token block or
 * thread count that computed them (600 tokens: a decoded product split into blocks of 256 tokens, the last partial).
 */
class VectorBackendMatmulTest {

    @Test
    void everyElementIsTheFmaChainOverItsRowWhateverTheBatchAndThreads() {
        Random rnd = new Random(7);
        // Rows: whole panel groups, a partial group, a partial panel. Tokens: each kernel and tail, across token blocks.
        int[][] shapes = {{64, 40}, {80, 33}, {37, 17}, {192, 96}};
        int[] tokenCounts = {1, 2, 3, 4, 5, 7, 31, 32, 33, 70};
        for (int threads : new int[] {1, 2, 3}) {
            try (VectorBackend b = new VectorBackend(threads)) {
                for (int[] s : shapes) {
                    F32Tensor w = new F32Tensor("w", s[0], s[1], random(rnd, s[0] * s[1]));
                    for (int n : tokenCounts) assertFmaChains(b, w, w, n, rnd, "threads " + threads);
                }
            }
        }
    }

    @Test
    void largeProductsSplitOverThreadsGiveTheSingleThreadBits() {
        Random rnd = new Random(11);
        F32Tensor w = new F32Tensor("w", 1536, 576, random(rnd, 1536 * 576));
        float[] x = random(rnd, 67 * 576);
        float[] one = new float[67 * 1536];
        float[] two = new float[67 * 1536];
        try (VectorBackend b1 = new VectorBackend(1); VectorBackend b2 = new VectorBackend(2)) {
            b1.matmul(w, x, 67, one);
            for (int i = 0; i < 3; i++) b2.matmul(w, x, 67, two);
        }
        for (int i = 0; i < one.length; i++) assertEquals(one[i], two[i], "element " + i);
    }

    @Test
    void q8_0AndQ4_0WeightsGiveTheFmaChainOverTheirDequantizedRows() {
        Random rnd = new Random(5);
        int[][] shapes = {{64, 64}, {80, 96}, {37, 32}};
        for (int threads : new int[] {1, 2}) {
            try (VectorBackend b = new VectorBackend(threads)) {
                for (int[] s : shapes) {
                    float[] values = random(rnd, s[0] * s[1]);
                    Tensor[] tensors = {new Q8_0Tensor("q8_0", s[0], s[1], Q8_0Quantizer.quantize(values, s[0], s[1])),
                        new Q4_0Tensor("q4_0", s[0], s[1], Q4_0Quantizer.quantize(values, s[0], s[1]))};
                    for (Tensor w : tensors) {
                        float[] dense = new float[s[0] * s[1]];
                        for (int r = 0; r < s[0]; r++) w.dequantizeRow(r, dense, r * s[1]);
                        F32Tensor reference = new F32Tensor("dense", s[0], s[1], dense);
                        for (int n : new int[] {1, 3, 4, 33, 40, 600}) {
                            assertFmaChains(b, w, reference, n, rnd, "threads " + threads);
                        }
                    }
                }
            }
        }
    }

    @Test
    void kQuantWeightsGiveTheFmaChainOverTheirDequantizedRows() {
        Random rnd = new Random(17);
        int[][] shapes = {{64, 256}, {80, 512}, {37, 256}};
        for (int threads : new int[] {1, 2}) {
            try (VectorBackend b = new VectorBackend(threads)) {
                for (int[] s : shapes) {
                    for (GgmlType type : new GgmlType[] {GgmlType.Q4_K, GgmlType.Q6_K}) {
                        Tensor w = RandomWeights.tensor(type, s[0], s[1], rnd);
                        float[] dense = new float[s[0] * s[1]];
                        for (int r = 0; r < s[0]; r++) w.dequantizeRow(r, dense, r * s[1]);
                        F32Tensor reference = new F32Tensor("dense", s[0], s[1], dense);
                        for (int n : new int[] {1, 3, 4, 5, 40, 600}) {
                            assertFmaChains(b, w, reference, n, rnd, "threads " + threads);
                        }
                    }
                }
            }
        }
    }

    @Test
    void halfWidthWeightsGiveTheFmaChainOverTheirWidenedRows() {
        Random rnd = new Random(9);
        int[][] shapes = {{64, 40}, {80, 33}, {37, 17}};
        for (int threads : new int[] {1, 2}) {
            try (VectorBackend b = new VectorBackend(threads)) {
                for (int[] s : shapes) {
                    float[] values = random(rnd, s[0] * s[1]);
                    short[] bf16 = new short[values.length];
                    short[] f16 = new short[values.length];
                    for (int i = 0; i < values.length; i++) {
                        bf16[i] = (short) (Float.floatToRawIntBits(values[i]) >>> 16);
                        f16[i] = Half.fromFloat(values[i]);
                    }
                    bf16[1] = (short) 0x0001;  // subnormal
                    bf16[2] = (short) 0xff80;  // -infinity
                    f16[1] = (short) 0x0001;   // smallest subnormal
                    f16[2] = (short) 0x83ff;   // largest negative subnormal
                    f16[3] = (short) 0x7bff;   // largest finite
                    f16[4] = (short) 0x8000;   // -0
                    F16Tensor withInfinity = new F16Tensor("f16 inf", s[0], s[1], f16.clone());
                    withInfinity.data()[5] = (short) 0x7c00;
                    Tensor[] tensors = {new BF16Tensor("bf16", s[0], s[1], bf16), new F16Tensor("f16", s[0], s[1], f16)};
                    for (Tensor w : tensors) {
                        float[] dense = new float[s[0] * s[1]];
                        for (int r = 0; r < s[0]; r++) w.dequantizeRow(r, dense, r * s[1]);
                        F32Tensor reference = new F32Tensor("dense", s[0], s[1], dense);
                        for (int n : new int[] {1, 2, 3, 4, 5, 33, 40, 600}) {
                            assertFmaChains(b, w, reference, n, rnd, "threads " + threads);
                        }
                    }
                    // An F16 tensor holding an infinity takes the row dot products, whose widening handles it.
                    assertEquals(false, withInfinity.isFinite());
                    float[] x = random(rnd, s[1]);
                    float[] out = new float[s[0]];
                    b.matmul(withInfinity, x, 1, out);
                    assertEquals(VectorTensorOps.dot(withInfinity, 0, x, 0), out[0]);
                }
            }
        }
    }

    @Test
    void severalProductsInOnePassEqualOneProductEach() {
        Random rnd = new Random(13);
        F32Tensor q = new F32Tensor("q", 576, 96, random(rnd, 576 * 96));
        F32Tensor k = new F32Tensor("k", 192, 96, random(rnd, 192 * 96));
        Q8_0Tensor v = new Q8_0Tensor("v", 192, 96, Q8_0Quantizer.quantize(random(rnd, 192 * 96), 192, 96));
        for (int n : new int[] {1, 5, 40}) {
            float[] x = random(rnd, n * 96);
            float[][] together = {new float[n * 576], new float[n * 192], new float[n * 192]};
            float[][] alone = {new float[n * 576], new float[n * 192], new float[n * 192]};
            try (VectorBackend b = new VectorBackend(2)) {
                b.matmul(new Tensor[] {q, k, v}, x, n, together);
                b.matmul(q, x, n, alone[0]);
                b.matmul(k, x, n, alone[1]);
                b.matmul(v, x, n, alone[2]);
            }
            for (int i = 0; i < 3; i++) {
                for (int e = 0; e < alone[i].length; e++) assertEquals(alone[i][e], together[i][e], "tokens " + n + ", product " + i + ", element " + e);
            }
        }
    }

    /** {@code w} × n random tokens on {@code b} equals, element by element, the FMA chains over {@code reference}'s rows. */
    private static void assertFmaChains(VectorBackend b, Tensor w, F32Tensor reference, int n, Random rnd, String where) {
        int rows = w.rows();
        int cols = w.cols();
        float[] x = random(rnd, n * cols);
        float[] out = new float[n * rows];
        b.matmul(w, x, n, out);
        for (int t = 0; t < n; t++) {
            for (int r = 0; r < rows; r++) {
                assertEquals(fmaChain(reference, r, x, t * cols), out[t * rows + r],
                    where + ", " + w.type() + " " + rows + "x" + cols + ", tokens " + n + ", t " + t + ", r " + r);
            }
        }
    }

    private static float fmaChain(F32Tensor w, int row, float[] x, int xOff) {
        float acc = 0f;
        for (int k = 0; k < w.cols(); k++) acc = Math.fma(w.data()[row * w.cols() + k], x[xOff + k], acc);
        return acc;
    }

    private static float[] random(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = rnd.nextFloat() * 2 - 1;
        return a;
    }
}
