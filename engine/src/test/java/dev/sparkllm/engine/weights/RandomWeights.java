package dev.sparkllm.engine.weights;

import java.util.Random;

/** Random tensor bytes of every supported type, with finite F16 scales so every block decodes to finite values. */
public final class RandomWeights {
    private RandomWeights() { }

    /** A finite half with magnitude in about [2^-10, 2^6): a plausible quantization scale. */
    public static short randomHalf(Random rnd) {
        return (short) (rnd.nextInt(2) << 15 | (5 + rnd.nextInt(16)) << 10 | rnd.nextInt(1024));
    }

    /** Raw bytes of a {@code rows × cols} tensor of {@code type}, in the file (and in-memory) layout. */
    public static byte[] bytes(GgmlType type, int rows, int cols, Random rnd) {
        long n = (long) rows * cols;
        byte[] b = new byte[(int) type.bytesFor(n)];
        switch (type) {
            case F32 -> {
                float[] f = new float[(int) n];
                for (int i = 0; i < n; i++) f[i] = (float) rnd.nextGaussian();
                return GgufTestWriter.f32Bytes(f);
            }
            case F16, BF16 -> {
                short[] s = new short[(int) n];
                for (int i = 0; i < n; i++) {
                    float f = (float) rnd.nextGaussian();
                    s[i] = type == GgmlType.BF16 ? (short) (Float.floatToIntBits(f) >>> 16) : randomHalf(rnd);
                }
                return GgufTestWriter.shortBytes(s);
            }
            default -> {
                rnd.nextBytes(b);
                for (int blk = 0; blk < b.length; blk += type.blockBytes) {
                    switch (type) {
                        case Q8_0, Q4_0 -> putHalf(b, blk, randomHalf(rnd));
                        case Q4_K -> { putHalf(b, blk, randomHalf(rnd)); putHalf(b, blk + 2, randomHalf(rnd)); }
                        case Q6_K -> putHalf(b, blk + 208, randomHalf(rnd));
                        default -> throw new IllegalArgumentException(type.toString());
                    }
                }
                return b;
            }
        }
    }

    private static void putHalf(byte[] b, int off, short h) {
        b[off] = (byte) h;
        b[off + 1] = (byte) (h >> 8);
    }

    /** The tensor class of {@code type} over {@code bytes}. */
    public static Tensor tensor(GgmlType type, String name, int rows, int cols, byte[] bytes) {
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        return switch (type) {
            case F32 -> { float[] f = new float[rows * cols]; bb.asFloatBuffer().get(f); yield new F32Tensor(name, rows, cols, f); }
            case F16 -> { short[] s = new short[rows * cols]; bb.asShortBuffer().get(s); yield new F16Tensor(name, rows, cols, s); }
            case BF16 -> { short[] s = new short[rows * cols]; bb.asShortBuffer().get(s); yield new BF16Tensor(name, rows, cols, s); }
            case Q8_0 -> new Q8_0Tensor(name, rows, cols, bytes);
            case Q4_0 -> new Q4_0Tensor(name, rows, cols, bytes);
            case Q4_K -> new Q4_KTensor(name, rows, cols, bytes);
            case Q6_K -> new Q6_KTensor(name, rows, cols, bytes);
        };
    }

    /** Random tensor of {@code type}. */
    public static Tensor tensor(GgmlType type, int rows, int cols, Random rnd) {
        return tensor(type, "w", rows, cols, bytes(type, rows, cols, rnd));
    }
}
