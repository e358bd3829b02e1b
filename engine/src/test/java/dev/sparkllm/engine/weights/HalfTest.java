package dev.sparkllm.engine.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class HalfTest {

    /** Independent reference: the binary16 definition evaluated in exact decimal arithmetic. */
    private static float reference(int h) {
        int sign = h >> 15;
        int exp = (h >> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 31) {
            if (mant == 0) return sign == 0 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
            return Float.NaN;
        }
        BigDecimal significand = BigDecimal.valueOf(exp == 0 ? mant : 1024 + mant);
        int power = (exp == 0 ? 1 : exp) - 15 - 10;
        BigDecimal value = power >= 0 ? significand.multiply(BigDecimal.valueOf(2).pow(power))
            : significand.divide(BigDecimal.valueOf(2).pow(-power));
        float f = value.floatValue();
        // BigDecimal has no negative zero.
        return sign == 1 ? -f : f;
    }

    @Test
    void everyHalfValueWidensExactly() {
        for (int h = 0; h < 65536; h++) {
            float expected = reference(h);
            float got = Half.toFloat((short) h);
            if (Float.isNaN(expected)) {
                assertTrue(Float.isNaN(got), "NaN " + Integer.toHexString(h));
                int bits = Half.halfToFloatBits((short) h);
                assertEquals((h & 0x3ff) << 13, bits & 0x7fffff, "NaN payload " + Integer.toHexString(h));
                assertEquals(h >> 15, bits >>> 31, "NaN sign " + Integer.toHexString(h));
            } else {
                assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(got), "half 0x" + Integer.toHexString(h));
            }
            assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(Half.toFloat(new byte[] {(byte) h, (byte) (h >> 8)}, 0)));
        }
    }

    @Test
    void scalbAgreesOnSamples() {
        assertEquals(Math.scalb(1f, -24), Half.toFloat((short) 0x0001));
        assertEquals(Math.scalb(1023f, -24), Half.toFloat((short) 0x03ff));
        assertEquals(65504f, Half.toFloat((short) 0x7bff));
        assertEquals(-2f, Half.toFloat((short) 0xc000));
    }

    @Test
    void bf16IsTheUpperHalfOfF32() {
        for (int b = 0; b < 65536; b++) {
            float f = Half.bf16ToFloat((short) b);
            // Signalling-NaN bits need not survive a float round trip, so NaNs are checked as NaNs.
            if (Float.isNaN(Float.intBitsToFloat(b << 16))) assertTrue(Float.isNaN(f));
            else assertEquals(b << 16, Float.floatToRawIntBits(f));
        }
    }
}
