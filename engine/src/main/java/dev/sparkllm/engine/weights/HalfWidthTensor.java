package dev.sparkllm.engine.weights;

/** A tensor of 16-bit floats kept as raw bit patterns, row-major; subclasses say how a pattern widens to F32. */
public abstract class HalfWidthTensor extends Tensor {
    private final short[] data;
    private volatile short[] panels;
    private int panelWidth;

    HalfWidthTensor(String name, GgmlType type, int rows, int cols, short[] data) {
        super(name, type, rows, cols);
        Rows.checkLength(name, data.length, rows, cols);
        this.data = data;
    }

    /** Raw bit patterns (row r starts at r * cols); shared, not copied. */
    public final short[] data() { return data; }

    /**
     * The patterns re-laid for a kernel that widens {@code width} rows at a time: k-major panels exactly as {@code
     * F32Tensor.panels} lays out F32 values (element (r, k) at {@code ((r / width) * cols + k) * width + r % width},
     * the last panel padded with zeros). Built once on first use, beside the row-major data (which the embedding
     * lookup and the scalar backend read).
     */
    public short[] panels(int width) {
        short[] p = panels;
        if (p != null && panelWidth == width) return p;
        synchronized (this) {
            if (panels == null || panelWidth != width) {
                int cols = cols();
                int count = (rows() + width - 1) / width;
                short[] out = new short[Math.multiplyExact(Math.multiplyExact(count, cols), width)];
                for (int r = 0; r < rows(); r++) {
                    int base = (r / width) * cols * width + r % width;
                    for (int k = 0; k < cols; k++) out[base + k * width] = data[r * cols + k];
                }
                panelWidth = width;
                panels = out;
            }
            return panels;
        }
    }

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
