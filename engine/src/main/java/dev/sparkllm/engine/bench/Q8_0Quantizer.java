package dev.sparkllm.engine.bench;

import dev.sparkllm.engine.weights.GgmlType;
import dev.sparkllm.engine.weights.Half;

/**
 * F32 to ggml Q8_0 (blocks of 32 values: an F16 scale {@code d = max|x| / 127}, then 32 int8 {@code q = round(x / d)}),
 * so benchmarks can run quantized shapes without a converted file.
 *
 * <p>Unlike ggml's reference quantizer, {@code q} is computed with the scale as stored (rounded to F16), not the F32
 * one: the decoded value {@code q * d} is then within {@code d / 2} of {@code x}, instead of off by up to 127 F16
 * rounding errors of {@code d}.
 */
public final class Q8_0Quantizer {
    static final int BLOCK = GgmlType.Q8_0.blockSize;
    static final int BLOCK_BYTES = GgmlType.Q8_0.blockBytes;

    private Q8_0Quantizer() { }

    /** Quantizes {@code n} values of {@code src} from {@code srcOff} into {@code dst} from {@code dstOff}; n % 32 == 0. */
    public static void quantize(float[] src, int srcOff, int n, byte[] dst, int dstOff) {
        if (n % BLOCK != 0) throw new IllegalArgumentException(n + " values is not a multiple of the Q8_0 block size " + BLOCK);
        for (int b = 0; b < n / BLOCK; b++) {
            int s = srcOff + b * BLOCK;
            int o = dstOff + b * BLOCK_BYTES;
            float amax = 0f;
            for (int i = 0; i < BLOCK; i++) amax = Math.max(amax, Math.abs(src[s + i]));
            short h = Half.fromFloat(amax / 127f);
            float d = Half.toFloat(h);
            dst[o] = (byte) h;
            dst[o + 1] = (byte) (h >> 8);
            float inv = d == 0f ? 0f : 1f / d;
            for (int i = 0; i < BLOCK; i++) {
                // The F16-rounded d can be slightly below max|x| / 127, so the extreme value may round to 128.
                int q = Math.round(src[s + i] * inv);
                dst[o + 2 + i] = (byte) Math.max(-127, Math.min(127, q));
            }
        }
    }

    /** Quantizes a whole row-major {@code rows x cols} matrix. */
    public static byte[] quantize(float[] src, int rows, int cols) {
        byte[] out = new byte[Math.toIntExact(GgmlType.Q8_0.bytesFor((long) rows * cols))];
        quantize(src, 0, rows * cols, out, 0);
        return out;
    }
}
