package dev.sparkllm.engine.backend.vector;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkllm.engine.weights.GgmlType;
import dev.sparkllm.engine.weights.RandomWeights;
import dev.sparkllm.engine.weights.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Prints rough dot-product throughput on 2048-long rows; informational, asserts only that it ran. */
class DotThroughputReport {

    @Test
    void printGflops() {
        Random rnd = new Random(1);
        int cols = 2048;
        int rows = 256;
        float[] x = new float[cols];
        for (int i = 0; i < cols; i++) x[i] = (float) rnd.nextGaussian();
        StringBuilder report = new StringBuilder("dot GFLOP/s on " + cols + "-long rows, "
            + VectorMath.L + " float lanes:");
        for (GgmlType type : GgmlType.values()) {
            Tensor w = RandomWeights.tensor(type, rows, cols, rnd);
            double vector = measure(() -> { float s = 0; for (int r = 0; r < rows; r++) s += VectorTensorOps.dot(w, r, x, 0); return s; }, rows, cols);
            double scalar = measure(() -> { float s = 0; for (int r = 0; r < rows; r++) s += w.dot(r, x, 0); return s; }, rows, cols);
            report.append(String.format("%n  %-5s vector %6.1f   scalar %5.1f", type, vector, scalar));
            assertTrue(vector > 0);
        }
        System.out.println(report);
    }

    private interface Work {
        float run();
    }

    private static double measure(Work work, int rows, int cols) {
        float sink = 0;
        long end = System.nanoTime() + 300_000_000L;   // warm-up, so C2 has compiled the kernel
        while (System.nanoTime() < end) sink += work.run();
        int reps = 0;
        long start = System.nanoTime();
        while (System.nanoTime() - start < 300_000_000L) { sink += work.run(); reps++; }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (sink == 12345.678f) System.out.println(sink);
        return 2.0 * rows * cols * reps / seconds / 1e9;
    }
}
