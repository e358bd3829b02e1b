package dev.sparkllm.engine.weights;

/** F32 tensor backed by a heap array, row-major. */
public final class F32Tensor extends Tensor {
    private final float[] data;

    public F32Tensor(String name, int rows, int cols, float[] data) {
        super(name, GgmlType.F32, rows, cols);
        Rows.checkLength(name, data.length, rows, cols);
        this.data = data;
    }

    /** The backing array (row r starts at r * cols); shared, not copied. */
    public float[] data() { return data; }

    @Override
    public void dequantizeRow(int row, float[] dst, int dstOff) {
        System.arraycopy(data, row * cols(), dst, dstOff, cols());
    }

    @Override
    public float dot(int row, float[] x, int xOff) {
        int base = row * cols();
        float sum = 0f;
        for (int i = 0; i < cols(); i++) sum += data[base + i] * x[xOff + i];
        return sum;
    }

    @Override
    public Tensor permuteRows(int[] perm) {
        return new F32Tensor(name(), rows(), cols(), Rows.permute(name(), data, new float[data.length], rows(), cols(), perm));
    }
}
