package dev.sparkllm.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkllm.engine.backend.Backends;
import dev.sparkllm.engine.kv.KvAllocation;
import dev.sparkllm.engine.kv.KvCacheDtype;
import dev.sparkllm.engine.model.LlamaForward;
import dev.sparkllm.engine.model.Model;
import dev.sparkllm.engine.model.ModelLoader;
import dev.sparkllm.engine.sample.SamplingParams;
import dev.sparkllm.engine.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The paged engine on the fixture models: same tokens as the contiguous reference path, whatever the batch. */
class LlmEngineTest {
    private static final Model LLAMA = ModelLoader.load(Fixtures.model("fx-llama-spm/hf-f32"));
    private static final EngineConfig SMALL = EngineConfig.DEFAULTS.withKvCacheMemory(8L << 20).withThreads(2);

    private static SamplingParams greedy(int n) {
        return SamplingParams.builder().maxTokens(n).temperature(0).ignoreEos(true).build();
    }

    private static SamplingParams seeded(int n, long seed) {
        return SamplingParams.builder().maxTokens(n).temperature(0.9).topP(0.95).seed(seed).ignoreEos(true).build();
    }

    private static List<GenerationRequest> fixtureRequests(String expected, SamplingParams p) {
        List<GenerationRequest> out = new ArrayList<>();
        for (JsonNode r : Fixtures.expected(expected)) out.add(new GenerationRequest(Prompt.tokens(Fixtures.ints(r.get("input_ids"))), p));
        return out;
    }

    @Test
    void pagedEqualsTheContiguousPathOnEveryFixture() {
        for (Fixtures.Variant v : Fixtures.variants()) {
            Model m = ModelLoader.load(Fixtures.model(v.path()));
            List<GenerationRequest> reqs = fixtureRequests(v.expected(), greedy(32));
            List<GenerationResult> paged;
            try (LlmEngine e = LlmEngine.create(m, SMALL)) {
                paged = e.generate(reqs);
                assertEquals(0, e.stats().blocksUsed(), "no blocks held when idle");
            }
            try (var backend = Backends.cpu(2)) {
                ContiguousGenerator ref = new ContiguousGenerator(new LlamaForward(m.config(), m.weights(), backend), m.tokenizer(), m.eosIds());
                for (int i = 0; i < reqs.size(); i++) {
                    GenerationResult c = ref.generate(reqs.get(i).prompt().tokenIds(), greedy(32));
                    assertArrayEquals(c.tokenIds(), paged.get(i).tokenIds(), v + " prompt " + i);
                    assertEquals(c.text(), paged.get(i).text());
                }
            }
        }
    }

    /** The same seeded requests under very different batching must give bit-identical tokens, with every KV type. */
    @ParameterizedTest
    @EnumSource(KvCacheDtype.class)
    void batchInvariance(KvCacheDtype dtype) {
        EngineConfig small = SMALL.withKvCacheDtype(dtype);
        List<GenerationRequest> reqs = new ArrayList<>();
        List<JsonNode> records = Fixtures.expected("fx-llama-spm");
        for (int i = 0; i < records.size(); i++) {
            reqs.add(new GenerationRequest(Prompt.tokens(Fixtures.ints(records.get(i).get("input_ids"))), seeded(24, 1000 + i)));
        }
        List<GenerationResult> alone = new ArrayList<>();
        try (LlmEngine e = LlmEngine.create(LLAMA, small)) {
            for (GenerationRequest r : reqs) alone.add(e.generate(List.of(r)).get(0));
        }
        List<EngineConfig> configs = List.of(
            small,                                                        // all at once
            small.withMaxNumBatchedTokens(7),                             // tiny chunks
            small.withBlockSize(4).withKvCacheMemory(96L * 4 * 3 * 32 * 2 * dtype.bytes), // 96 blocks: preemption
            small.withPrefixCaching(false),
            small.withKvAllocation(KvAllocation.STATIC).withBlockSize(8),
            small.withMaxNumSeqs(3));
        for (EngineConfig c : configs) {
            try (LlmEngine e = LlmEngine.create(LLAMA, c)) {
                List<GenerationResult> got = e.generate(reqs);
                for (int i = 0; i < reqs.size(); i++) {
                    assertArrayEquals(alone.get(i).tokenIds(), got.get(i).tokenIds(), c + ": request " + i);
                }
                if (c.kvCacheMemory() < 1 << 20) assertTrue(e.stats().preemptions() > 0, "the tiny cache preempts");
                assertEquals(0, e.stats().blocksUsed());
            }
        }
    }

    /**
     * Every fixture's weight type (F32, Q8_0, F16, BF16) through its kernels: a request computed alone (1-token decode
     * steps, the in-register path) and in a full batch or tiny chunks (the decoded-panel path) gives the same tokens.
     */
    @Test
    void batchInvarianceOnEveryWeightType() {
        for (Fixtures.Variant v : Fixtures.variants()) {
            Model m = ModelLoader.load(Fixtures.model(v.path()));
            List<GenerationRequest> reqs = new ArrayList<>();
            List<JsonNode> records = Fixtures.expected(v.expected());
            for (int i = 0; i < records.size(); i++) {
                reqs.add(new GenerationRequest(Prompt.tokens(Fixtures.ints(records.get(i).get("input_ids"))), seeded(16, 2000 + i)));
            }
            List<GenerationResult> alone = new ArrayList<>();
            try (LlmEngine e = LlmEngine.create(m, SMALL)) {
                for (GenerationRequest r : reqs) alone.add(e.generate(List.of(r)).get(0));
            }
            for (EngineConfig c : List.of(SMALL, SMALL.withMaxNumBatchedTokens(7))) {
                try (LlmEngine e = LlmEngine.create(m, c)) {
                    List<GenerationResult> got = e.generate(reqs);
                    for (int i = 0; i < reqs.size(); i++) {
                        assertArrayEquals(alone.get(i).tokenIds(), got.get(i).tokenIds(), v + ", " + c + ": request " + i);
                    }
                }
            }
        }
    }

    @Test
    void prefixCacheReusesSharedPromptBlocks() {
        List<JsonNode> prefixPrompts = new ArrayList<>();
        for (JsonNode r : Fixtures.expected("fx-llama-spm")) {
            if (r.get("prompt_id").asText().startsWith("prefix-")) prefixPrompts.add(r);
        }
        assertEquals(4, prefixPrompts.size());
        try (LlmEngine e = LlmEngine.create(LLAMA, SMALL)) {
            GenerationResult a = e.generate(List.of(new GenerationRequest(
                Prompt.tokens(Fixtures.ints(prefixPrompts.get(0).get("input_ids"))), greedy(32)))).get(0);
            assertEquals(0, a.cachedPromptTokens());
            for (JsonNode r : prefixPrompts.subList(1, 4)) {
                GenerationResult b = e.generate(List.of(new GenerationRequest(Prompt.tokens(Fixtures.ints(r.get("input_ids"))), greedy(32)))).get(0);
                int shared = r.get("common_prefix_len_with_first_prefix_prompt").asInt();
                assertEquals(shared / 16 * 16, b.cachedPromptTokens(), "full 16-token blocks of the shared prefix are reused");
                int agree = 0;
                for (JsonNode m : r.get("greedy_margins")) { if (m.asDouble() < 2e-3) break; agree++; }
                for (int s = 0; s < agree; s++) assertEquals(r.get("greedy_ids").get(s).asInt(), b.tokenIds()[s]);
            }
            assertTrue(e.stats().prefixHitTokens() >= 3 * 144);
        }
    }

    @Test
    void parallelSamplesShareThePromptAndMatchSingleSamples() {
        int[] prompt = Fixtures.ints(Fixtures.expected("fx-llama-spm").get(4).get("input_ids"));
        SamplingParams p = seeded(20, 77).toBuilder().n(3).build();
        try (LlmEngine e = LlmEngine.create(LLAMA, SMALL)) {
            GenerationResult r = e.generate(List.of(new GenerationRequest(Prompt.tokens(prompt), p))).get(0);
            assertEquals(3, r.completions().size());
            assertEquals(prompt.length, e.stats().promptTokensComputed(), "the prompt is computed once for all samples");
            GenerationResult single = e.generate(List.of(new GenerationRequest(Prompt.tokens(prompt), seeded(20, 77)))).get(0);
            assertArrayEquals(single.tokenIds(), r.completions().get(0).tokenIds(), "sample 0 draws like the n=1 request");
            assertFalse(java.util.Arrays.equals(r.completions().get(1).tokenIds(), r.completions().get(2).tokenIds()));
            assertEquals(0, e.stats().blocksUsed());
        }
    }

    @Test
    void cancellationFreesBlocks() throws Exception {
        try (LlmEngine e = LlmEngine.create(LLAMA, SMALL)) {
            CompletableFuture<GenerationResult> f = e.submit(new GenerationRequest(Prompt.tokens(1, 420, 1004), greedy(3000)));
            while (e.stats().outputTokens() < 5) Thread.sleep(5);
            assertTrue(e.cancel(f));
            assertThrows(CancellationException.class, f::join);
            long deadline = System.currentTimeMillis() + 5000;
            while ((e.stats().blocksUsed() != 0 || e.stats().running() != 0) && System.currentTimeMillis() < deadline) Thread.sleep(5);
            assertEquals(0, e.stats().blocksUsed());
            assertEquals(0, e.stats().running());
            GenerationResult after = e.generate(List.of(new GenerationRequest(Prompt.tokens(1, 420), greedy(4)))).get(0);
            assertEquals(4, after.tokenIds().length, "the engine goes on serving");
        }
    }

    @Test
    void concurrentSubmittersGetTheirOwnResults() throws Exception {
        List<JsonNode> records = Fixtures.expected("fx-llama-spm");
        try (LlmEngine e = LlmEngine.create(LLAMA, SMALL)) {
            List<GenerationResult> expected = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                expected.add(e.generate(List.of(new GenerationRequest(Prompt.tokens(Fixtures.ints(records.get(i).get("input_ids"))), seeded(12, i)))).get(0));
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<List<GenerationResult>>> jobs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                jobs.add(pool.submit(() -> {
                    List<GenerationResult> mine = new ArrayList<>();
                    for (int i = 0; i < 16; i++) {
                        mine.add(e.submit(new GenerationRequest(Prompt.tokens(Fixtures.ints(records.get(i).get("input_ids"))), seeded(12, i))).join());
                    }
                    return mine;
                }));
            }
            for (Future<List<GenerationResult>> j : jobs) {
                List<GenerationResult> mine = j.get();
                for (int i = 0; i < 16; i++) assertArrayEquals(expected.get(i).tokenIds(), mine.get(i).tokenIds());
            }
            pool.shutdown();
            assertTrue(e.stats().peakRunning() > 1, "requests from different threads shared steps");
        }
    }

    @Test
    void perRequestErrorsAreResultsNotExceptions() {
        try (LlmEngine e = LlmEngine.create(LLAMA, SMALL.withKvCacheMemory(4L * 16 * 3 * 32 * 2 * 4))) {
            List<GenerationResult> r = e.generate(List.of(
                new GenerationRequest(Prompt.tokens(new int[100]), greedy(4)),
                new GenerationRequest(Prompt.tokens(1, 99999), greedy(4)),
                new GenerationRequest(Prompt.chat(List.of(new dev.sparkllm.engine.tokenizer.ChatMessage("user", "hi"))), greedy(4)),
                new GenerationRequest(Prompt.tokens(1, 420), greedy(4)),
                new GenerationRequest(Prompt.tokens(new int[5000]), greedy(4))));
            assertTrue(r.get(0).error().contains("KV cache is too small"), r.get(0).error());
            assertTrue(r.get(1).error().contains("99999"));
            assertTrue(r.get(2).error().contains("chat template"));
            assertNull(r.get(3).error());
            assertEquals(4, r.get(3).tokenIds().length);
            assertTrue(r.get(4).error().contains("context"));
            assertEquals(FinishReason.ERROR, r.get(0).finishReason());
        }
    }

    @Test
    void aKvCacheLargerThanTheHeapIsAClearErrorNotAnOutOfMemoryError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> LlmEngine.create(LLAMA, SMALL.withKvCacheMemory(Runtime.getRuntime().maxMemory() * 4)));
        assertTrue(e.getMessage().contains("does not fit in the heap") && e.getMessage().contains("-Xmx"), e.getMessage());
        try (LlmEngine ok = LlmEngine.create(LLAMA, SMALL)) {
            assertEquals(4, ok.generate(List.of(new GenerationRequest(Prompt.tokens(1, 420), greedy(4)))).get(0).tokenIds().length);
        }
    }

    @Test
    void staticReservationWastesWhatPagingKeeps() {
        List<GenerationRequest> reqs = fixtureRequests("fx-llama-spm", greedy(24));
        double paged;
        double reserved;
        try (LlmEngine e = LlmEngine.create(LLAMA, SMALL)) {
            e.generate(reqs);
            paged = e.stats().kvUtilization();
        }
        try (LlmEngine e = LlmEngine.create(LLAMA, SMALL.withKvAllocation(KvAllocation.STATIC))) {
            List<CompletableFuture<GenerationResult>> futures = new ArrayList<>();
            for (GenerationRequest r : reqs) futures.add(e.submit(r, r.prompt().tokenIds().length + 1000));
            futures.forEach(CompletableFuture::join);
            reserved = e.stats().kvUtilization();
        }
        assertTrue(paged > 0.8, "paged utilization " + paged);
        assertTrue(reserved < 0.5 * paged, "static utilization " + reserved + " vs paged " + paged);
    }
}
