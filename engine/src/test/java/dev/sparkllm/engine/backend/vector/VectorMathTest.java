package dev.sparkllm.engine.backend.vector;


import java.util.Random;
import org.junit.jupiter.api.Test;

class VectorMathTest {

    @Test
    void dotAndSumOfSquaresMatchScalar() {
        Random rnd = new Random(3);
        for (int n : new int[] {0, 1, 5, 16, 17, 63, 64, 65, 128, 129, 1000, 2048}) {
            float[] a = new float[n + 4];
            float[] b = new float[n + 4];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) rnd.nextGaussian();
                b[i] = (float) rnd.nextGaussian();
            }
            double dot = 0;
            double abs = 0;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                dot += (double) a[2 + i] * b[1 + i];
                abs += Math.abs((double) a[2 + i] * b[1 + i]);
                sq += (double) a[i] * a[i];
            }
            VectorTensorOpsTest.assertClose((float) dot, VectorMath.dot(a, 2, b, 1, n), abs, "dot " + n);
            VectorTensorOpsTest.assertClose((float) sq, VectorMath.sumOfSquares(a, 0, n), sq, "sumsq " + n);
        }
    }
}
