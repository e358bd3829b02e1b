package dev.sparkllm.engine.weights;

/** ggml Q8_0: blocks of 32 values, each {@code f16 d} followed by 32 int8 {@code q}; value = q * d. */
public final class Q8_0Tensor extends BlockTensor {

    private volatile Panels panels;

    public Q8_0Tensor(String name, int rows, int cols, byte[] data) {
        super(name, GgmlType.Q8_0, rows, cols, data);
    }

    /**
     * The weights re-laid for a kernel that decodes {@code width} rows at a time into a k-major F32 panel (see
     * {@code F32Tensor.panels}) with one vector load, widen and multiply per column: for panel p and block b,
     * {@code quants[((p * blocksPerRow + b) * 32 + k) * width + i]} is q of row {@code p*width + i}, column
     * {@code b*32 + k}, and {@code scales[(p * blocksPerRow + b) * width + i]} its block's scale as a float. Padding
     * rows of the last panel are zero. Built once on first use, beside the GGUF blocks (which rows and the embedding
     * lookup read).
     */
    public Panels panels(int width) {
        Panels p = panels;
        if (p != null && p.width() == width) return p;
        synchronized (this) {
            if (panels == null || panels.width() != width) panels = buildPanels(width);
            return panels;
        }
    }

    /** {@link #panels} data: int8 quants and F32 scales, panel-major. */
    public record Panels(int width, byte[] quants, float[] scales) { }

    private Panels buildPanels(int width) {
        int count = (rows() + width - 1) / width;
        int blocks = blocksPerRow();
        byte[] q = new byte[Math.multiplyExact(Math.multiplyExact(count, cols()), width)];
        float[] scales = new float[Math.multiplyExact(Math.multiplyExact(count, blocks), width)];
        byte[] b = data();
        for (int r = 0; r < rows(); r++) {
            int panel = r / width;
            int lane = r % width;
            for (int blk = 0; blk < blocks; blk++) {
                int src = r * rowBytes() + blk * 34;
                int pb = panel * blocks + blk;
                scales[pb * width + lane] = Half.toFloat(b, src);
                for (int k = 0; k < 32; k++) q[(pb * 32 + k) * width + lane] = b[src + 2 + k];
            }
        }
        return new Panels(width, q, scales);
    }

    @Override
    protected void dequantizeBlock(int off, float[] dst, int dstOff) {
        byte[] b = data();
        float d = Half.toFloat(b, off);
        for (int i = 0; i < 32; i++) dst[dstOff + i] = b[off + 2 + i] * d;
    }

    @Override
    protected BlockTensor withData(byte[] data) {
        return new Q8_0Tensor(name(), rows(), cols(), data);
    }
}
