package dev.sparkllm.engine.weights;

/**
 * A weight tensor held in memory in its file's element type (quantized blocks stay quantized).
 *
 * <p>Shapes follow the PyTorch/Hugging Face convention: a 2-D weight has {@link #rows()} output features,
 * each a contiguous row of {@link #cols()} values (GGUF's ne1 × ne0). A 1-D tensor has one row.
 * Quantization blocks never straddle rows, so row operations are independent.
 *
 * <p>{@link #dot} and {@link #dequantizeRow} are the scalar reference: plain Java, one fixed summation order.
 * Faster kernels live in the backends and are tested against these.
 */
public abstract class Tensor {
    private final String name;
    private final GgmlType type;
    private final int rows;
    private final int cols;

    protected Tensor(String name, GgmlType type, int rows, int cols) {
        this.name = name;
        this.type = type;
        this.rows = rows;
        this.cols = cols;
    }

    public String name() { return name; }
    public GgmlType type() { return type; }
    public int rows() { return rows; }
    public int cols() { return cols; }
    public long size() { return (long) rows * cols; }

    /** Bytes this tensor occupies in memory. */
    public long sizeInBytes() { return type.bytesFor(size()); }

    /** Writes row {@code row} as F32 values into {@code dst[dstOff .. dstOff+cols)}. */
    public abstract void dequantizeRow(int row, float[] dst, int dstOff);

    /** Scalar reference dot product of row {@code row} with {@code x[xOff .. xOff+cols)}, summed left to right. */
    public abstract float dot(int row, float[] x, int xOff);

    /**
     * Drops the file-layout copy once a backend has built its own layout of this tensor (its panels), so the weights
     * are held once; rows are then read from that layout, with the same values. No-op for a tensor without one.
     */
    public void releaseRows() { }

    /** A tensor whose row {@code i} is this tensor's row {@code perm[i]} (used to undo llama.cpp's Q/K order). */
    public abstract Tensor permuteRows(int[] perm);

    /** The whole tensor as F32 (tests and small tensors such as norms and biases). */
    public float[] toFloatArray() {
        float[] out = new float[Math.toIntExact(size())];
        for (int r = 0; r < rows; r++) dequantizeRow(r, out, r * cols);
        return out;
    }

    @Override
    public String toString() {
        return name + " " + type + " [" + rows + " x " + cols + "]";
    }
}
