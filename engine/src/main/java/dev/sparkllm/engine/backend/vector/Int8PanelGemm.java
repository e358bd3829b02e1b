package dev.sparkllm.engine.backend.vector;

import dev.sparkllm.engine.weights.BlockTensor;
import dev.sparkllm.engine.weights.Int8Panels;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Q8_0 and Q4_0 weights ({@link Int8Panels}: an int8 times a scale per 32 values) through {@link DecodedPanelGemm}: a
 * decoded weight is {@code q * d} exactly as the tensor's {@code dequantizeRow} gives it (one byte-vector load, widen
 * and multiply by the block scale per column of a panel). Memory traffic is 1.125 bytes per weight instead of 4 (Q4_0's
 * nibbles are widened to bytes once, at load, trading its 0.5625 bytes for the cheaper decode).
 */
final class Int8PanelGemm extends DecodedPanelGemm {
    /** Needs a byte species with as many lanes as the F32 panel width, which {@link BlockKernels} provides. */
    static final boolean SUPPORTED = BlockKernels.SUPPORTED && BlockKernels.KL == F32Gemm.L;

    private final byte[] q;
    private final float[] scales;
    private final int blocks;

    Int8PanelGemm(BlockTensor w) {
        super(w.rows(), w.cols());
        Int8Panels panels = w.int8Panels(F32Gemm.L);
        this.q = panels.quants();
        this.scales = panels.scales();
        this.blocks = w.blocksPerRow();
    }

    @Override
    void fused4x1(float[] x, int t, float[] out, int p) {
        final int l = F32Gemm.L;
        FloatVector a0 = FloatVector.zero(F32Gemm.F), a1 = FloatVector.zero(F32Gemm.F);
        FloatVector a2 = FloatVector.zero(F32Gemm.F), a3 = FloatVector.zero(F32Gemm.F);
        int x0 = t * cols;
        for (int b = 0; b < blocks; b++) {
            int pb0 = p * blocks + b;
            int pb1 = pb0 + blocks;
            int pb2 = pb1 + blocks;
            int pb3 = pb2 + blocks;
            FloatVector d0 = FloatVector.fromArray(F32Gemm.F, scales, pb0 * l);
            FloatVector d1 = FloatVector.fromArray(F32Gemm.F, scales, pb1 * l);
            FloatVector d2 = FloatVector.fromArray(F32Gemm.F, scales, pb2 * l);
            FloatVector d3 = FloatVector.fromArray(F32Gemm.F, scales, pb3 * l);
            int xb = x0 + b * 32;
            for (int k = 0; k < 32; k++) {
                FloatVector v = FloatVector.broadcast(F32Gemm.F, x[xb + k]);
                a0 = widen(q, (pb0 * 32 + k) * l).mul(d0).fma(v, a0);
                a1 = widen(q, (pb1 * 32 + k) * l).mul(d1).fma(v, a1);
                a2 = widen(q, (pb2 * 32 + k) * l).mul(d2).fma(v, a2);
                a3 = widen(q, (pb3 * 32 + k) * l).mul(d3).fma(v, a3);
            }
        }
        F32Gemm.store(a0, out, rows, t, p);
        F32Gemm.store(a1, out, rows, t, p + 1);
        F32Gemm.store(a2, out, rows, t, p + 2);
        F32Gemm.store(a3, out, rows, t, p + 3);
    }

    @Override
    void fused1x1(float[] x, int t, float[] out, int p) {
        final int l = F32Gemm.L;
        FloatVector a = FloatVector.zero(F32Gemm.F);
        for (int b = 0; b < blocks; b++) {
            int pb = p * blocks + b;
            FloatVector d = FloatVector.fromArray(F32Gemm.F, scales, pb * l);
            for (int k = 0; k < 32; k++) {
                a = widen(q, (pb * 32 + k) * l).mul(d).fma(FloatVector.broadcast(F32Gemm.F, x[t * cols + b * 32 + k]), a);
            }
        }
        F32Gemm.store(a, out, rows, t, p);
    }

    @Override
    void decodePanel(int p, float[] dst, int dstOff) {
        final int l = F32Gemm.L;
        for (int b = 0; b < blocks; b++) {
            int pb = p * blocks + b;
            FloatVector d = FloatVector.fromArray(F32Gemm.F, scales, pb * l);
            int src = pb * 32 * l;
            int to = dstOff + b * 32 * l;
            for (int k = 0; k < 32; k++) {
                widen(q, src + k * l).mul(d).intoArray(dst, to + k * l);
            }
        }
    }

    private static FloatVector widen(byte[] q, int off) {
        return (FloatVector) ByteVector.fromArray(BlockKernels.KB, q, off).convertShape(VectorOperators.B2F, F32Gemm.F, 0);
    }
}
