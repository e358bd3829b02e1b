package dev.sparkllm.engine.weights;

/**
 * ggml Q6_K super-blocks of 256 values (210 bytes): 128 bytes {@code ql} (low 4 bits), 64 bytes {@code qh}
 * (high 2 bits), 16 int8 scales (one per 16 values), {@code f16 d}; value = d * scale * (q6 - 32), laid out as in
 * llama.cpp's dequantize_row_q6_K (two halves of 128 values, each interleaving four 32-value quarters).
 */
public final class Q6_KTensor extends BlockTensor {
    public static final int QH_OFFSET = 128;
    public static final int SCALES_OFFSET = 192;
    public static final int D_OFFSET = 208;

    public Q6_KTensor(String name, int rows, int cols, byte[] data) {
        super(name, GgmlType.Q6_K, rows, cols, data);
    }

    @Override
    public boolean hasInt8Panels() { return true; }

    @Override
    protected void int8Block(int off, byte[] q, int qOff, int qStride, float[] scales, float[] mins, int sOff, int sStride) {
        byte[] b = data();
        float d = Half.toFloat(b, off + D_OFFSET);
        // Value v of the super-block has scale v / 16 (see dequantizeBlock: half * 8 + quarter * 2 + l / 16).
        for (int j = 0; j < 16; j++) scales[sOff + j * sStride] = d * b[off + SCALES_OFFSET + j];
        for (int half = 0; half < 2; half++) {
            int ql = off + half * 64;
            int qh = off + QH_OFFSET + half * 32;
            int v = half * 128;
            for (int l = 0; l < 32; l++) {
                int h = b[qh + l] & 0xff;
                q[qOff + (v + l) * qStride] = (byte) (((b[ql + l] & 0x0f) | ((h & 3) << 4)) - 32);
                q[qOff + (v + l + 32) * qStride] = (byte) (((b[ql + l + 32] & 0x0f) | (((h >> 2) & 3) << 4)) - 32);
                q[qOff + (v + l + 64) * qStride] = (byte) ((((b[ql + l] & 0xff) >> 4) | (((h >> 4) & 3) << 4)) - 32);
                q[qOff + (v + l + 96) * qStride] = (byte) ((((b[ql + l + 32] & 0xff) >> 4) | (((h >> 6) & 3) << 4)) - 32);
            }
        }
    }

    @Override
    protected void dequantizeBlock(byte[] b, int off, float[] dst, int dstOff) {
        float d = Half.toFloat(b, off + D_OFFSET);
        for (int half = 0; half < 2; half++) {
            int ql = off + half * 64;
            int qh = off + QH_OFFSET + half * 32;
            int sc = off + SCALES_OFFSET + half * 8;
            int out = dstOff + half * 128;
            for (int l = 0; l < 32; l++) {
                int is = l / 16;
                int h = b[qh + l] & 0xff;
                int q1 = ((b[ql + l] & 0x0f) | ((h & 3) << 4)) - 32;
                int q2 = ((b[ql + l + 32] & 0x0f) | (((h >> 2) & 3) << 4)) - 32;
                int q3 = (((b[ql + l] & 0xff) >> 4) | (((h >> 4) & 3) << 4)) - 32;
                int q4 = (((b[ql + l + 32] & 0xff) >> 4) | (((h >> 6) & 3) << 4)) - 32;
                dst[out + l] = d * b[sc + is] * q1;
                dst[out + l + 32] = d * b[sc + is + 2] * q2;
                dst[out + l + 64] = d * b[sc + is + 4] * q3;
                dst[out + l + 96] = d * b[sc + is + 6] * q4;
            }
        }
    }

    @Override
    protected BlockTensor withData(byte[] data) {
        return new Q6_KTensor(name(), rows(), cols(), data);
    }
}
