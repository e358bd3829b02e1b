package dev.sparkllm.engine.backend.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkllm.engine.backend.Backend;
import dev.sparkllm.engine.backend.ScalarBackend;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VectorActivationsTest {

    @Test
    void expIsWithinTwoUlpOfMathExpOverTheClampedRange() {
        float worst = 0;
        for (float x = -87f; x <= 88f; x += 0.0137f) {
            float want = (float) Math.exp(x);
            float got = VectorActivations.exp(x);
            worst = Math.max(worst, Math.abs(got - want) / Math.ulp(want));
        }
        assertTrue(worst <= 2, "worst error " + worst + " ulp");
        assertEquals(1f, VectorActivations.exp(0f));
        assertEquals(VectorActivations.exp(-87.3f), VectorActivations.exp(-1000f));
        assertTrue(Float.isNaN(VectorActivations.exp(Float.NaN)));
    }

    @Test
    void vectorLanesAndScalarTailAgreeBitForBit() {
        Random rnd = new Random(5);
        int n = 3 * VectorMath.L + 7;
        float[] gate = new float[n];
        float[] up = new float[n];
        for (int i = 0; i < n; i++) {
            gate[i] = (float) rnd.nextGaussian() * 8;
            up[i] = (float) rnd.nextGaussian();
        }
        // The same values at a shifted offset move elements between vector lanes and the scalar tail.
        float[] shiftedGate = new float[n + 3];
        float[] shiftedUp = new float[n + 3];
        System.arraycopy(gate, 0, shiftedGate, 3, n);
        System.arraycopy(up, 0, shiftedUp, 3, n);
        float[] expected = new float[n];
        for (int i = 0; i < n; i++) expected[i] = gate[i] / (VectorActivations.exp(-gate[i]) + 1f) * up[i];
        VectorActivations.siluMul(gate, up, 0, n);
        VectorActivations.siluMul(shiftedGate, shiftedUp, 3, n - 5);
        assertTrue(Arrays.equals(expected, gate), "vector lanes equal the scalar formula");
        for (int i = 0; i < n - 5; i++) assertEquals(expected[i], shiftedGate[3 + i], "element " + i);
    }

    @Test
    void siluMulAndSoftmaxMatchTheScalarBackend() {
        Random rnd = new Random(9);
        Backend scalar = new ScalarBackend();
        for (int n : new int[] {1, 5, 16, 17, 100, 1536}) {
            float[] gate = new float[n];
            float[] up = new float[n];
            float[] scores = new float[n];
            for (int i = 0; i < n; i++) {
                gate[i] = (float) rnd.nextGaussian() * 4;
                up[i] = (float) rnd.nextGaussian();
                scores[i] = (float) rnd.nextGaussian() * 30;
            }
            float[] g2 = gate.clone();
            float[] s2 = scores.clone();
            VectorActivations.siluMul(gate, up, 0, n);
            scalar.siluMul(g2, up, 0, n);
            VectorActivations.softmax(scores, 0, n, 0.125f);
            scalar.softmax(s2, 0, n, 0.125f);
            float total = 0;
            for (int i = 0; i < n; i++) {
                assertEquals(g2[i], gate[i], 1e-6f * (1 + Math.abs(g2[i])), "silu " + n + " at " + i);
                assertEquals(s2[i], scores[i], 1e-6f, "softmax " + n + " at " + i);
                total += scores[i];
            }
            assertEquals(1f, total, 1e-5f, "softmax sums to 1, n=" + n);
        }
    }
}
