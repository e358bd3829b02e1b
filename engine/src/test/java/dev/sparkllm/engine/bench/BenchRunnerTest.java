package dev.sparkllm.engine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkllm.engine.cli.SparkLlmCli;
import dev.sparkllm.engine.kv.KvAllocation;
import dev.sparkllm.engine.model.Model;
import dev.sparkllm.engine.model.StepPhases;
import dev.sparkllm.engine.runtime.EngineConfig;
import dev.sparkllm.engine.testing.Fixtures;
import dev.sparkllm.engine.weights.GgmlType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runner end to end on a tiny shape, and the command line on a fixture model. */
class BenchRunnerTest {
    private static final Model TINY = ModelShapes.build("tiny", ModelShapesTest.TINY, GgmlType.F32, 1);
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());
    /** 2 layers x (K + V) x 32 floats: 512 bytes per token. */
    private static final int KV_BYTES_PER_TOKEN = 2 * 2 * ModelShapesTest.TINY.kvDim() * 4;

    @Test
    void pagedRunCompletesEveryRequestAndCountsTokens() {
        Workload w = Workloads.fixed(6, 20, 12, TINY.config().vocabSize(), 3);
        BenchMetrics m = new BenchRunner(TINY, 0, 0, QUIET).run(w, EngineConfig.DEFAULTS.withThreads(1), BenchRunner.Reservation.NONE);
        assertEquals(6, m.requests());
        assertEquals(72, m.outputTokens());
        assertEquals(120, m.promptTokens());
        assertTrue(m.outputTokensPerS() > 0 && m.requestsPerS() > 0 && m.promptTokensPerS() > 0);
        assertTrue(m.peakRunning() >= 1 && m.peakRunning() <= 6);
        assertTrue(m.kvUtilization() > 0 && m.kvUtilization() <= 1, "utilization " + m.kvUtilization());
    }

    @Test
    void staticReservationRunsFewerRequestsAtOnceThanPagedAtTheSameBudget() {
        // Prompt 16 + true output 16, but a max_tokens cap of 112: static reserves 128 tokens per request, paged 32.
        Workload w = Workloads.fixed(8, 16, 16, TINY.config().vocabSize(), 4).withMaxTokensCap(112);
        EngineConfig cfg = EngineConfig.DEFAULTS.withThreads(1).withKvCacheMemory(300L * KV_BYTES_PER_TOKEN).withBlockSize(16);
        Map<String, BenchMetrics> runs = new BenchRunner(TINY, 0, 0, QUIET).compare(w, cfg);
        BenchMetrics paged = runs.get(BenchReport.PAGED);
        BenchMetrics statik = runs.get(BenchReport.STATIC);
        BenchMetrics oracle = runs.get(BenchReport.STATIC_ORACLE);
        assertTrue(statik.peakRunning() <= 2, "static peak " + statik.peakRunning());
        assertTrue(paged.peakRunning() > statik.peakRunning(), paged.peakRunning() + " vs " + statik.peakRunning());
        assertTrue(oracle.peakRunning() > statik.peakRunning(), oracle.peakRunning() + " vs " + statik.peakRunning());
        for (BenchMetrics m : runs.values()) assertEquals(128, m.outputTokens());
    }

    @Test
    void sharedPrefixHitsTheCacheOnlyWithPrefixCaching() {
        Workload w = Workloads.sharedPrefix(1, 4, 64, 8, 4, 4, TINY.config().vocabSize(), 5);
        BenchRunner runner = new BenchRunner(TINY, 0, 0, QUIET);
        // A prefix's blocks are shared once computed, so prompts admitted in the step that first computes it cannot hit:
        // a budget of one prompt per step lets the later prompts find the first one's prefix.
        EngineConfig cfg = EngineConfig.DEFAULTS.withThreads(1).withBlockSize(16).withMaxNumBatchedTokens(72);
        BenchMetrics on = runner.run(w, cfg.withPrefixCaching(true), BenchRunner.Reservation.NONE);
        BenchMetrics off = runner.run(w, cfg.withPrefixCaching(false), BenchRunner.Reservation.NONE);
        assertTrue(on.prefixHitRate() > 0.3, "hit rate " + on.prefixHitRate());
        assertEquals(0, off.prefixHitRate());
    }

    @Test
    void warmUpRunsStepsOfOneToFourSequencesWithinTheContext() {
        for (int context : new int[] {4096, 64, 40, 8}) {
            Workload w = BenchRunner.warmUpWorkload(context, 100, 1);
            int part = w.requests().get(0).outputTokens();
            assertEquals(4, w.requests().size());
            for (int i = 0; i < 4; i++) assertEquals(new int[] {1, 2, 3, 6}[i] * part, w.requests().get(i).outputTokens());
            assertTrue(w.longestSequence() <= context, "context " + context + ": " + w.longestSequence());
        }
        assertEquals(8, BenchRunner.warmUpWorkload(4096, 100, 1).requests().get(0).outputTokens());
        new BenchRunner(TINY, 0, 0, QUIET).warmUp(EngineConfig.DEFAULTS.withThreads(1));
    }

    @Test
    void reservationMustMatchTheAllocationMode() {
        Workload w = Workloads.fixed(1, 4, 4, TINY.config().vocabSize(), 0);
        BenchRunner runner = new BenchRunner(TINY, 0, 0, QUIET);
        assertThrows(IllegalArgumentException.class,
            () -> runner.run(w, EngineConfig.DEFAULTS, BenchRunner.Reservation.MAX_TOKENS_CAP));
        assertThrows(IllegalArgumentException.class,
            () -> runner.run(w, EngineConfig.DEFAULTS.withKvAllocation(KvAllocation.STATIC), BenchRunner.Reservation.NONE));
        assertEquals(4 + 100, BenchRunner.reservedTokens(w.withMaxTokensCap(100), w.requests().get(0),
            BenchRunner.Reservation.MAX_TOKENS_CAP, 4096));
        assertEquals(8, BenchRunner.reservedTokens(w, w.requests().get(0), BenchRunner.Reservation.TRUE_LENGTH, 4096));
        assertEquals(50, BenchRunner.reservedTokens(w.withMaxTokensCap(100), w.requests().get(0),
            BenchRunner.Reservation.MAX_TOKENS_CAP, 50));
    }

    @Test
    void commandLineEndsWithOneJsonLine() throws Exception {
        String[] lines = benchOutput("--num-prompts", "3", "--input-len", "8", "--output-len", "4", "--threads", "1",
            "--kv-cache-memory", "1m", "--json").trim().split("\n");
        assertTrue(lines[0].contains("mean input 8.0 tokens, mean output 4.0 tokens"), lines[0]);
        JsonNode o = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertEquals(12, o.size(), "the issue's nine keys plus prompt_tokens, prompt_tokens_computed and decode_tokens_per_s: " + o);
        assertEquals(24, o.get("prompt_tokens").asInt());
        assertEquals(24, o.get("prompt_tokens_computed").asInt(), "random prompts: nothing to reuse");
        assertTrue(o.get("output_tokens_per_s").asDouble() > 0);
        assertEquals(0, o.get("preemptions").asInt());
    }

    @Test
    void profileReportsTheShareOfEachPartOfAStep() throws Exception {
        String text = benchOutput("--num-prompts", "4", "--input-len", "64", "--output-len", "64", "--threads", "2",
            "--kv-cache-memory", "4m", "--profile", "--json");
        assertTrue(text.contains("step time (wall clock)") && text.contains("matmul: layer projections"), text);
        String[] lines = text.trim().split("\n");
        JsonNode p = new ObjectMapper().readTree(lines[lines.length - 1]).get("profile");
        assertEquals(StepPhases.Phase.values().length, p.size(), "every phase of a step: " + p);
        double sum = 0;
        for (JsonNode share : p) sum += share.asDouble();
        assertEquals(1, sum, 0.01, "shares add up to 1: " + p);
        // No warm-up here: how the shares fall depends on which kernels the JIT has compiled yet, so only their presence.
        assertTrue(p.get(StepPhases.Phase.PROJECTIONS.label).asDouble() > 0 && p.get(StepPhases.Phase.ATTENTION.label).asDouble() > 0,
            "projections and attention both take time: " + p);
    }

    /** Standard output of {@code sparkllm bench} on the Q8_0 fixture with a fixed workload, no warm-up, and {@code args}. */
    private static String benchOutput(String... args) {
        String[] all = new String[args.length + 6];
        System.arraycopy(new String[] {"bench", "--model", Fixtures.llamaQ8Gguf().toString(), "--workload", "fixed",
            "--no-warmup"}, 0, all, 0, 6);
        System.arraycopy(args, 0, all, 6, args.length);
        PrintStream stdout = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc;
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            rc = SparkLlmCli.run(all);
        } finally {
            System.setOut(stdout);
        }
        assertEquals(0, rc);
        return buf.toString(StandardCharsets.UTF_8);
    }
}
