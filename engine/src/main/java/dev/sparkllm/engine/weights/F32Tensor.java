package dev.sparkllm.engine.weights;

/**
 * F32 tensor backed by a heap array, row-major — until a backend re-lays it into panels and {@link #releaseRows}
 * drops the row-major copy; rows are then read from the panels.
 */
public final class F32Tensor extends Tensor {
    /** Row-major values; null once released. */
    private volatile float[] data;
    /** The panel layout with its width, published together so that a reader never pairs one with the other's. */
    private volatile Panels panels;

    private record Panels(int width, float[] values) { }

    public F32Tensor(String name, int rows, int cols, float[] data) {
        super(name, GgmlType.F32, rows, cols);
        Rows.checkLength(name, data.length, rows, cols);
        this.data = data;
    }

    /** The values row-major (row r starts at r * cols): the backing array, or a copy once rows are released. */
    public float[] data() {
        float[] d = data;
        return d != null ? d : toFloatArray();
    }

    /**
     * The weights re-laid for a broadcast-FMA matrix kernel: panels of {@code width} consecutive rows, each stored
     * k-major (for every column k, the panel's {@code width} values of that column side by side), the last panel
     * zero-padded. Element (r, k) sits at {@code ((r / width) * cols + k) * width + r % width}. Built once on first use.
     */
    public float[] panels(int width) {
        Panels p = panels;
        if (p != null && p.width() == width) return p.values();
        synchronized (this) {
            p = panels;
            if (p == null || p.width() != width) {
                int cols = cols();
                int count = (rows() + width - 1) / width;
                float[] out = new float[Math.multiplyExact(Math.multiplyExact(count, cols), width)];
                float[] rowMajor = data();
                for (int r = 0; r < rows(); r++) {
                    for (int k = 0; k < cols; k++) out[Rows.panelIndex(width, cols, r, k)] = rowMajor[r * cols + k];
                }
                p = new Panels(width, out);
                panels = p;
            }
            return p.values();
        }
    }

    @Override
    public void releaseRows() {
        if (panels != null) data = null;
    }

    @Override
    public void dequantizeRow(int row, float[] dst, int dstOff) {
        float[] d = data;
        if (d != null) {
            System.arraycopy(d, row * cols(), dst, dstOff, cols());
            return;
        }
        Panels p = panels;
        int base = Rows.panelIndex(p.width(), cols(), row, 0);
        for (int k = 0; k < cols(); k++) dst[dstOff + k] = p.values()[base + k * p.width()];
    }

    @Override
    public float dot(int row, float[] x, int xOff) {
        float[] d = data;
        Panels p = d != null ? new Panels(1, d) : panels;   // row-major is the layout of width 1
        int base = Rows.panelIndex(p.width(), cols(), row, 0);
        float sum = 0f;
        for (int i = 0; i < cols(); i++) sum += p.values()[base + i * p.width()] * x[xOff + i];
        return sum;
    }

    @Override
    public Tensor permuteRows(int[] perm) {
        float[] d = data();
        return new F32Tensor(name(), rows(), cols(), Rows.permute(name(), d, new float[d.length], rows(), cols(), perm));
    }
}
