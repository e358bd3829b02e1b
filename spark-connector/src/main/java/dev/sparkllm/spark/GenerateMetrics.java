package dev.sparkllm.spark;

import dev.sparkllm.engine.runtime.EngineStats;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.execution.metric.SQLMetric;
import org.apache.spark.sql.execution.metric.SQLMetrics;

/**
 * The SQL metrics of a {@code GenerateExec} node (shown in the Spark UI). Token counts come from each row's result;
 * preemptions, engine steps and time, and the mean running batch are differences of the engine's counters over the
 * task, so they include the work of other tasks sharing the executor's engine at the same time.
 */
public final class GenerateMetrics {
    public static final String ROWS = "numOutputRows";
    public static final String ERRORS = "errorRows";
    public static final String PROMPT_TOKENS = "promptTokens";
    public static final String GENERATED_TOKENS = "generatedTokens";
    public static final String CACHED_TOKENS = "cachedTokens";
    public static final String PREEMPTIONS = "preemptions";
    public static final String ENGINE_STEPS = "engineSteps";
    public static final String ENGINE_TIME = "engineTime";
    public static final String MEAN_BATCH = "meanRunningBatch";

    private GenerateMetrics() { }

    public static Map<String, SQLMetric> create(SparkContext sc) {
        Map<String, SQLMetric> m = new LinkedHashMap<>();
        m.put(ROWS, SQLMetrics.createMetric(sc, "number of output rows"));
        m.put(ERRORS, SQLMetrics.createMetric(sc, "rows with an error"));
        m.put(PROMPT_TOKENS, SQLMetrics.createMetric(sc, "prompt tokens"));
        m.put(GENERATED_TOKENS, SQLMetrics.createMetric(sc, "generated tokens"));
        m.put(CACHED_TOKENS, SQLMetrics.createMetric(sc, "prefix-cache hit tokens"));
        m.put(PREEMPTIONS, SQLMetrics.createMetric(sc, "engine preemptions"));
        m.put(ENGINE_STEPS, SQLMetrics.createMetric(sc, "engine steps"));
        m.put(ENGINE_TIME, SQLMetrics.createTimingMetric(sc, "engine step time", -1));
        m.put(MEAN_BATCH, SQLMetrics.createAverageMetric(sc, "mean running batch size"));
        return m;
    }

    /** Adds the engine's work between two snapshots to the task's metrics. */
    static void addEngineDelta(Map<String, SQLMetric> m, EngineStats before, EngineStats after) {
        if (m.isEmpty()) return;   // a caller without SQL metrics (the data source)
        long steps = after.steps() - before.steps();
        m.get(PREEMPTIONS).add(after.preemptions() - before.preemptions());
        m.get(ENGINE_STEPS).add(steps);
        m.get(ENGINE_TIME).add((after.stepNanos() - before.stepNanos()) / 1_000_000);
        if (steps > 0) m.get(MEAN_BATCH).set((after.runningSum() - before.runningSum()) / (double) steps);
    }
}
