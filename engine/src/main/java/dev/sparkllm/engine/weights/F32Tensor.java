package dev.sparkllm.engine.weights;

/** F32 tensor backed by a heap array, row-major. */
public final class F32Tensor extends Tensor {
    private final float[] data;

    public F32Tensor(String name, int rows, int cols, float[] data) {
        super(name, GgmlType.F32, rows, cols);
        if (data.length != (long) rows * cols) {
            throw new IllegalArgumentException(name + ": " + data.length + " values for shape [" + rows + " x " + cols + "]");
        }
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
        float[] out = new float[data.length];
        for (int r = 0; r < perm.length; r++) System.arraycopy(data, perm[r] * cols(), out, r * cols(), cols());
        return new F32Tensor(name(), rows(), cols(), out);
    }
}
