package dev.sparkllm.engine.backend.vector;

import dev.sparkllm.engine.kv.KvCacheDtype;
import dev.sparkllm.engine.kv.KvCacheView;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * One layer's key or value store read as F32 vectors, whatever the cache's element type: the attention kernels are
 * written once against {@link #at}, and each type is one final subclass, so C2 binds the call in a JVM that runs one
 * cache type (the engine's case) and widens 16-bit values in registers — the loads are half the bytes, the FMAs the
 * same. Widening is exact, so a score or a weighted value is the same FMA chain as over an F32 copy of the store.
 */
abstract class KvVectors {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /** Whether {@link #of} can read {@code dtype} with vectors of the preferred species (else: the scalar kernels). */
    static boolean supports(KvCacheDtype dtype) {
        return dtype == KvCacheDtype.F32 || BlockKernels.SUPPORTED && BlockKernels.KL == F.length();
    }

    static KvVectors keys(KvCacheView cache, int layer) {
        return of(cache.dtype(), cache.keyStore(layer));
    }

    static KvVectors values(KvCacheView cache, int layer) {
        return of(cache.dtype(), cache.valueStore(layer));
    }

    private static KvVectors of(KvCacheDtype dtype, Object store) {
        return switch (dtype) {
            case F32 -> new F32((float[]) store);
            case F16 -> new F16((short[]) store);
            case BF16 -> new BF16((short[]) store);
        };
    }

    /** Elements {@code [off, off + L)} of the store as F32. */
    abstract FloatVector at(int off);

    private static final class F32 extends KvVectors {
        private final float[] a;

        F32(float[] a) { this.a = a; }

        @Override
        FloatVector at(int off) { return FloatVector.fromArray(F, a, off); }
    }

    /** F16 stores are finite: {@link KvCacheDtype} saturates on write, so the four-operation widening applies. */
    private static final class F16 extends KvVectors {
        private final short[] a;

        F16(short[] a) { this.a = a; }

        @Override
        FloatVector at(int off) { return HalfKernels.finiteHalfToFloat(a, off); }
    }

    private static final class BF16 extends KvVectors {
        private final short[] a;

        BF16(short[] a) { this.a = a; }

        @Override
        FloatVector at(int off) { return HalfKernels.bf16ToFloat(a, off); }
    }
}
