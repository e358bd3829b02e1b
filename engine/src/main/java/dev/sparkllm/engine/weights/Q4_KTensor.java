package dev.sparkllm.engine.weights;

/**
 * ggml Q4_K super-blocks of 256 values (144 bytes): {@code f16 d}, {@code f16 dmin}, 12 bytes of packed 6-bit
 * sub-block scales and mins, 128 bytes of nibbles. Each of the 8 sub-blocks of 32 values has value
 * {@code d*scale * q - dmin*min}; as in llama.cpp's dequantize_row_q4_K, a 32-byte group of {@code qs} holds one
 * sub-block in its low nibbles and the next in its high nibbles.
 */
public final class Q4_KTensor extends BlockTensor {
    public static final int SCALES_OFFSET = 4;
    public static final int QS_OFFSET = 16;

    public Q4_KTensor(String name, int rows, int cols, byte[] data) {
        super(name, GgmlType.Q4_K, rows, cols, data);
    }

    /** Sub-block {@code j}'s 6-bit scale (llama.cpp's get_scale_min_k4); {@code scales} starts at {@code off}. */
    public static int scale(byte[] b, int off, int j) {
        return j < 4 ? b[off + j] & 63 : (b[off + j + 4] & 0x0f) | ((b[off + j - 4] & 0xff) >> 6) << 4;
    }

    /** Sub-block {@code j}'s 6-bit min, packed alongside {@link #scale}. */
    public static int min(byte[] b, int off, int j) {
        return j < 4 ? b[off + j + 4] & 63 : ((b[off + j + 4] & 0xff) >> 4) | ((b[off + j] & 0xff) >> 6) << 4;
    }

    @Override
    public boolean hasInt8Panels() { return true; }

    @Override
    protected int int8Group() { return 32; }

    @Override
    public boolean int8HasMins() { return true; }

    @Override
    protected void int8Block(int off, byte[] q, int qOff, int qStride, float[] scales, float[] mins, int sOff, int sStride) {
        byte[] b = data();
        float d = Half.toFloat(b, off);
        float dmin = Half.toFloat(b, off + 2);
        int sc = off + SCALES_OFFSET;
        for (int j = 0; j < 8; j++) {
            float dj = d * scale(b, sc, j);
            float mj = dmin * min(b, sc, j);
            scales[sOff + j * sStride] = dj;
            mins[sOff + j * sStride] = mj;
        }
        int qs = off + QS_OFFSET;
        for (int j = 0; j < 8; j += 2, qs += 32) {
            for (int l = 0; l < 32; l++) {
                q[qOff + (j * 32 + l) * qStride] = (byte) (b[qs + l] & 0x0f);
                q[qOff + (j * 32 + 32 + l) * qStride] = (byte) ((b[qs + l] >> 4) & 0x0f);
            }
        }
    }

    @Override
    protected void dequantizeBlock(byte[] b, int off, float[] dst, int dstOff) {
        float d = Half.toFloat(b, off);
        float dmin = Half.toFloat(b, off + 2);
        int sc = off + SCALES_OFFSET;
        int qs = off + QS_OFFSET;
        for (int j = 0; j < 8; j += 2) {
            float d1 = d * scale(b, sc, j);
            float m1 = dmin * min(b, sc, j);
            float d2 = d * scale(b, sc, j + 1);
            float m2 = dmin * min(b, sc, j + 1);
            int out = dstOff + j * 32;
            for (int l = 0; l < 32; l++) {
                int q = b[qs + l];
                dst[out + l] = d1 * (q & 0x0f) - m1;
                dst[out + 32 + l] = d2 * ((q >> 4) & 0x0f) - m2;
            }
            qs += 32;
        }
    }

    @Override
    protected BlockTensor withData(byte[] data) {
        return new Q4_KTensor(name(), rows(), cols(), data);
    }
}
