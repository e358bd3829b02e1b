package dev.sparkllm.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkllm.engine.backend.ScalarBackend;
import dev.sparkllm.engine.kv.ContiguousKvCache;
import dev.sparkllm.engine.testing.Fixtures;
import dev.sparkllm.engine.weights.GgufTestWriter;
import dev.sparkllm.engine.weights.ModelFormatException;
import dev.sparkllm.engine.weights.SafetensorsStore;
import dev.sparkllm.engine.weights.SafetensorsTestWriter;
import dev.sparkllm.engine.weights.TensorInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An HF checkpoint with its own lm_head.weight uses it; one that declares untied embeddings but lacks it fails. */
class UntiedEmbeddingsTest {
    @TempDir Path dir;

    @Test
    void separateLmHeadIsUsed() throws IOException {
        Path src = Fixtures.model("fx-llama-spm/hf-f32");
        Path untied = copyWithLmHead(src, true);
        Model tied = ModelLoader.load(src);
        Model own = ModelLoader.load(untied);
        assertNotSame(own.weights().tokenEmbedding(), own.weights().output());
        int[] prompt = {1, 420, 1004, 1019, 288};
        float[] a = logits(tied, prompt);
        float[] b = logits(own, prompt);
        // lm_head = 2 × embedding, and doubling is exact in binary floating point.
        for (int i = 0; i < a.length; i++) assertEquals(2 * a[i], b[i], 0f, "logit " + i);
    }

    @Test
    void declaredUntiedWithoutLmHeadFails() throws IOException {
        Path broken = copyWithLmHead(Fixtures.model("fx-llama-spm/hf-f32"), false);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelLoader.load(broken));
        assertTrue(e.getMessage().contains("missing tensor lm_head.weight"), e.getMessage());
    }

    private Path copyWithLmHead(Path src, boolean writeLmHead) throws IOException {
        Path out = Files.createDirectories(dir.resolve(writeLmHead ? "untied" : "broken"));
        for (String f : List.of("tokenizer.json", "tokenizer_config.json", "generation_config.json")) {
            Files.copy(src.resolve(f), out.resolve(f));
        }
        Files.writeString(out.resolve("config.json"),
            Files.readString(src.resolve("config.json")).replace("\"tie_word_embeddings\": true", "\"tie_word_embeddings\": false"));
        SafetensorsTestWriter w = new SafetensorsTestWriter();
        try (SafetensorsStore store = SafetensorsStore.open(src)) {
            for (String name : store.names()) {
                TensorInfo info = store.info(name);
                w.tensor(name, "F32", info.shape(), SafetensorsTestWriter.rawBytes(info));
            }
            if (writeLmHead) {
                float[] emb = store.load("model.embed_tokens.weight").toFloatArray();
                for (int i = 0; i < emb.length; i++) emb[i] *= 2;
                w.tensor("lm_head.weight", "F32", store.info("model.embed_tokens.weight").shape(), GgufTestWriter.f32Bytes(emb));
            }
        }
        w.write(out.resolve("model.safetensors"));
        return out;
    }

    private static float[] logits(Model m, int[] prompt) {
        ContiguousKvCache c = new ContiguousKvCache(m.config().numLayers(), m.config().kvDim());
        c.ensureCapacity(prompt.length);
        return new LlamaForward(m.config(), m.weights(), new ScalarBackend()).forward(List.of(new SequenceChunk(c, 0, prompt, false)));
    }
}
