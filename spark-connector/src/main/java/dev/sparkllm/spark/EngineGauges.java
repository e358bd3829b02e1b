package dev.sparkllm.spark;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import dev.sparkllm.engine.runtime.EngineStats;
import java.util.function.ToDoubleFunction;

/**
 * Executor gauges in Spark's metrics system (namespace {@code plugin.dev.sparkllm.spark.SparkLlmPlugin}), summed over
 * the engines this executor has open: KV blocks in use, requests running and waiting, and output tokens per second
 * of engine step time.
 */
final class EngineGauges {
    private EngineGauges() { }

    static void register(MetricRegistry registry) {
        gauge(registry, "kvBlocksUsedFraction", s -> s.blocksTotal() == 0 ? 0 : s.blocksUsed() / (double) s.blocksTotal(), true);
        gauge(registry, "kvUtilization", EngineStats::kvUtilization, true);
        gauge(registry, "runningRequests", EngineStats::running, false);
        gauge(registry, "waitingRequests", EngineStats::waiting, false);
        gauge(registry, "outputTokensPerSecond", EngineStats::outputTokensPerSecond, false);
        gauge(registry, "preemptions", EngineStats::preemptions, false);
    }

    /** A gauge summing (or, for ratios, averaging) {@code value} over the open engines. */
    private static void gauge(MetricRegistry registry, String name, ToDoubleFunction<EngineStats> value, boolean mean) {
        registry.register(name, (Gauge<Double>) () -> {
            double sum = 0;
            int n = 0;
            for (EngineStats s : EngineRegistry.stats().values()) {
                sum += value.applyAsDouble(s);
                n++;
            }
            return mean && n > 0 ? sum / n : sum;
        });
    }
}
