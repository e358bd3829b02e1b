package dev.sparkllm.engine.weights;

/**
 * A block-quantized tensor holding ggml's raw block bytes: each row is {@code cols / blockSize} consecutive blocks of
 * {@code blockBytes} bytes, exactly as in the GGUF data section, so fast kernels can decode them in registers.
 *
 * <p>The scalar reference {@link #dot} multiplies each dequantized weight (as {@link #dequantizeRow} computes it) by
 * its activation and sums left to right in F32; for losslessly quantized weights this is bit-identical to the F32 dot.
 */
public abstract class BlockTensor extends Tensor {
    private final byte[] data;
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
    public final byte[] data() { return data; }

    /** Bytes per row. */
    public final int rowBytes() { return (int) rowBytes(type(), cols()); }

    /** Blocks per row. */
    public final int blocksPerRow() { return cols() / type().blockSize; }

    /** Decodes the block starting at {@code data[off]} into {@code dst[dstOff .. dstOff+blockSize)}. */
    protected abstract void dequantizeBlock(int off, float[] dst, int dstOff);

    /** Whether every value is an int8 times a scale per 32 values of a row, so that {@link #int8Panels} exists. */
    public boolean hasInt8Blocks() { return false; }

    /**
     * For types with {@link #hasInt8Blocks}: writes the 32 int8s of the block at {@code data[off]} to {@code
     * q[qOff + k * qStride]} and returns the block's scale, such that {@code q * scale} is what {@link #dequantizeBlock}
     * gives.
     */
    protected float int8Block(int off, byte[] q, int qOff, int qStride) {
        throw new UnsupportedOperationException(type() + " values are not an int8 times a block scale");
    }

    /** The weights as {@link Int8Panels} of {@code width} rows; built once on first use, beside the GGUF blocks. */
    public final Int8Panels int8Panels(int width) {
        Int8Panels p = int8Panels;
        if (p != null && p.width() == width) return p;
        synchronized (this) {
            if (int8Panels == null || int8Panels.width() != width) int8Panels = buildInt8Panels(width);
            return int8Panels;
        }
    }

    private Int8Panels buildInt8Panels(int width) {
        if (type().blockSize != Int8Panels.BLOCK) throw new IllegalStateException(type() + " blocks are not 32 values");
        int count = (rows() + width - 1) / width;
        int blocks = blocksPerRow();
        byte[] q = new byte[Math.multiplyExact(Math.multiplyExact(count, cols()), width)];
        float[] scales = new float[Math.multiplyExact(Math.multiplyExact(count, blocks), width)];
        for (int r = 0; r < rows(); r++) {
            int lane = r % width;
            for (int b = 0; b < blocks; b++) {
                int pb = (r / width) * blocks + b;
                scales[pb * width + lane] = int8Block(r * rowBytes() + b * type().blockBytes, q, pb * Int8Panels.BLOCK * width + lane, width);
            }
        }
        return new Int8Panels(width, q, scales);
    }

    /** A tensor of the same type over {@code data}, used by {@link #permuteRows}. */
    protected abstract BlockTensor withData(byte[] data);

    @Override
    public final void dequantizeRow(int row, float[] dst, int dstOff) {
        int bs = type().blockSize;
        int off = row * rowBytes();
        for (int b = 0; b < blocksPerRow(); b++) {
            dequantizeBlock(off + b * type().blockBytes, dst, dstOff + b * bs);
        }
    }

    @Override
    public final float dot(int row, float[] x, int xOff) {
        int bs = type().blockSize;
        float[] w = new float[bs];
        int off = row * rowBytes();
        float sum = 0f;
        for (int b = 0; b < blocksPerRow(); b++) {
            dequantizeBlock(off + b * type().blockBytes, w, 0);
            int xb = xOff + b * bs;
            for (int i = 0; i < bs; i++) sum += w[i] * x[xb + i];
        }
        return sum;
    }

    @Override
    public final Tensor permuteRows(int[] perm) {
        return withData(Rows.permute(name(), data, new byte[data.length], rows(), rowBytes(), perm));
    }
}
