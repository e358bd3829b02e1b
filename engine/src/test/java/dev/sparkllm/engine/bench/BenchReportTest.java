package dev.sparkllm.engine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkllm.engine.model.StepPhases;
import dev.sparkllm.engine.runtime.EngineStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchReportTest {
    private static final List<String> KEYS = List.of("output_tokens_per_s", "prompt_tokens_per_s", "total_tokens_per_s",
        "requests_per_s", "peak_running", "mean_running", "kv_utilization", "prefix_hit_rate", "preemptions", "prompt_tokens", "prompt_tokens_computed", "decode_tokens_per_s");

    private static EngineStats stats(long steps, long promptComputed, long out, long queried, long hits, long preempt,
                                     long runningSum, int peak, long stored, long slots, long promptNanos, long nanos) {
        // Phase times grow like the step time: in the order of StepPhases.Phase, 40/10/30/10/5/5 % of it.
        long[] phases = {nanos * 40 / 100, nanos / 10, nanos * 30 / 100, nanos / 10, nanos / 20, nanos / 20};
        return new EngineStats(100, 0, 0, 0, 0, steps, promptComputed, out, queried, hits, preempt, runningSum, peak,
            stored, slots, promptNanos, nanos, 0, new long[8], phases);
    }

    /** Counters of a run after 10 steps of an engine that had already run 5. */
    private static BenchMetrics sample() {
        EngineStats before = stats(5, 100, 50, 100, 0, 1, 20, 4, 500, 1000, 1_000_000_000L, 2_000_000_000L);
        EngineStats after = stats(15, 400, 250, 500, 200, 3, 100, 12, 1400, 2000, 1_500_000_000L, 4_000_000_000L);
        return BenchMetrics.of(before, after, 8, 500, 200, 4_000_000_000L);
    }

    @Test
    void metricsAreDifferencesOfTheSnapshotsOverWallTime() {
        BenchMetrics m = sample();
        assertEquals(50, m.outputTokensPerS(), 1e-9);          // 200 tokens / 4 s
        assertEquals(600, m.promptTokensPerS(), 1e-9);         // 300 computed / 0.5 s of prompt steps
        assertEquals(175, m.totalTokensPerS(), 1e-9);          // (500 + 200) / 4 s
        assertEquals(2, m.requestsPerS(), 1e-9);
        assertEquals(12, m.peakRunning());
        assertEquals(8, m.meanRunning(), 1e-9);                // 80 / 10 steps
        assertEquals(0.9, m.kvUtilization(), 1e-9);            // 900 / 1000
        assertEquals(0.5, m.prefixHitRate(), 1e-9);            // 200 / 400
        assertEquals(2, m.preemptions());
    }

    @Test
    void profileIsTheRunsPhaseTimesAsSharesOfTheStepTime() throws Exception {
        BenchMetrics m = sample();
        assertEquals(800_000_000L, m.phaseNanos()[StepPhases.Phase.PROJECTIONS.ordinal()]);   // 40% of the 2 s of steps
        assertEquals(0.3, m.phaseShares().get(StepPhases.Phase.ATTENTION.label), 1e-9);
        assertEquals(1.0, m.phaseShares().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
        ObjectNode o = BenchReport.json(m);
        BenchReport.addProfile(o, m);
        assertEquals(0.4, o.get("profile").get(StepPhases.Phase.PROJECTIONS.label).asDouble(), 1e-9);
        Map<String, BenchMetrics> runs = new LinkedHashMap<>();
        runs.put("paged", m);
        String[] lines = BenchReport.profileTable(runs).split("\n");
        assertEquals(1 + StepPhases.Phase.values().length, lines.length);
        assertTrue(lines[3].startsWith("attention") && lines[3].contains("600") && lines[3].contains("30.0%"), lines[3]);
    }

    @Test
    void idleIntervalGivesZerosNotNaN() {
        EngineStats s = stats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        BenchMetrics m = BenchMetrics.of(s, s, 0, 0, 0, 0);
        assertEquals(0, m.meanRunning());
        assertEquals(0, m.kvUtilization());
        assertEquals(0, m.promptTokensPerS());
        assertEquals(0, m.requestsPerS());
    }

    @Test
    void jsonHasExactlyTheDocumentedKeys() throws Exception {
        JsonNode o = new ObjectMapper().readTree(BenchReport.json(sample()).toString());
        assertEquals(KEYS, iterable(o));
        assertEquals(50.0, o.get("output_tokens_per_s").asDouble());
        assertEquals(12, o.get("peak_running").asInt());
    }

    @Test
    void compareJsonHasTheFourRunsAndRatios() throws Exception {
        BenchMetrics paged = sample();
        long[] phases = new long[StepPhases.Phase.values().length];
        BenchMetrics half = new BenchMetrics(8, 500, 200, 8, 25, 600, 87.5, 1, 3, 2, 0.5, 0, 0, 500, 30, phases);
        BenchMetrics idle = new BenchMetrics(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, phases);
        var cmp = BenchReport.compareJson(paged, half, half, idle);
        JsonNode o = new ObjectMapper().readTree(cmp.toString());
        assertEquals(List.of("paged", "static", "static_oracle", "no_prefix_cache", "ratios"), iterable(o));
        for (String run : List.of("paged", "static", "static_oracle", "no_prefix_cache")) assertEquals(KEYS, iterable(o.get(run)));
        JsonNode r = o.get("ratios").get("paged_vs_static");
        assertEquals(2.0, r.get("output_tokens_per_s").asDouble());
        assertEquals(2.0, r.get("requests_per_s").asDouble());
        assertEquals(4.0, r.get("peak_running").asDouble());
        assertEquals(4.0, r.get("mean_running").asDouble());
        assertTrue(o.get("ratios").get("prefix_cache_on_vs_off").get("requests_per_s").isNull());
        assertTrue(BenchReport.ratiosText(cmp).contains("paged_vs_static          output_tokens_per_s 2.00x"));
        assertTrue(BenchReport.ratiosText(cmp).contains("requests_per_s n/a"));
    }

    @Test
    void tableHasARowPerRun() {
        Map<String, BenchMetrics> runs = new LinkedHashMap<>();
        runs.put("paged", sample());
        runs.put("static", sample());
        String[] lines = BenchReport.table(runs).split("\n");
        assertEquals(3, lines.length);
        assertTrue(lines[1].startsWith("paged"));
        assertTrue(lines[1].contains("90.0%"), lines[1]);
    }

    private static List<String> iterable(JsonNode o) {
        List<String> keys = new java.util.ArrayList<>();
        o.fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
