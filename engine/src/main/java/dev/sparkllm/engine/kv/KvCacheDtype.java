package dev.sparkllm.engine.kv;

import dev.sparkllm.engine.weights.Half;
import java.util.Locale;

/**
 * The element type of the KV cache. F32 keeps the projections' values exactly; F16 (llama.cpp's default cache type)
 * and BF16 halve the memory per token, so the same budget holds twice the tokens and attention reads half the bytes.
 * Values are rounded to nearest even when written and widened exactly when read, so a token's cached key and value
 * never depend on what else is in the batch.
 *
 * <p>F16 saturates at ±65504 instead of overflowing to infinity: the attention kernels widen F16 with the short
 * finite-only conversion, and an activation beyond F16's range is better clipped than turned into an infinite score.
 */
public enum KvCacheDtype {
    F32(4), F16(2), BF16(2);

    private static final float F16_MAX = 65504f;

    /** Bytes per cached value. */
    public final int bytes;

    KvCacheDtype(int bytes) {
        this.bytes = bytes;
    }

    /** {@code f32}, {@code f16} or {@code bf16} (case-insensitive; {@code float32}, {@code fp16}, ... also accepted). */
    public static KvCacheDtype parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "f32": case "fp32": case "float32": case "float": return F32;
            case "f16": case "fp16": case "float16": case "half": return F16;
            case "bf16": case "bfloat16": return BF16;
            default: throw new IllegalArgumentException("unknown KV cache dtype '" + name + "': use f32, f16 or bf16");
        }
    }

    public String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A zeroed store of {@code n} values: {@code float[]} for F32, {@code short[]} (the 16-bit patterns) otherwise. */
    public Object allocate(int n) {
        return this == F32 ? new float[n] : new short[n];
    }

    /** Length of a store made by {@link #allocate}. */
    int length(Object store) {
        return this == F32 ? ((float[]) store).length : ((short[]) store).length;
    }

    /** Element {@code i} of a store, widened to F32. */
    public float get(Object store, int i) {
        switch (this) {
            case F32: return ((float[]) store)[i];
            case F16: return Half.toFloat(((short[]) store)[i]);
            default: return Half.bf16ToFloat(((short[]) store)[i]);
        }
    }

    /** Writes {@code v}, rounded to this type, at element {@code i}. */
    public void set(Object store, int i, float v) {
        switch (this) {
            case F32 -> ((float[]) store)[i] = v;
            case F16 -> ((short[]) store)[i] = Half.fromFloat(Math.max(-F16_MAX, Math.min(F16_MAX, v)));
            default -> ((short[]) store)[i] = Half.bf16FromFloat(v);
        }
    }

    /** Writes {@code src[srcOff, srcOff + n)} at elements {@code [off, off + n)}. */
    public void set(Object store, int off, float[] src, int srcOff, int n) {
        if (this == F32) {
            System.arraycopy(src, srcOff, store, off, n);
            return;
        }
        for (int i = 0; i < n; i++) set(store, off + i, src[srcOff + i]);
    }
}
