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

    private volatile float[] panels;
    private int panelWidth;

    /**
     * The weights re-laid for a broadcast-FMA matrix kernel: panels of {@code width} consecutive rows, each stored
     * k-major (for every column k, the panel's {@code width} values of that column side by side), the last panel
     * zero-padded. Element (r, k) sits at {@code ((r / width) * cols + k) * width + r % width}. Built once on first use
     * and kept beside the row-major data (the embedding lookup and the scalar backend read rows).
     */
    public float[] panels(int width) {
        float[] p = panels;
        if (p != null && panelWidth == width) return p;
        synchronized (this) {
            if (panels == null || panelWidth != width) {
                int cols = cols();
                int count = (rows() + width - 1) / width;
                float[] out = new float[Math.multiplyExact(Math.multiplyExact(count, cols), width)];
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
