package dev.sparkllm.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkllm.engine.backend.ScalarBackend;
import dev.sparkllm.engine.kv.ContiguousKvCache;
import dev.sparkllm.engine.testing.Fixtures;
import dev.sparkllm.engine.weights.GgufFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardSmokeTest {
    @Test
    void ggufF32Greedy() {
        Path p = Fixtures.model("fx-llama-spm/fx-llama-spm-f32.gguf");
        GgufFile f = GgufFile.open(p);
        ModelConfig cfg = GgufConfigReader.read(p, f.metadata());
        LlamaWeights w = WeightLoader.load(f, cfg, TensorNaming.GGUF, true, null);
        LlamaForward fwd = new LlamaForward(cfg, w, new ScalarBackend());
        for (JsonNode rec : Fixtures.expected("fx-llama-spm").subList(0, 3)) {
            int[] ids = Fixtures.ints(rec.get("input_ids"));
            ContiguousKvCache cache = new ContiguousKvCache(cfg.numLayers(), cfg.kvDim());
            cache.ensureCapacity(ids.length + 32);
            float[] logits = fwd.forward(List.of(new SequenceChunk(cache, 0, ids, false)));
            JsonNode top = rec.get("top5").get(0);
            System.out.println(rec.get("prompt_id") + " top " + top.get("ids").get(0) + " " + top.get("logits").get(0)
                + " ours " + logits[top.get("ids").get(0).asInt()]);
            assertEquals(top.get("logits").get(0).asDouble(), logits[top.get("ids").get(0).asInt()], 1e-3);
        }
    }
}
