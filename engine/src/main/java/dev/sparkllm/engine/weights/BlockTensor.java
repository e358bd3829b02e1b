package dev.sparkllm.engine.weights;

/**
 * A block-quantized tensor holding ggml's raw block bytes: each row is {@code cols / blockSize} consecutive blocks of
 * {@code blockBytes} bytes, exactly as in the GGUF data section, so fast kernels can decode them in registers.
 *
 * <p>The scalar reference {@link #dot} multiplies each dequantized weight (as {@link #dequantizeRow} computes it) by
 * its activation and sums left to right in F32; for losslessly quantized weights this is bit-identical to the F32 dot.
 */
public abstract class BlockTensor extends Tensor {
    /** The file's blocks; null once {@link #releaseRows} has left the int8 panels as the only copy. */
    private volatile byte[] data;
    private volatile Int8Panels int8Panels;

    protected BlockTensor(String name, GgmlType type, int rows, int cols, byte[] data) {
        super(name, type, rows, cols);
        if (cols % type.blockSize != 0) {
            throw new IllegalArgumentException(name + ": " + cols + " columns is not a multiple of the " + type
                + " block size " + type.blockSize);
        }
        Rows.checkLength(name, data.length, rows, rowBytes(type, cols));
        this.data = data;
    }

    private static long rowBytes(GgmlType type, int cols) {
        return (long) cols / type.blockSize * type.blockBytes;
    }

    /** Raw block bytes; row r starts at {@code r * rowBytes()}. Shared, not copied. */
    public final byte[] data() {
        byte[] d = data;
        if (d == null) {
            throw new IllegalStateException(name() + ": the " + type() + " blocks were released once the CPU backend "
                + "re-laid them as int8 panels");
        }
        return d;
    }

    /** Bytes per row. */
    public final int rowBytes() { return (int) rowBytes(type(), cols()); }

    /** Blocks per row. */
    public final int blocksPerRow() { return cols() / type().blockSize; }

    /** Decodes the block starting at {@code b[off]} (the tensor's blocks) into {@code dst[dstOff .. dstOff+blockSize)}. */
    protected abstract void dequantizeBlock(byte[] b, int off, float[] dst, int dstOff);

    /**
     * Whether every value is an int8 times a scale (minus a minimum) per 16 or 32 values, so that {@link #int8Panels}
     * exists.
     */
    public boolean hasInt8Panels() { return false; }

    /** Values per scale in {@link #int8Panels}: 16 or 32 (the type's block or sub-block). */
    protected int int8Group() { return Int8Panels.MIN_GROUP; }

    /** Whether the {@link #int8Panels} values subtract a per-block minimum (Q4_K). */
    public boolean int8HasMins() { return false; }

    /**
     * For types with {@link #hasInt8Panels}: writes the int8s of the block at {@code data[off]} to {@code
     * q[qOff + k * qStride]} (k over the block's values) and the scale (and minimum) of each {@link #int8Group} of them
     * to {@code scales[sOff + j * sStride]}, such that {@code q * scale - min} is what {@link #dequantizeBlock} gives.
     */
    protected void int8Block(int off, byte[] q, int qOff, int qStride, float[] scales, float[] mins, int sOff, int sStride) {
        throw new UnsupportedOperationException(type() + " values are not int8s times block scales");
    }

    /** The weights as {@link Int8Panels} of {@code width} rows; built once on first use, from the GGUF blocks. */
    public final Int8Panels int8Panels(int width) {
        Int8Panels p = int8Panels;
        if (p != null && p.width() == width) return p;
        synchronized (this) {
            if (data == null) {
                throw new IllegalStateException(name() + ": int8 panels of width " + width + " asked for after the blocks "
                    + "were released for width " + int8Panels.width());
            }
            if (int8Panels == null || int8Panels.width() != width) int8Panels = buildInt8Panels(width);
            return int8Panels;
        }
    }

    private Int8Panels buildInt8Panels(int width) {
        if (!hasInt8Panels()) throw new UnsupportedOperationException(type() + " values are not int8s times block scales");
        int count = (rows() + width - 1) / width;
        int group = int8Group();
        int perRow = cols() / group;
        int perBlock = type().blockSize / group;
        byte[] q = new byte[Math.multiplyExact(Math.multiplyExact(count, cols()), width)];
        float[] scales = new float[Math.multiplyExact(Math.multiplyExact(count, perRow), width)];
        float[] mins = int8HasMins() ? new float[scales.length] : null;
        for (int r = 0; r < rows(); r++) {
            for (int b = 0; b < blocksPerRow(); b++) {
                int qOff = Rows.panelIndex(width, cols(), r, b * type().blockSize);
                int sOff = Rows.panelIndex(width, perRow, r, b * perBlock);
                int8Block(r * rowBytes() + b * type().blockBytes, q, qOff, width, scales, mins, sOff, width);
            }
        }
        return new Int8Panels(width, group, q, scales, mins);
    }

    /** A tensor of the same type over {@code data}, used by {@link #permuteRows}. */
    protected abstract BlockTensor withData(byte[] data);

    @Override
    public final void releaseRows() {
        if (int8Panels != null) data = null;
    }

    @Override
    public final void dequantizeRow(int row, float[] dst, int dstOff) {
        // One read of the field: a row being decoded while a backend releases the blocks finishes on the same storage.
        byte[] d = data;
        for (int b = 0; b < blocksPerRow(); b++) block(d, row, b, dst, dstOff + b * type().blockSize);
    }

    @Override
    public final float dot(int row, float[] x, int xOff) {
        byte[] d = data;
        int bs = type().blockSize;
        float[] w = new float[bs];
        float sum = 0f;
        for (int b = 0; b < blocksPerRow(); b++) {
            block(d, row, b, w, 0);
            for (int i = 0; i < bs; i++) sum += w[i] * x[xOff + b * bs + i];
        }
        return sum;
    }

    /**
     * Block {@code b} of {@code row} into {@code dst[dstOff..]}: from the file's blocks {@code d}, or once they are
     * released (d null) from the int8 panels as {@code q * scale - min}, the same values.
     */
    private void block(byte[] d, int row, int b, float[] dst, int dstOff) {
        if (d != null) {
            dequantizeBlock(d, row * rowBytes() + b * type().blockBytes, dst, dstOff);
            return;
        }
        Int8Panels p = int8Panels;
        int groups = cols() / p.group();
        for (int i = 0; i < type().blockSize; i++) {
            int k = b * type().blockSize + i;
            int s = Rows.panelIndex(p.width(), groups, row, k / p.group());
            float v = p.quants()[Rows.panelIndex(p.width(), cols(), row, k)] * p.scales()[s];
            dst[dstOff + i] = p.mins() == null ? v : v - p.mins()[s];
        }
    }

    @Override
    public final Tensor permuteRows(int[] perm) {
        byte[] d = data();
        return withData(Rows.permute(name(), d, new byte[d.length], rows(), rowBytes(), perm));
    }
}
