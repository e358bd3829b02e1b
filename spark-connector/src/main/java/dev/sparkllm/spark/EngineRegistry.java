package dev.sparkllm.spark;

import dev.sparkllm.engine.runtime.EngineConfig;
import dev.sparkllm.engine.runtime.EngineStats;
import dev.sparkllm.engine.runtime.LlmEngine;
import dev.sparkllm.spark.SparkLlmConf.EngineSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkEnv;

/**
 * This JVM's engines: one per model, opened by the first task that asks for it and shared by every task thread of
 * the executor, so the engine batches rows across tasks. Opening is lazy and happens once per model even when many
 * tasks ask at the same moment (each model has its own lock; one slow load does not block other models).
 * Engines are closed when the executor plugin shuts down, or by a shutdown hook when no plugin runs (local tools).
 */
public final class EngineRegistry {
    private static final Map<String, Slot> ENGINES = new ConcurrentHashMap<>();
    private static final AtomicInteger OPENED = new AtomicInteger();
    private static volatile EngineSettings settings;
    private static volatile boolean hookInstalled;

    /** One model's engine, opened under the slot's own lock; readable without it (gauges must not wait on a load). */
    private static final class Slot {
        private final String model;
        private volatile LlmEngine engine;

        Slot(String model) { this.model = model; }

        synchronized LlmEngine get() {
            if (engine == null) engine = open(model);
            return engine;
        }

        LlmEngine peek() { return engine; }

        synchronized void close() {
            if (engine != null) engine.close();
            engine = null;
        }
    }

    private EngineRegistry() { }

    /** Installed by the executor plugin; engines opened later use these settings. */
    public static void configure(EngineSettings s) {
        settings = s;
    }

    /** The engine for {@code model} (a local path or a Hadoop URI such as hdfs://… or s3a://…), opened on first use. */
    public static LlmEngine engine(String model) {
        return ENGINES.computeIfAbsent(model, Slot::new).get();
    }

    /** How many engines this JVM has opened since it started (a test sees "once per executor" through it). */
    public static int openedCount() {
        return OPENED.get();
    }

    /** Stats of the engines open now, by model. */
    public static Map<String, EngineStats> stats() {
        Map<String, EngineStats> out = new LinkedHashMap<>();
        for (Map.Entry<String, Slot> e : ENGINES.entrySet()) {
            LlmEngine engine = e.getValue().peek();
            if (engine != null) out.put(e.getKey(), engine.stats());
        }
        return out;
    }

    /** Closes every engine; a later {@link #engine} call opens a fresh one (a new SparkContext in the same JVM). */
    public static void closeAll() {
        for (Slot s : ENGINES.values()) s.close();
        ENGINES.clear();
    }

    private static LlmEngine open(String model) {
        installShutdownHook();
        Path local = ModelLocator.localize(model);
        EngineConfig config = engineConfig(currentSettings());
        try {
            LlmEngine engine = LlmEngine.open(local, config);
            OPENED.incrementAndGet();
            return engine;
        } catch (RuntimeException e) {
            throw new IllegalStateException("sparkllm cannot open the model " + model
                + (local.toString().equals(model) ? "" : " (local copy " + local + ")") + ": " + e.getMessage(), e);
        }
    }

    /** Settings from the plugin, else (generate() used without the executor plugin) the executor's SparkConf. */
    private static EngineSettings currentSettings() {
        EngineSettings s = settings;
        if (s != null) return s;
        SparkEnv env = SparkEnv.get();
        if (env == null) return EngineSettings.DEFAULTS;
        return SparkLlmConf.engineSettings(k -> env.conf().get(k, null), env.conf().getInt("spark.executor.cores", 0));
    }

    static EngineConfig engineConfig(EngineSettings s) {
        long kv = s.kvCacheMemory() > 0 ? s.kvCacheMemory()
            : Math.min(SparkLlmConf.DEFAULT_MAX_KV,
                (long) (Runtime.getRuntime().maxMemory() * EngineConfig.DEFAULTS.kvCacheFraction()));
        return EngineConfig.DEFAULTS.withKvCacheMemory(kv).withBlockSize(s.blockSize()).withMaxNumSeqs(s.maxNumSeqs())
            .withMaxNumBatchedTokens(s.maxNumBatchedTokens()).withThreads(s.threads()).withKvCacheDtype(s.kvCacheDtype());
    }

    private static synchronized void installShutdownHook() {
        if (hookInstalled) return;
        Runtime.getRuntime().addShutdownHook(new Thread(EngineRegistry::closeAll, "sparkllm-engine-shutdown"));
        hookInstalled = true;
    }
}
