package dev.sparkllm.engine.bench;

import dev.sparkllm.engine.weights.GgmlType;
import dev.sparkllm.engine.weights.Half;

/**
 * F32 to ggml Q4_0 (blocks of 32 values: an F16 scale {@code d}, then 16 bytes of nibbles {@code q} with value
 * {@code (q - 8) * d}; low nibbles hold elements 0..15, high nibbles 16..31), as llama.cpp's reference quantizer does
 * it: {@code d = -max / 8} for the value of largest magnitude, so that value maps to nibble 0. Like {@link
 * Q8_0Quantizer}, nibbles are computed with the scale as stored (rounded to F16).
 */
public final class Q4_0Quantizer {
    private static final int BLOCK = GgmlType.Q4_0.blockSize;
    private static final int BLOCK_BYTES = GgmlType.Q4_0.blockBytes;

    private Q4_0Quantizer() { }

    /** Quantizes a whole row-major {@code rows x cols} matrix; cols % 32 == 0. */
    public static byte[] quantize(float[] src, int rows, int cols) {
        byte[] out = new byte[Math.toIntExact(GgmlType.Q4_0.bytesFor((long) rows * cols))];
        quantize(src, 0, rows * cols, out, 0);
        return out;
    }

    /** Quantizes {@code n} values of {@code src} from {@code srcOff} into {@code dst} from {@code dstOff}; n % 32 == 0. */
    public static void quantize(float[] src, int srcOff, int n, byte[] dst, int dstOff) {
        if (n % BLOCK != 0) throw new IllegalArgumentException(n + " values is not a multiple of the Q4_0 block size " + BLOCK);
        for (int b = 0; b < n / BLOCK; b++) {
            int s = srcOff + b * BLOCK;
            int o = dstOff + b * BLOCK_BYTES;
            float max = 0f;
            for (int i = 0; i < BLOCK; i++) if (Math.abs(src[s + i]) > Math.abs(max)) max = src[s + i];
            short h = Half.fromFloat(max / -8f);
            float d = Half.toFloat(h);
            dst[o] = (byte) h;
            dst[o + 1] = (byte) (h >> 8);
            float inv = d == 0f ? 0f : 1f / d;
            for (int i = 0; i < 16; i++) {
                int lo = nibble(src[s + i] * inv);
                int hi = nibble(src[s + 16 + i] * inv);
                dst[o + 2 + i] = (byte) (lo | hi << 4);
            }
        }
    }

    private static int nibble(float scaled) {
        return Math.max(0, Math.min(15, Math.round(scaled) + 8));
    }
}
