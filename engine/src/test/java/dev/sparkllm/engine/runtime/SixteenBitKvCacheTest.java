package dev.sparkllm.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkllm.engine.kv.KvCacheDtype;
import dev.sparkllm.engine.model.Model;
import dev.sparkllm.engine.model.ModelLoader;
import dev.sparkllm.engine.sample.SamplingParams;
import dev.sparkllm.engine.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * F16 and BF16 KV caches: twice the blocks in the same memory, and close to the float reference ({@code
 * LlmEngineTest.batchInvariance} runs every KV type through its batching, chunking and preemption cases).
 */
class SixteenBitKvCacheTest {
    private static final Model LLAMA = ModelLoader.load(Fixtures.model("fx-llama-spm/hf-f32"));
    private static final EngineConfig SMALL = EngineConfig.DEFAULTS.withKvCacheMemory(8L << 20).withThreads(2);

    private static List<GenerationRequest> requests(SamplingParams p) {
        List<GenerationRequest> reqs = new ArrayList<>();
        for (JsonNode r : Fixtures.expected("fx-llama-spm")) {
            reqs.add(new GenerationRequest(Prompt.tokens(Fixtures.ints(r.get("input_ids"))), p));
        }
        return reqs;
    }

    @Test
    void sameMemoryHoldsTwiceTheBlocks() {
        int f32;
        try (LlmEngine e = LlmEngine.create(LLAMA, SMALL)) {
            f32 = e.stats().blocksTotal();
        }
        for (KvCacheDtype dtype : List.of(KvCacheDtype.F16, KvCacheDtype.BF16)) {
            try (LlmEngine e = LlmEngine.create(LLAMA, SMALL.withKvCacheDtype(dtype))) {
                int half = e.stats().blocksTotal();
                assertTrue(half == 2 * f32 || half == 2 * f32 + 1, dtype + ": " + half + " blocks vs " + f32 + " for F32");
            }
        }
    }

    /**
     * Rounding the cached keys and values moves the logits a little, so greedy decoding follows the float64 reference
     * wherever the reference's top two logits are at least 0.3 apart (BF16 keeps 8 significant bits: its rounding moved a
     * 0.054 margin); where they nearly tie, any cache type may go either way.
     */
    @Test
    void greedyTokensFollowTheReferenceWhereItsMarginIsClear() {
        List<JsonNode> records = Fixtures.expected("fx-llama-spm");
        List<GenerationRequest> reqs = requests(SamplingParams.builder().maxTokens(8).temperature(0).ignoreEos(true).build());
        for (KvCacheDtype dtype : List.of(KvCacheDtype.F16, KvCacheDtype.BF16)) {
            try (LlmEngine e = LlmEngine.create(LLAMA, SMALL.withKvCacheDtype(dtype))) {
                List<GenerationResult> got = e.generate(reqs);
                int checked = 0;
                for (int i = 0; i < records.size(); i++) {
                    JsonNode r = records.get(i);
                    for (int s = 0; s < 8; s++) {
                        if (r.get("greedy_margins").get(s).asDouble() < 0.3) break;
                        assertEquals(r.get("greedy_ids").get(s).asInt(), got.get(i).tokenIds()[s],
                            dtype + " " + r.get("prompt_id").asText() + " step " + s);
                        checked++;
                    }
                }
                assertTrue(checked >= 10, dtype + ": only " + checked + " steps had a clear margin");
            }
        }
    }
}
