package dev.sparkllm.engine.weights;

/**
 * IEEE binary16 and bfloat16 widening to F32. Java 17 has no {@code Float.float16ToFloat} (added in 20), so the
 * conversion is done on bits; every half value is exactly representable as a float, so widening never rounds.
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
}
