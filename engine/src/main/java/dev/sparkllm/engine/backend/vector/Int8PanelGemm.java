package dev.sparkllm.engine.backend.vector;

import dev.sparkllm.engine.weights.BlockTensor;
import dev.sparkllm.engine.weights.Int8Panels;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Q8_0, Q4_0, Q4_K and Q6_K weights ({@link Int8Panels}: an int8 times a scale per 16 or 32 values, minus a minimum
 * for Q4_K) through {@link DecodedPanelGemm}. A decoded weight is {@code q * scale} (then {@code - min}) exactly as the
 * tensor's {@code dequantizeRow} gives it: one byte-vector load, widen and multiply (and subtract) per column of a
 * panel. Memory traffic is 1.125 bytes per weight (1.25 with Q6_K's 16-value scales) instead of 4; the 4- and 6-bit
 * types are widened to bytes once, at load, trading their smaller size for a decode as cheap as Q8_0's.
 *
 * <p>Every loop over columns has a constant trip count (16): with a trip count read from a field, C2 stopped
 * eliminating the vector objects of these kernels and ran them 8x slower (measured 6.6 vs 0.8 ns per 16 weights).
 */
class Int8PanelGemm extends DecodedPanelGemm {
    /** Needs a byte species with as many lanes as the F32 panel width, which {@link BlockKernels} provides. */
    static final boolean SUPPORTED = BlockKernels.SUPPORTED && BlockKernels.KL == F32Gemm.L;

    /** Columns per step of the kernels' loops: the smallest scale group, a constant trip count (see above). */
    private static final int G = Int8Panels.MIN_GROUP;

    final byte[] q;
    final float[] scales;
    /** Steps of {@code G} columns per row. */
    final int groups;
    /** Scale groups per row: a panel's scales are {@code panelScales = scaleGroups * L} floats. */
    final int scaleGroups;
    final int panelScales;
    /** Step g of {@code G} columns uses scale group {@code g >> scaleShift}. */
    final int scaleShift;

    private Int8PanelGemm(BlockTensor w, Int8Panels panels) {
        super(w.rows(), w.cols());
        this.q = panels.quants();
        this.scales = panels.scales();
        this.groups = w.cols() / G;
        this.scaleGroups = w.cols() / panels.group();
        this.panelScales = scaleGroups * F32Gemm.L;
        this.scaleShift = Integer.numberOfTrailingZeros(panels.group() / G);
    }

    /** Index in {@code scales} (and {@code mins}) of panel p's scales for step g. */
    final int scaleIndex(int p, int g) {
        return (p * scaleGroups + (g >> scaleShift)) * F32Gemm.L;
    }

    static Int8PanelGemm of(BlockTensor w) {
        Int8Panels panels = w.int8Panels(F32Gemm.L);
        return panels.mins() == null ? new Int8PanelGemm(w, panels) : new WithMins(w, panels);
    }

    @Override
    void fused4x1(float[] x, int t, float[] out, int p) {
        final int l = F32Gemm.L;
        FloatVector a0 = FloatVector.zero(F32Gemm.F), a1 = FloatVector.zero(F32Gemm.F);
        FloatVector a2 = FloatVector.zero(F32Gemm.F), a3 = FloatVector.zero(F32Gemm.F);
        int x0 = t * cols;
        for (int g = 0; g < groups; g++) {
            int s0 = scaleIndex(p, g);
            FloatVector d0 = FloatVector.fromArray(F32Gemm.F, scales, s0);
            FloatVector d1 = FloatVector.fromArray(F32Gemm.F, scales, s0 + panelScales);
            FloatVector d2 = FloatVector.fromArray(F32Gemm.F, scales, s0 + 2 * panelScales);
            FloatVector d3 = FloatVector.fromArray(F32Gemm.F, scales, s0 + 3 * panelScales);
            int q0 = (p * groups + g) * G * l;
            int step = cols * l;
            int xg = x0 + g * G;
            for (int k = 0; k < G; k++) {
                FloatVector v = FloatVector.broadcast(F32Gemm.F, x[xg + k]);
                int qk = q0 + k * l;
                a0 = widen(q, qk).mul(d0).fma(v, a0);
                a1 = widen(q, qk + step).mul(d1).fma(v, a1);
                a2 = widen(q, qk + 2 * step).mul(d2).fma(v, a2);
                a3 = widen(q, qk + 3 * step).mul(d3).fma(v, a3);
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
        for (int g = 0; g < groups; g++) {
            int s = p * groups + g;
            FloatVector d = FloatVector.fromArray(F32Gemm.F, scales, scaleIndex(p, g));
            for (int k = 0; k < G; k++) {
                a = widen(q, (s * G + k) * l).mul(d).fma(FloatVector.broadcast(F32Gemm.F, x[t * cols + g * G + k]), a);
            }
        }
        F32Gemm.store(a, out, rows, t, p);
    }

    @Override
    void decodePanel(int p, float[] dst, int dstOff) {
        final int l = F32Gemm.L;
        for (int g = 0; g < groups; g++) {
            int s = p * groups + g;
            FloatVector d = FloatVector.fromArray(F32Gemm.F, scales, scaleIndex(p, g));
            int src = s * G * l;
            int to = dstOff + g * G * l;
            for (int k = 0; k < G; k++) widen(q, src + k * l).mul(d).intoArray(dst, to + k * l);
        }
    }

    static FloatVector widen(byte[] q, int off) {
        return (FloatVector) ByteVector.fromArray(BlockKernels.KB, q, off).convertShape(VectorOperators.B2F, F32Gemm.F, 0);
    }

    /**
     * Q4_K: each decoded weight also subtracts its group's minimum. A subclass, not a branch, so that each kernel stays
     * one small loop that C2 compiles without heap-allocated vectors.
     */
    private static final class WithMins extends Int8PanelGemm {
        private final float[] mins;

        WithMins(BlockTensor w, Int8Panels panels) {
            super(w, panels);
            this.mins = panels.mins();
        }

        @Override
        void fused4x1(float[] x, int t, float[] out, int p) {
            final int l = F32Gemm.L;
            FloatVector a0 = FloatVector.zero(F32Gemm.F), a1 = FloatVector.zero(F32Gemm.F);
            FloatVector a2 = FloatVector.zero(F32Gemm.F), a3 = FloatVector.zero(F32Gemm.F);
            int x0 = t * cols;
            for (int g = 0; g < groups; g++) {
                int s0 = scaleIndex(p, g);
                FloatVector d0 = FloatVector.fromArray(F32Gemm.F, scales, s0);
                FloatVector d1 = FloatVector.fromArray(F32Gemm.F, scales, s0 + panelScales);
                FloatVector d2 = FloatVector.fromArray(F32Gemm.F, scales, s0 + 2 * panelScales);
                FloatVector d3 = FloatVector.fromArray(F32Gemm.F, scales, s0 + 3 * panelScales);
                FloatVector m0 = FloatVector.fromArray(F32Gemm.F, mins, s0);
                FloatVector m1 = FloatVector.fromArray(F32Gemm.F, mins, s0 + panelScales);
                FloatVector m2 = FloatVector.fromArray(F32Gemm.F, mins, s0 + 2 * panelScales);
                FloatVector m3 = FloatVector.fromArray(F32Gemm.F, mins, s0 + 3 * panelScales);
                int q0 = (p * groups + g) * G * l;
                int step = cols * l;
                int xg = x0 + g * G;
                for (int k = 0; k < G; k++) {
                    FloatVector v = FloatVector.broadcast(F32Gemm.F, x[xg + k]);
                    int qk = q0 + k * l;
                    a0 = widen(q, qk).mul(d0).sub(m0).fma(v, a0);
                    a1 = widen(q, qk + step).mul(d1).sub(m1).fma(v, a1);
                    a2 = widen(q, qk + 2 * step).mul(d2).sub(m2).fma(v, a2);
                    a3 = widen(q, qk + 3 * step).mul(d3).sub(m3).fma(v, a3);
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
            for (int g = 0; g < groups; g++) {
                int s = p * groups + g;
                int si = scaleIndex(p, g);
                FloatVector d = FloatVector.fromArray(F32Gemm.F, scales, si);
                FloatVector m = FloatVector.fromArray(F32Gemm.F, mins, si);
                for (int k = 0; k < G; k++) {
                    a = widen(q, (s * G + k) * l).mul(d).sub(m).fma(FloatVector.broadcast(F32Gemm.F, x[t * cols + g * G + k]), a);
                }
            }
            F32Gemm.store(a, out, rows, t, p);
        }

        @Override
        void decodePanel(int p, float[] dst, int dstOff) {
            final int l = F32Gemm.L;
            for (int g = 0; g < groups; g++) {
                int s = p * groups + g;
                int si = scaleIndex(p, g);
                FloatVector d = FloatVector.fromArray(F32Gemm.F, scales, si);
                FloatVector m = FloatVector.fromArray(F32Gemm.F, mins, si);
                int src = s * G * l;
                int to = dstOff + g * G * l;
                for (int k = 0; k < G; k++) widen(q, src + k * l).mul(d).sub(m).intoArray(dst, to + k * l);
            }
        }
    }
}
