package dev.sparkllm.engine.cli;

import dev.sparkllm.engine.kv.KvAllocation;
import dev.sparkllm.engine.kv.KvCacheDtype;
import dev.sparkllm.engine.runtime.EngineConfig;
import picocli.CommandLine.Option;

/** The engine settings shared by {@code generate} and {@code bench}. */
public final class EngineOptions {
    @Option(names = "--kv-cache-memory", paramLabel = "SIZE", converter = Sizes.class,
        description = "bytes for the KV block pool, e.g. 512m, 2g (default: 30%% of the max heap, at most 1g)")
    Long kvCacheMemory;

    @Option(names = "--block-size", description = "tokens per KV block (default ${DEFAULT-VALUE})", defaultValue = "16")
    int blockSize;

    @Option(names = "--max-num-seqs", description = "most requests running at once (default ${DEFAULT-VALUE})", defaultValue = "256")
    int maxNumSeqs;

    @Option(names = "--max-num-batched-tokens", description = "most tokens computed per step (default ${DEFAULT-VALUE})",
        defaultValue = "2048")
    int maxNumBatchedTokens;

    @Option(names = "--no-prefix-caching", description = "do not share KV blocks of identical prompt prefixes")
    boolean noPrefixCaching;

    @Option(names = "--kv-allocation", description = "paged (default) or static (max-length reservation; a benchmark baseline)",
        defaultValue = "paged", converter = AllocationConverter.class)
    KvAllocation kvAllocation;

    @Option(names = "--kv-cache-dtype", description = "KV cache element type: f32 (default), f16 or bf16 (half the "
        + "memory per token: twice the tokens in the same --kv-cache-memory)", defaultValue = "f32",
        converter = DtypeConverter.class)
    KvCacheDtype kvCacheDtype;

    @Option(names = "--threads", description = "compute threads (default: all processors)", defaultValue = "0")
    int threads;

    /** A one-off command-line run rarely needs more than 1 GiB of KV cache, and zeroing a larger pool costs seconds. */
    private static final long DEFAULT_MAX_KV = 1L << 30;

    public EngineConfig toConfig() {
        return toConfig(Long.MAX_VALUE);
    }

    /**
     * The engine settings; unless --kv-cache-memory was given, the KV pool is the default size or {@code mostUseful}
     * bytes, whichever is smaller (a finite job never needs more than its requests can fill).
     */
    public EngineConfig toConfig(long mostUseful) {
        long kv = kvCacheMemory != null ? kvCacheMemory
            : Math.min(mostUseful,
                Math.min(DEFAULT_MAX_KV, (long) (Runtime.getRuntime().maxMemory() * EngineConfig.DEFAULTS.kvCacheFraction())));
        return EngineConfig.DEFAULTS.withKvCacheMemory(kv).withBlockSize(blockSize)
            .withMaxNumSeqs(maxNumSeqs).withMaxNumBatchedTokens(maxNumBatchedTokens).withPrefixCaching(!noPrefixCaching)
            .withKvAllocation(kvAllocation).withThreads(threads).withKvCacheDtype(kvCacheDtype);
    }

    static final class DtypeConverter implements picocli.CommandLine.ITypeConverter<KvCacheDtype> {
        @Override
        public KvCacheDtype convert(String value) {
            try {
                return KvCacheDtype.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Accepts the lower-case spelling users type. */
    static final class AllocationConverter implements picocli.CommandLine.ITypeConverter<KvAllocation> {
        @Override
        public KvAllocation convert(String value) {
            try {
                return KvAllocation.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not paged or static");
            }
        }
    }
}
