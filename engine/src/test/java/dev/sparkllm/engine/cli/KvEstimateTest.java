package dev.sparkllm.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkllm.engine.kv.KvCacheConfig;
import dev.sparkllm.engine.kv.KvCacheDtype;
import dev.sparkllm.engine.model.Model;
import dev.sparkllm.engine.model.ModelLoader;
import dev.sparkllm.engine.runtime.GenerationRequest;
import dev.sparkllm.engine.runtime.GenerationResult;
import dev.sparkllm.engine.runtime.Prompt;
import dev.sparkllm.engine.sample.SamplingParams;
import dev.sparkllm.engine.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KvEstimateTest {

    @Test
    void boundsEveryFixturePromptAndItsOutput() {
        for (String path : List.of("fx-llama-spm/hf-f32", "fx-qwen2-bpe/hf-bf16")) {
            Model m = ModelLoader.load(Fixtures.model(path));
            long perBlock = KvCacheConfig.bytesPerBlock(16, m.config().numLayers(), m.config().kvDim(), KvCacheDtype.F32);
            for (JsonNode rec : Fixtures.expected(path.startsWith("fx-llama") ? "fx-llama-spm" : "fx-qwen2-bpe")) {
                String text = rec.get("text").asText();
                int actual = m.tokenizer().encode(text, true).length + 10;
                List<Object> one = List.of(new GenerationRequest(Prompt.text(text),
                    SamplingParams.builder().maxTokens(10).build()));
                long blocks = KvEstimate.bytesFor(m, one, 16, KvCacheDtype.F32) / perBlock;
                assertTrue(blocks * 16 >= actual, path + " " + rec.get("prompt_id") + ": " + blocks + " blocks for " + actual);
            }
        }
    }

    @Test
    void sumsRequestsCountsSamplesAndSkipsErrors() {
        Model m = ModelLoader.load(Fixtures.model("fx-llama-spm/hf-f32"));
        long perBlock = KvCacheConfig.bytesPerBlock(16, m.config().numLayers(), m.config().kvDim(), KvCacheDtype.F32);
        List<Object> requests = new ArrayList<>();
        requests.add(new GenerationRequest(Prompt.tokens(new int[40]), SamplingParams.builder().maxTokens(8).n(2).build()));
        requests.add(GenerationResult.error(null, "bad line"));
        // 40 prompt tokens + 2 samples x (8 + a block of slack) = 88 tokens -> 6 blocks.
        assertEquals(6 * perBlock, KvEstimate.bytesFor(m, requests, 16, KvCacheDtype.F32));
        assertEquals(3 * perBlock, KvEstimate.bytesFor(m, requests, 16, KvCacheDtype.F16), "16-bit values: half the bytes");
    }
}
