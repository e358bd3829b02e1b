package dev.sparkllm.engine.backend.vector;

import dev.sparkllm.engine.backend.Backend;
import dev.sparkllm.engine.backend.WorkerPool;
import dev.sparkllm.engine.kv.KvCacheView;
import dev.sparkllm.engine.weights.BlockTensor;
import dev.sparkllm.engine.weights.F32Tensor;
import dev.sparkllm.engine.weights.HalfWidthTensor;
import dev.sparkllm.engine.weights.Tensor;

/**
 * CPU backend on the Java Vector API, on a persistent {@link WorkerPool}. Matrix products are split over threads by
 * output rows (and, for F32, token blocks). F32 weights go through the panel kernels ({@link F32Gemm}); Q8_0, Q4_0,
 * Q4_K, Q6_K, BF16 and F16 weights through the same kernels on panels decoded per group or widened in registers
 * ({@link DecodedPanelGemm}); anything else (an F16 tensor holding an infinity) through {@link VectorTensorOps#dot}. Either way each output element's reduction order depends only on the row length, so
 * results do not depend on the thread count or on how many tokens share the step.
 */
public final class VectorBackend implements Backend {
    /** Below this many multiply-adds a product runs on the calling thread: handing it off costs more. */
    private static final long PARALLEL_THRESHOLD = 1 << 16;

    /** Chunks per thread: enough that a thread slowed by the host leaves its share to the others. */
    private static final int CHUNKS_PER_THREAD = 4;

    private final int threads;
    private final WorkerPool pool;

    public VectorBackend(int threads) {
        this.threads = Math.max(1, threads);
        this.pool = this.threads == 1 ? null : new WorkerPool(this.threads, "sparkllm-cpu");
    }

    @Override
    public String name() { return "vector(" + threads + " threads)"; }

    @Override
    public void matmul(Tensor w, float[] x, int nTokens, float[] out) {
        Product p = product(w, x, nTokens, out);
        parallelFor(p.units, p.work, p.range);
    }

    /** All products in one parallel pass: one hand-off instead of several, and no thread idles on a small matrix. */
    @Override
    public void matmul(Tensor[] ws, float[] x, int nTokens, float[][] outs) {
        Product[] ps = new Product[ws.length];
        int[] start = new int[ws.length + 1];
        long work = 0;
        for (int i = 0; i < ws.length; i++) {
            ps[i] = product(ws[i], x, nTokens, outs[i]);
            start[i + 1] = start[i] + ps[i].units;
            work += ps[i].work;
        }
        parallelFor(start[ws.length], work, (from, to) -> {
            for (int i = 0; i < ps.length; i++) {
                int a = Math.max(from, start[i]);
                int b = Math.min(to, start[i + 1]);
                if (a < b) ps[i].range.run(a - start[i], b - start[i]);
            }
        });
    }

    /** One weight × token-batch product cut into independent units of work. */
    private record Product(int units, long work, Range range) { }

    private Product product(Tensor w, float[] x, int nTokens, float[] out) {
        long work = (long) w.rows() * w.cols() * nTokens;
        if (w instanceof F32Tensor f) {
            float[] panels = f.panels(F32Gemm.L);
            int block = F32Gemm.tokenBlock(w.rows(), nTokens, threads * CHUNKS_PER_THREAD);
            return new Product(F32Gemm.units(w.rows(), nTokens, block), work,
                (from, to) -> F32Gemm.gemmUnits(panels, w.rows(), w.cols(), x, nTokens, block, out, from, to));
        }
        DecodedPanelGemm decoded = decodedPanels(w);
        if (decoded != null) {
            int block = DecodedPanelGemm.tokenBlock(nTokens);
            return new Product(decoded.units(nTokens, block), work,
                (from, to) -> decoded.gemmUnits(x, nTokens, block, out, from, to));
        }
        return new Product(w.rows(), work, (from, to) -> rows(w, x, nTokens, out, from, to));
    }

    /** The panel GEMM of a compact weight type this machine's vectors support, else null (rows are dotted one by one). */
    private static DecodedPanelGemm decodedPanels(Tensor w) {
        if (w instanceof BlockTensor b && b.hasInt8Panels() && Int8PanelGemm.SUPPORTED) return Int8PanelGemm.of(b);
        if (w instanceof HalfWidthTensor h && HalfGemm.SUPPORTED) return HalfGemm.of(h);
        return null;
    }

    /**
     * Builds the tensor's panels and drops its file-layout copy: the weights are then held once, in the layout the
     * kernels read (rows for the embedding lookup come from the panels too).
     */
    @Override
    public void prepare(Tensor weight) {
        if (weight instanceof F32Tensor f) {
            f.panels(F32Gemm.L);
            f.releaseRows();
        } else if (decodedPanels(weight) != null) {
            weight.releaseRows();
        }
    }

    @Override
    public void parallelFor(int units, long work, Range range) {
        if (pool == null || work < PARALLEL_THRESHOLD) {
            range.run(0, units);
        } else {
            pool.run(units, threads * CHUNKS_PER_THREAD, range);
        }
    }

    private static void rows(Tensor w, float[] x, int nTokens, float[] out, int from, int to) {
        int rows = w.rows();
        int cols = w.cols();
        for (int r = from; r < to; r++) {
            for (int t = 0; t < nTokens; t++) out[t * rows + r] = VectorTensorOps.dot(w, r, x, t * cols);
        }
    }

    @Override
    public void attentionScores(float[] q, int qOff, int heads, KvCacheView cache, int layer, int kvOff, int headDim,
                                int len, float[] scores, int sOff, int sStride) {
        AttentionKernels.scores(q, qOff, heads, cache, layer, kvOff, headDim, len, scores, sOff, sStride);
    }

    @Override
    public void attentionValues(float[] p, int pOff, int pStride, int heads, KvCacheView cache, int layer, int kvOff,
                                int headDim, int len, float[] out, int outOff) {
        AttentionKernels.values(p, pOff, pStride, heads, cache, layer, kvOff, headDim, len, out, outOff);
    }

    @Override
    public float sumOfSquares(float[] a, int off, int n) {
        return VectorMath.sumOfSquares(a, off, n);
    }

    @Override
    public void siluMul(float[] gate, float[] up, int off, int n) {
        VectorActivations.siluMul(gate, up, off, n);
    }

    @Override
    public void softmax(float[] a, int off, int n, float scale) {
        VectorActivations.softmax(a, off, n, scale);
    }

    @Override
    public void close() {
        if (pool != null) pool.close();
    }
}
