package dev.sparkllm.engine.backend.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkllm.engine.weights.BlockTensor;
import dev.sparkllm.engine.weights.F32Tensor;
import dev.sparkllm.engine.weights.GgmlType;
import dev.sparkllm.engine.weights.HalfWidthTensor;
import dev.sparkllm.engine.weights.RandomWeights;
import dev.sparkllm.engine.weights.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorBackend#prepare} keeps each weight once, in its panel layout: rows, dot products and products read
 * afterwards give exactly what the file layout gave.
 */
class VectorBackendPrepareTest {

    @Test
    void rowsDotsAndProductsAreUnchangedOnceTheFileLayoutIsReleased() {
        Random rnd = new Random(21);
        int rows = 37;
        int cols = 256;
        try (VectorBackend b = new VectorBackend(2)) {
            for (GgmlType type : GgmlType.values()) {
                Tensor w = RandomWeights.tensor(type, rows, cols, rnd);
                float[] x = new float[3 * cols];
                for (int i = 0; i < x.length; i++) x[i] = rnd.nextFloat() * 2 - 1;
                float[][] before = new float[rows][cols];
                float[] dots = new float[rows];
                for (int r = 0; r < rows; r++) {
                    w.dequantizeRow(r, before[r], 0);
                    dots[r] = w.dot(r, x, cols);
                }
                float[] product = new float[3 * rows];
                b.matmul(w, x, 3, product);
                short[] halfBits = w instanceof HalfWidthTensor h ? h.data().clone() : null;

                b.prepare(w);

                for (int r = 0; r < rows; r++) {
                    float[] after = new float[cols];
                    w.dequantizeRow(r, after, 0);
                    assertArrayEquals(before[r], after, type + " row " + r);
                    assertEquals(dots[r], w.dot(r, x, cols), type + " dot of row " + r);
                }
                float[] again = new float[3 * rows];
                b.matmul(w, x, 3, again);
                assertArrayEquals(product, again, type + " product");
                if (w instanceof F32Tensor f) assertArrayEquals(w.toFloatArray(), f.data(), "F32 rows rebuilt from the panels");
                if (halfBits != null) assertArrayEquals(halfBits, ((HalfWidthTensor) w).data(), type + " patterns rebuilt");
                if (w instanceof BlockTensor bt) {
                    IllegalStateException e = assertThrows(IllegalStateException.class, bt::data);
                    assertTrue(e.getMessage().contains("released"), e.getMessage());
                }
            }
        }
    }
}
