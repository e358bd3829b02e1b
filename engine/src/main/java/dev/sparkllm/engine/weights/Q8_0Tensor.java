package dev.sparkllm.engine.weights;

/** ggml Q8_0: blocks of 32 values, each {@code f16 d} followed by 32 int8 {@code q}; value = q * d. */
public final class Q8_0Tensor extends BlockTensor {

    public Q8_0Tensor(String name, int rows, int cols, byte[] data) {
        super(name, GgmlType.Q8_0, rows, cols, data);
    }

    @Override
    public boolean hasInt8Panels() { return true; }

    @Override
    protected int int8Group() { return 32; }

    @Override
    protected void int8Block(int off, byte[] q, int qOff, int qStride, float[] scales, float[] mins, int sOff, int sStride) {
        byte[] b = data();
        for (int k = 0; k < 32; k++) q[qOff + k * qStride] = b[off + 2 + k];
        float d = Half.toFloat(b, off);
        scales[sOff] = d;
    }

    @Override
    protected void dequantizeBlock(byte[] b, int off, float[] dst, int dstOff) {
        float d = Half.toFloat(b, off);
        for (int i = 0; i < 32; i++) dst[dstOff + i] = b[off + 2 + i] * d;
    }

    @Override
    protected BlockTensor withData(byte[] data) {
        return new Q8_0Tensor(name(), rows(), cols(), data);
    }
}
