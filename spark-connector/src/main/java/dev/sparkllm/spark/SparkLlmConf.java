package dev.sparkllm.spark;

import dev.sparkllm.engine.kv.KvCacheDtype;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.network.util.JavaUtils;

/**
 * The {@code spark.sparkllm.*} settings: their names, defaults and parsing, in one place. Engine settings are read
 * once per executor JVM (an engine outlives queries); {@link #MODEL} and {@link #ROWS_IN_FLIGHT} are read per query
 * from the session's SQL conf when the plan is made.
 */
public final class SparkLlmConf {
    public static final String PREFIX = "spark.sparkllm.";
    /** Default model path or URI for {@code generate()} calls without a {@code model} option. */
    public static final String MODEL = PREFIX + "model";
    /** Bytes of KV cache per engine, e.g. {@code 512m}; default 30% of the executor heap, at most 1 GiB. */
    public static final String KV_CACHE_MEMORY = PREFIX + "kvCacheMemory";
    public static final String BLOCK_SIZE = PREFIX + "blockSize";
    public static final String MAX_NUM_SEQS = PREFIX + "maxNumSeqs";
    public static final String MAX_NUM_BATCHED_TOKENS = PREFIX + "maxNumBatchedTokens";
    /** f32 (default) | f16 | bf16: the KV cache's element type; 16 bits hold twice the tokens in the same memory. */
    public static final String KV_CACHE_DTYPE = PREFIX + "kvCacheDtype";
    /** auto | cpu | cuda. */
    public static final String DEVICE = PREFIX + "device";
    /** Compute threads per engine; default the executor's cores. */
    public static final String THREADS = PREFIX + "threads";
    /** Rows a task keeps submitted to the engine at once; default 2 x maxNumSeqs. */
    public static final String ROWS_IN_FLIGHT = PREFIX + "rowsInFlight";
    /** Base of the seeds derived for rows without a {@code seed} option (default 0). */
    public static final String SEED = PREFIX + "seed";

    /** The extension class the driver plugin adds to {@code spark.sql.extensions}. */
    public static final String EXTENSIONS_CLASS = "dev.sparkllm.spark.catalyst.SparkLlmExtensions";

    /** A one-off default: a larger pool costs seconds of zeroing and heap Spark needs for itself. */
    static final long DEFAULT_MAX_KV = 1L << 30;

    private SparkLlmConf() { }

    /** Settings of the engines of one executor JVM. */
    public record EngineSettings(long kvCacheMemory, int blockSize, int maxNumSeqs, int maxNumBatchedTokens,
                                 int threads, KvCacheDtype kvCacheDtype) implements java.io.Serializable {
        public static final EngineSettings DEFAULTS = new EngineSettings(0, 16, 256, 2048, 0, KvCacheDtype.F32);
    }

    /** Reads engine settings; {@code get} returns null for an unset key. Bad values name the key. */
    public static EngineSettings engineSettings(Function<String, String> get, int executorCores) {
        EngineSettings d = EngineSettings.DEFAULTS;
        checkDevice(get.apply(DEVICE));
        String kv = get.apply(KV_CACHE_MEMORY);
        return new EngineSettings(
            kv == null ? 0 : bytes(KV_CACHE_MEMORY, kv),
            positiveInt(get, BLOCK_SIZE, d.blockSize()),
            positiveInt(get, MAX_NUM_SEQS, d.maxNumSeqs()),
            positiveInt(get, MAX_NUM_BATCHED_TOKENS, d.maxNumBatchedTokens()),
            positiveInt(get, THREADS, Math.max(0, executorCores)),
            kvCacheDtype(get.apply(KV_CACHE_DTYPE)));
    }

    static KvCacheDtype kvCacheDtype(String value) {
        if (value == null) return EngineSettings.DEFAULTS.kvCacheDtype();
        try {
            return KvCacheDtype.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(KV_CACHE_DTYPE + ": " + e.getMessage());
        }
    }

    public static EngineSettings engineSettings(Map<String, String> conf, int executorCores) {
        return engineSettings(conf::get, executorCores);
    }

    /** The CUDA backend is not wired into the engine yet: {@code auto} means the CPU, {@code cuda} is refused. */
    public static void checkDevice(String device) {
        String d = device == null ? "auto" : device.trim().toLowerCase(Locale.ROOT);
        switch (d) {
            case "auto", "cpu" -> { }
            case "cuda" -> throw new IllegalArgumentException(DEVICE + "=cuda: the CUDA backend is not available in "
                + "this build of sparkllm yet; use auto or cpu");
            default -> throw new IllegalArgumentException(DEVICE + " must be auto, cpu or cuda, got \"" + device + "\"");
        }
    }

    /** Rows in flight per task: the setting if given, else twice the engine's batch so it never runs dry. */
    public static int rowsInFlight(String value, int maxNumSeqs) {
        if (value == null) return 2 * maxNumSeqs;
        return parsePositive(ROWS_IN_FLIGHT, value);
    }

    public static long seed(String value) {
        if (value == null) return 0;
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(SEED + " must be an integer, got \"" + value + "\"");
        }
    }

    static int positiveInt(Function<String, String> get, String key, int dflt) {
        String v = get.apply(key);
        return v == null ? dflt : parsePositive(key, v);
    }

    private static int parsePositive(String key, String v) {
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a positive integer, got \"" + v + "\"");
        }
        if (n <= 0) throw new IllegalArgumentException(key + " must be a positive integer, got " + n);
        return n;
    }

    private static long bytes(String key, String v) {
        try {
            return JavaUtils.byteStringAsBytes(v.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + " must be a size such as 536870912, 512m or 2g, got \"" + v + "\"");
        }
    }
}
