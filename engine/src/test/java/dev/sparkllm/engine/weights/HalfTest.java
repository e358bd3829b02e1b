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

    @Test
    void fromFloatRoundsToNearestEvenAndInvertsToFloat() {
        for (int h = 0; h < 0x10000; h++) {
            float f = Half.toFloat((short) h);
            if (Float.isNaN(f)) continue;
            assertEquals((short) h, Half.fromFloat(f), "half " + Integer.toHexString(h));
        }
        assertEquals(0x3c00, Half.fromFloat(1f + 0x1p-11f));            // tie goes to even (1.0)
        assertEquals(0x3c02, Half.fromFloat(1f + 3 * 0x1p-11f));        // tie goes to even (1 + 2^-9)
        assertEquals(0x7c00, Half.fromFloat(70000f));                   // overflow
        assertEquals(0x0001, Half.fromFloat(0x1p-24f));                 // smallest subnormal
        assertEquals(0x0000, Half.fromFloat(0x1p-26f));                 // underflow
        assertTrue(Float.isNaN(Half.toFloat(Half.fromFloat(Float.NaN))));
    }

    @Test
    void bf16FromFloatRoundsToNearestEvenAndKeepsNaN() {
        for (int b = 0; b < 0x10000; b += 7) {
            float f = Half.bf16ToFloat((short) b);
            if (!Float.isNaN(f)) assertEquals((short) b, Half.bf16FromFloat(f), "bf16 " + Integer.toHexString(b));
        }
        assertEquals(0x3f80, Half.bf16FromFloat(Float.intBitsToFloat(0x3f808000)));   // tie goes to even (1.0)
        assertEquals(0x3f82, Half.bf16FromFloat(Float.intBitsToFloat(0x3f818000)));   // tie goes to even, upwards
        assertTrue(Float.isNaN(Half.bf16ToFloat(Half.bf16FromFloat(Float.intBitsToFloat(0x7f800001)))),
            "a NaN whose payload is in the low bits stays NaN instead of rounding to infinity");
    }
}
