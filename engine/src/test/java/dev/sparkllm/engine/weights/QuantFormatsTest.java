package dev.sparkllm.engine.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Checks each block layout against the ggml formulas, written element by element rather than loop by loop. */
class QuantFormatsTest {
    private static final int BLOCKS = 64;

    private static float half(byte[] b, int off) {
        return Half.toFloat((short) ((b[off] & 0xff) | b[off + 1] << 8));
    }

    private static int u8(byte[] b, int i) {
        return b[i] & 0xff;
    }

    static float refQ4_0(byte[] b, int blk, int e) {
        int q = e < 16 ? u8(b, blk + 2 + e) & 15 : u8(b, blk + 2 + e - 16) >> 4;
        return (q - 8) * half(b, blk);
    }

    static float refQ4_K(byte[] b, int blk, int e) {
        int sub = e / 32;
        int s = blk + 4;
        int sc;
        int m;
        if (sub < 4) {
            sc = u8(b, s + sub) & 63;
            m = u8(b, s + sub + 4) & 63;
        } else {
            sc = (u8(b, s + sub + 4) & 15) | (u8(b, s + sub - 4) >> 6) << 4;
            m = (u8(b, s + sub + 4) >> 4) | (u8(b, s + sub) >> 6) << 4;
        }
        int qsByte = u8(b, blk + 16 + (sub / 2) * 32 + e % 32);
        int q = sub % 2 == 0 ? qsByte & 15 : qsByte >> 4;
        float d1 = half(b, blk) * sc;
        float m1 = half(b, blk + 2) * m;
        return d1 * q - m1;
    }

    static float refQ6_K(byte[] b, int blk, int e) {
        int half = e / 128;
        int quarter = (e % 128) / 32;
        int l = e % 32;
        int lowByte = u8(b, blk + half * 64 + l + (quarter % 2) * 32);
        int low = quarter < 2 ? lowByte & 15 : lowByte >> 4;
        int high = (u8(b, blk + 128 + half * 32 + l) >> (2 * quarter)) & 3;
        int scale = b[blk + 192 + half * 8 + l / 16 + 2 * quarter];
        return half(b, blk + 208) * scale * ((low | high << 4) - 32);
    }

    static float refQ8_0(byte[] b, int blk, int e) {
        return b[blk + 2 + e] * half(b, blk);
    }

    private interface Ref {
        float value(byte[] b, int blockOffset, int indexInBlock);
    }

    private static void check(GgmlType type, Ref ref) {
        Random rnd = new Random(type.id * 7919L);
        int cols = type.blockSize * 4;
        int rows = BLOCKS / 4;
        byte[] bytes = RandomWeights.bytes(type, rows, cols, rnd);
        Tensor t = RandomWeights.tensor(type, "t", rows, cols, bytes);
        float[] got = t.toFloatArray();
        for (int i = 0; i < got.length; i++) {
            int blk = i / type.blockSize * type.blockBytes;
            float want = ref.value(bytes, blk, i % type.blockSize);
            assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(got[i]), type + " element " + i);
        }
        // The scalar dot is the left-to-right sum of the dequantized weights times x.
        float[] x = new float[cols];
        for (int i = 0; i < cols; i++) x[i] = (float) rnd.nextGaussian();
        float sum = 0f;
        for (int i = 0; i < cols; i++) sum += got[cols + i] * x[i];
        assertEquals(sum, t.dot(1, x, 0), type + " dot");
    }

    @Test void q8_0() { check(GgmlType.Q8_0, QuantFormatsTest::refQ8_0); }

    @Test void q4_0() { check(GgmlType.Q4_0, QuantFormatsTest::refQ4_0); }

    @Test void q4_K() { check(GgmlType.Q4_K, QuantFormatsTest::refQ4_K); }

    @Test void q6_K() { check(GgmlType.Q6_K, QuantFormatsTest::refQ6_K); }

    @Test
    void permuteRowsMovesWholeRowsForEveryType() {
        Random rnd = new Random(5);
        int[] perm = {2, 0, 3, 1};
        for (GgmlType type : GgmlType.values()) {
            Tensor t = RandomWeights.tensor(type, 4, 256, rnd);
            Tensor p = t.permuteRows(perm);
            float[] row = new float[256];
            float[] prow = new float[256];
            for (int r = 0; r < 4; r++) {
                t.dequantizeRow(perm[r], row, 0);
                p.dequantizeRow(r, prow, 0);
                assertArrayEquals(row, prow, type + " row " + r);
            }
            assertEquals(type, p.type());
        }
    }
}
