package dev.sparkllm.engine.weights;

/** bfloat16 tensor kept as raw 16-bit patterns (the upper halves of F32 values), row-major. */
public final class BF16Tensor extends Tensor {
    private final short[] data;

    public BF16Tensor(String name, int rows, int cols, short[] data) {
        super(name, GgmlType.BF16, rows, cols);
        Rows.checkLength(name, data.length, rows, cols);
        this.data = data;
    }

    /** Raw bfloat16 bit patterns (row r starts at r * cols); shared, not copied. */
    public short[] data() { return data; }

    @Override
    public void dequantizeRow(int row, float[] dst, int dstOff) {
        int base = row * cols();
        for (int i = 0; i < cols(); i++) dst[dstOff + i] = Half.bf16ToFloat(data[base + i]);
    }

    @Override
    public float dot(int row, float[] x, int xOff) {
        int base = row * cols();
        float sum = 0f;
        for (int i = 0; i < cols(); i++) sum += Half.bf16ToFloat(data[base + i]) * x[xOff + i];
        return sum;
    }

    @Override
    public Tensor permuteRows(int[] perm) {
        return new BF16Tensor(name(), rows(), cols(), Rows.permute(name(), data, new short[data.length], rows(), cols(), perm));
    }
}
