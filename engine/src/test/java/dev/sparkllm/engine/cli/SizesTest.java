package dev.sparkllm.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SizesTest {
    @Test
    void sizesAcceptBytesAndBinarySuffixes() {
        assertEquals(1073741824L, Sizes.parse("1073741824"));
        assertEquals(512L << 20, Sizes.parse("512m"));
        assertEquals(2L << 30, Sizes.parse("2G"));
        assertEquals(3L << 29, Sizes.parse("1.5GiB"));
        assertEquals(64L << 10, Sizes.parse("64kb"));
        for (String bad : List.of("", "m", "-1g", "2x", "NaN", "2f", "1e3", "99999999999t")) {
            assertThrows(IllegalArgumentException.class, () -> Sizes.parse(bad), bad);
        }
    }
}
