package dev.sparkllm.engine.weights;

/**
 * ggml Q4_0: blocks of 32 values, each {@code f16 d} and 16 bytes of nibbles; value = (nibble - 8) * d.
 * The low nibbles hold elements 0..15 and the high nibbles elements 16..31.
 */
public final class Q4_0Tensor extends BlockTensor {

    public Q4_0Tensor(String name, int rows, int cols, byte[] data) {
        super(name, GgmlType.Q4_0, rows, cols, data);
    }

    @Override
    public boolean hasInt8Panels() { return true; }

    @Override
    protected int int8Group() { return 32; }

    @Override
    protected void int8Block(int off, byte[] q, int qOff, int qStride, float[] scales, float[] mins, int sOff, int sStride) {
        byte[] b = data();
        for (int i = 0; i < 16; i++) {
            int v = b[off + 2 + i];
            q[qOff + i * qStride] = (byte) ((v & 0x0f) - 8);
            q[qOff + (16 + i) * qStride] = (byte) (((v >> 4) & 0x0f) - 8);
        }
        float d = Half.toFloat(b, off);
        scales[sOff] = d;
    }

    @Override
    protected void dequantizeBlock(byte[] b, int off, float[] dst, int dstOff) {
        float d = Half.toFloat(b, off);
        for (int i = 0; i < 16; i++) {
            int q = b[off + 2 + i];
            dst[dstOff + i] = ((q & 0x0f) - 8) * d;
            dst[dstOff + 16 + i] = (((q >> 4) & 0x0f) - 8) * d;
        }
    }

    @Override
    protected BlockTensor withData(byte[] data) {
        return new Q4_0Tensor(name(), rows(), cols(), data);
    }
}
