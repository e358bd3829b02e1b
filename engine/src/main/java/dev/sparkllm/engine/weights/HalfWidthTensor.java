package dev.sparkllm.engine.weights;

/** A tensor of 16-bit floats kept as raw bit patterns, row-major; subclasses say how a pattern widens to F32. */
public abstract class HalfWidthTensor extends Tensor {
    private final short[] data;

    HalfWidthTensor(String name, GgmlType type, int rows, int cols, short[] data) {
        super(name, type, rows, cols);
        Rows.checkLength(name, data.length, rows, cols);
        this.data = data;
    }

    /** Raw bit patterns (row r starts at r * cols); shared, not copied. */
    public final short[] data() { return data; }

    /** The exact F32 value of one stored pattern. */
    abstract float widen(short bits);

    /** The same kind of tensor over other data (for row permutation). */
    abstract HalfWidthTensor withData(short[] data);

    @Override
    public final void dequantizeRow(int row, float[] dst, int dstOff) {
        int base = row * cols();
        for (int i = 0; i < cols(); i++) dst[dstOff + i] = widen(data[base + i]);
    }

    @Override
    public final float dot(int row, float[] x, int xOff) {
        int base = row * cols();
        float sum = 0f;
        for (int i = 0; i < cols(); i++) sum += widen(data[base + i]) * x[xOff + i];
        return sum;
    }

    @Override
    public final Tensor permuteRows(int[] perm) {
        return withData(Rows.permute(name(), data, new short[data.length], rows(), cols(), perm));
    }
}
