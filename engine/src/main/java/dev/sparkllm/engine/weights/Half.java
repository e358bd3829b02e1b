package dev.sparkllm.engine.weights;

/**
 * IEEE binary16 and bfloat16 to and from F32. Java 17 has no {@code Float.float16ToFloat} or {@code
 * Float.floatToFloat16} (added in 20), so the conversions are done on bits; every half value is exactly representable
 * as a float, so widening never rounds, and narrowing rounds to nearest even.
 */
public final class Half {
    private static final float[] TABLE = new float[1 << 16];

    static {
        for (int h = 0; h < TABLE.length; h++) TABLE[h] = Float.intBitsToFloat(halfToFloatBits((short) h));
    }

    private Half() { }

    /** The F32 bit pattern of half {@code h}; NaN payloads (including the quiet bit) are kept, shifted up. */
    public static int halfToFloatBits(short h) {
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) return sign | 0x7f800000 | (mant << 13);
        if (exp != 0) return sign | ((exp + (127 - 15)) << 23) | (mant << 13);
        if (mant == 0) return sign;
        // Subnormal half: normalise the mantissa, since every half subnormal is a normal float.
        int shift = Integer.numberOfLeadingZeros(mant) - 21;   // puts the leading 1 at bit 10
        mant = (mant << shift) & 0x3ff;
        return sign | ((1 - 15 - shift + 127) << 23) | (mant << 13);
    }

    /** Half to float through a 64K-entry table: the hot path of F16 and quantized-scale decoding. */
    public static float toFloat(short h) {
        return TABLE[h & 0xffff];
    }

    /** Half stored little-endian at {@code bytes[off]}. */
    public static float toFloat(byte[] bytes, int off) {
        return TABLE[(bytes[off] & 0xff) | (bytes[off + 1] & 0xff) << 8];
    }

    /** bfloat16 is the upper half of an F32, so widening is a shift. */
    public static float bf16ToFloat(short b) {
        return Float.intBitsToFloat(b << 16);
    }

    /** IEEE binary16 bits of {@code f}, rounded to nearest even; overflow gives infinity, NaN stays NaN. */
    public static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xff;
        int mant = bits & 0x7fffff;
        if (exp == 0xff) return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 : 0));
        int e = exp - 127 + 15;
        if (e >= 0x1f) return (short) (sign | 0x7c00);
        if (e <= 0) {
            // Subnormal half (or zero): shift the mantissa with its implicit 1 into place, rounding to nearest even.
            if (e < -10) return (short) sign;
            int m = mant | 0x800000;
            int shift = 14 - e;
            int half = m >>> shift;
            int rem = m & ((1 << shift) - 1);
            int mid = 1 << (shift - 1);
            if (rem > mid || (rem == mid && (half & 1) != 0)) half++;
            return (short) (sign | half);
        }
        int half = sign | (e << 10) | (mant >>> 13);
        int rem = mant & 0x1fff;
        // A carry out of the mantissa correctly bumps the exponent (and may reach infinity).
        if (rem > 0x1000 || (rem == 0x1000 && (half & 1) != 0)) half++;
        return (short) half;
    }

    /** The bfloat16 nearest to {@code f} (ties to even); NaN stays a (quiet) NaN instead of rounding into infinity. */
    public static short bf16FromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        if ((bits & 0x7fffffff) > 0x7f800000) return (short) ((bits >>> 16) | 0x40);
        return (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
    }
}
