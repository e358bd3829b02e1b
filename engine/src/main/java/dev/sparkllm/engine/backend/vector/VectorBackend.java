package dev.sparkllm.engine.backend.vector;

import dev.sparkllm.engine.backend.Backend;
import dev.sparkllm.engine.weights.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * CPU backend on the Java Vector API. Matrix products are split over threads by output rows; each output element is
 * one {@link VectorTensorOps#dot} whose order depends only on the row length, so results do not depend on the thread
 * count or on how many tokens share the step.
 */
public final class VectorBackend implements Backend {
    /** Below this many multiply-adds a product runs on the calling thread: handing it off costs more. */
    private static final long PARALLEL_THRESHOLD = 1 << 16;

    private final int threads;
    private final ExecutorService pool;

    public VectorBackend(int threads) {
        this.threads = Math.max(1, threads);
        AtomicInteger n = new AtomicInteger();
        this.pool = this.threads == 1 ? null : Executors.newFixedThreadPool(this.threads, r -> {
            Thread t = new Thread(r, "sparkllm-cpu-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String name() { return "vector(" + threads + " threads)"; }

    @Override
    public void matmul(Tensor w, float[] x, int nTokens, float[] out) {
        int rows = w.rows();
        long work = (long) rows * w.cols() * nTokens;
        if (pool == null || work < PARALLEL_THRESHOLD) {
            rows(w, x, nTokens, out, 0, rows);
            return;
        }
        int chunks = Math.min(rows, threads * 4);
        List<Future<?>> futures = new ArrayList<>(chunks);
        for (int c = 0; c < chunks; c++) {
            int from = (int) ((long) rows * c / chunks);
            int to = (int) ((long) rows * (c + 1) / chunks);
            futures.add(pool.submit(() -> rows(w, x, nTokens, out, from, to)));
        }
        try {
            for (Future<?> f : futures) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during a matrix product", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("matrix product failed: " + e.getCause(), e.getCause());
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
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        return VectorMath.dot(a, aOff, b, bOff, n);
    }

    @Override
    public void addScaled(float[] dst, int dOff, float[] src, int sOff, float s, int n) {
        VectorMath.addScaled(dst, dOff, src, sOff, s, n);
    }

    @Override
    public float sumOfSquares(float[] a, int off, int n) {
        return VectorMath.sumOfSquares(a, off, n);
    }

    @Override
    public void close() {
        if (pool != null) pool.shutdownNow();
    }
}
