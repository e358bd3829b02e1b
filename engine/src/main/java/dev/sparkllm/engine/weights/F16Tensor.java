package dev.sparkllm.engine.weights;

/** IEEE half-precision tensor kept as raw 16-bit patterns, row-major. */
public final class F16Tensor extends Tensor {
    private final short[] data;

    public F16Tensor(String name, int rows, int cols, short[] data) {
        super(name, GgmlType.F16, rows, cols);
        Rows.checkLength(name, data.length, rows, cols);
        this.data = data;
    }

    /** Raw half bit patterns (row r starts at r * cols); shared, not copied. */
    public short[] data() { return data; }

    @Override
    public void dequantizeRow(int row, float[] dst, int dstOff) {
        int base = row * cols();
        for (int i = 0; i < cols(); i++) dst[dstOff + i] = Half.toFloat(data[base + i]);
    }

    @Override
    public float dot(int row, float[] x, int xOff) {
        int base = row * cols();
        float sum = 0f;
        for (int i = 0; i < cols(); i++) sum += Half.toFloat(data[base + i]) * x[xOff + i];
        return sum;
    }

    @Override
    public Tensor permuteRows(int[] perm) {
        return new F16Tensor(name(), rows(), cols(), Rows.permute(name(), data, new short[data.length], rows(), cols(), perm));
    }
}
