package dev.sparkllm.engine.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The layout {@link Int8Panels} documents, checked element by element against {@code dequantizeRow}, and that each
 * type keeps one scale per its own (sub-)block: a repeated scale would be memory read again for every decoded token.
 */
class Int8PanelsTest {

    @ParameterizedTest
    @CsvSource({"Q8_0, 32", "Q4_0, 32", "Q4_K, 32", "Q6_K, 16"})
    void everyValueIsItsInt8TimesItsGroupsScale(GgmlType type, int group) {
        int rows = 37;
        int cols = 512;
        int width = 16;
        BlockTensor w = (BlockTensor) RandomWeights.tensor(type, rows, cols, new Random(5));
        Int8Panels p = w.int8Panels(width);

        assertEquals(group, p.group());
        int panels = (rows + width - 1) / width;
        assertEquals(panels * cols * width, p.quants().length);
        assertEquals(panels * (cols / group) * width, p.scales().length, "one scale per " + group + " values");
        if (type == GgmlType.Q4_K) assertEquals(p.scales().length, p.mins().length);
        else assertNull(p.mins());

        float[] row = new float[cols];
        for (int r = 0; r < rows; r++) {
            w.dequantizeRow(r, row, 0);
            for (int c = 0; c < cols; c++) {
                int s = ((r / width) * (cols / group) + c / group) * width + r % width;
                float v = p.quants()[((r / width) * cols + c) * width + r % width] * p.scales()[s];
                if (p.mins() != null) v -= p.mins()[s];
                assertEquals(row[c], v, type + " row " + r + " column " + c);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"8", "24", "64"})
    void onlySixteenAndThirtyTwoValueGroupsExist(int group) {
        assertThrows(IllegalArgumentException.class, () -> new Int8Panels(16, group, new byte[0], new float[0], null));
    }
}
