package dev.sparkllm.engine.weights;

/**
 * A tensor of 16-bit floats kept as raw bit patterns, row-major — until a backend re-lays them into panels and {@link
 * #releaseRows} drops the row-major copy; rows are then read from the panels. Subclasses say how a pattern widens.
 */
public abstract class HalfWidthTensor extends Tensor {
    /** Row-major patterns; null once released. */
    private volatile short[] data;
    /** The panel layout with its width, published together. */
    private volatile Panels panels;

    private record Panels(int width, short[] values) { }

    HalfWidthTensor(String name, GgmlType type, int rows, int cols, short[] data) {
        super(name, type, rows, cols);
        Rows.checkLength(name, data.length, rows, cols);
        this.data = data;
    }

    /** Raw bit patterns row-major (row r starts at r * cols): the backing array, or a copy once rows are released. */
    public final short[] data() {
        short[] d = data;
        if (d != null) return d;
        Panels p = panels;
        short[] out = new short[rows() * cols()];
        for (int r = 0; r < rows(); r++) {
            for (int k = 0; k < cols(); k++) out[r * cols() + k] = p.values()[Rows.panelIndex(p.width(), cols(), r, k)];
        }
        return out;
    }

    /** The current storage as a panel layout: row-major patterns are the layout of width 1. */
    private Panels layout() {
        short[] d = data;
        return d != null ? new Panels(1, d) : panels;
    }

    @Override
    public final void releaseRows() {
        if (panels != null) data = null;
    }

    /**
     * The patterns re-laid for a kernel that widens {@code width} rows at a time: k-major panels exactly as {@code
     * F32Tensor.panels} lays out F32 values (element (r, k) at {@code ((r / width) * cols + k) * width + r % width},
     * the last panel padded with zeros). Built once on first use.
     */
    public short[] panels(int width) {
        Panels p = panels;
        if (p != null && p.width() == width) return p.values();
        synchronized (this) {
            p = panels;
            if (p == null || p.width() != width) {
                int cols = cols();
                int count = (rows() + width - 1) / width;
                short[] out = new short[Math.multiplyExact(Math.multiplyExact(count, cols), width)];
                short[] rowMajor = data();
                for (int r = 0; r < rows(); r++) {
                    for (int k = 0; k < cols; k++) out[Rows.panelIndex(width, cols, r, k)] = rowMajor[r * cols + k];
                }
                p = new Panels(width, out);
                panels = p;
            }
            return p.values();
        }
    }

    /** The exact F32 value of one stored pattern. */
    abstract float widen(short bits);

    /** The same kind of tensor over other data (for row permutation). */
    abstract HalfWidthTensor withData(short[] data);

    @Override
    public final void dequantizeRow(int row, float[] dst, int dstOff) {
        Panels p = layout();
        int base = Rows.panelIndex(p.width(), cols(), row, 0);
        for (int i = 0; i < cols(); i++) dst[dstOff + i] = widen(p.values()[base + i * p.width()]);
    }

    @Override
    public final float dot(int row, float[] x, int xOff) {
        Panels p = layout();
        int base = Rows.panelIndex(p.width(), cols(), row, 0);
        float sum = 0f;
        for (int i = 0; i < cols(); i++) sum += widen(p.values()[base + i * p.width()]) * x[xOff + i];
        return sum;
    }

    @Override
    public final Tensor permuteRows(int[] perm) {
        short[] d = data();
        return withData(Rows.permute(name(), d, new short[d.length], rows(), cols(), perm));
    }
}
