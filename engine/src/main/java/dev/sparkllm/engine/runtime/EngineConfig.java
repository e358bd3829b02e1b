package dev.sparkllm.engine.runtime;

import dev.sparkllm.engine.kv.KvAllocation;
import dev.sparkllm.engine.kv.KvCacheDtype;

/**
 * Engine settings.
 *
 * @param kvCacheMemory       bytes for the KV block pool (all layers, keys and values); 0 means {@code kvCacheFraction}
 *                            of the maximum heap
 * @param kvCacheFraction     share of the max heap used when kvCacheMemory is 0
 * @param blockSize           tokens per KV block
 * @param maxNumSeqs          most requests running at once
 * @param maxNumBatchedTokens most tokens (prompt chunks + decode tokens) computed in one step
 * @param prefixCaching       share KV blocks of identical prompt prefixes across requests
 * @param kvAllocation        PAGED (the engine) or STATIC (the benchmark baseline: max-length reservation)
 * @param threads             compute threads; 0 = all available processors
 * @param kvCacheDtype        element type of the KV cache: F32, or F16/BF16 for twice the tokens in the same memory
 */
public record EngineConfig(long kvCacheMemory, double kvCacheFraction, int blockSize, int maxNumSeqs,
                           int maxNumBatchedTokens, boolean prefixCaching, KvAllocation kvAllocation, int threads,
                           KvCacheDtype kvCacheDtype) {

    public static final EngineConfig DEFAULTS =
        new EngineConfig(0, 0.3, 16, 256, 2048, true, KvAllocation.PAGED, 0, KvCacheDtype.F32);

    public EngineConfig {
        if (kvCacheMemory < 0) throw new IllegalArgumentException("kvCacheMemory must be >= 0, got " + kvCacheMemory);
        if (!(kvCacheFraction > 0 && kvCacheFraction < 1)) {
            throw new IllegalArgumentException("kvCacheFraction must be in (0, 1), got " + kvCacheFraction);
        }
        if (blockSize <= 0 || (blockSize & (blockSize - 1)) != 0) {
            throw new IllegalArgumentException("blockSize must be a positive power of two, got " + blockSize);
        }
        if (maxNumSeqs <= 0) throw new IllegalArgumentException("maxNumSeqs must be positive, got " + maxNumSeqs);
        if (maxNumBatchedTokens <= 0) {
            throw new IllegalArgumentException("maxNumBatchedTokens must be positive, got " + maxNumBatchedTokens);
        }
        if (threads < 0) throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        if (kvAllocation == null) throw new IllegalArgumentException("kvAllocation must be paged or static");
        if (kvCacheDtype == null) throw new IllegalArgumentException("kvCacheDtype must be f32, f16 or bf16");
    }

    public EngineConfig withKvCacheMemory(long bytes) {
        return new EngineConfig(bytes, kvCacheFraction, blockSize, maxNumSeqs, maxNumBatchedTokens, prefixCaching, kvAllocation, threads, kvCacheDtype);
    }

    public EngineConfig withBlockSize(int n) {
        return new EngineConfig(kvCacheMemory, kvCacheFraction, n, maxNumSeqs, maxNumBatchedTokens, prefixCaching, kvAllocation, threads, kvCacheDtype);
    }

    public EngineConfig withMaxNumSeqs(int n) {
        return new EngineConfig(kvCacheMemory, kvCacheFraction, blockSize, n, maxNumBatchedTokens, prefixCaching, kvAllocation, threads, kvCacheDtype);
    }

    public EngineConfig withMaxNumBatchedTokens(int n) {
        return new EngineConfig(kvCacheMemory, kvCacheFraction, blockSize, maxNumSeqs, n, prefixCaching, kvAllocation, threads, kvCacheDtype);
    }

    public EngineConfig withPrefixCaching(boolean on) {
        return new EngineConfig(kvCacheMemory, kvCacheFraction, blockSize, maxNumSeqs, maxNumBatchedTokens, on, kvAllocation, threads, kvCacheDtype);
    }

    public EngineConfig withKvAllocation(KvAllocation a) {
        return new EngineConfig(kvCacheMemory, kvCacheFraction, blockSize, maxNumSeqs, maxNumBatchedTokens, prefixCaching, a, threads, kvCacheDtype);
    }

    public EngineConfig withThreads(int n) {
        return new EngineConfig(kvCacheMemory, kvCacheFraction, blockSize, maxNumSeqs, maxNumBatchedTokens, prefixCaching, kvAllocation, n, kvCacheDtype);
    }

    public EngineConfig withKvCacheDtype(KvCacheDtype dtype) {
        return new EngineConfig(kvCacheMemory, kvCacheFraction, blockSize, maxNumSeqs, maxNumBatchedTokens, prefixCaching, kvAllocation, threads, dtype);
    }
}
