package dev.sparkllm.engine.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkllm.engine.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsStoreTest {

    @Test
    void opensBothHfDirectories() {
        try (SafetensorsStore llama = SafetensorsStore.open(Fixtures.llamaHf());
             SafetensorsStore qwen = SafetensorsStore.open(Fixtures.qwenHf())) {
            assertEquals(29, llama.names().size());
            assertEquals(26, qwen.names().size());
            assertFalse(llama.names().contains("lm_head.weight"));
            TensorInfo emb = llama.info("model.embed_tokens.weight");
            assertEquals(GgmlType.F32, emb.type());
            assertArrayEquals(new long[] {4096, 96}, emb.shape());
            Tensor q = qwen.load("model.layers.0.self_attn.q_proj.weight");
            assertInstanceOf(BF16Tensor.class, q);
            assertEquals(64, q.rows());
            Tensor bias = qwen.load("model.layers.0.self_attn.k_proj.bias");
            assertEquals(1, bias.rows());
            assertEquals(32, bias.cols());
        }
    }

    @Test
    void bf16ValuesEqualTheGgufF16Values() {
        try (SafetensorsStore hf = SafetensorsStore.open(Fixtures.qwenHf()); GgufFile g = GgufFile.open(Fixtures.qwenF16Gguf())) {
            for (String n : hf.names()) {
                assertArrayEquals(g.load(Fixtures.ggufName(n)).toFloatArray(), hf.load(n).toFloatArray(), n);
            }
        }
    }

    @Test
    void openingTheFileDirectlyEqualsOpeningTheDirectory() {
        try (SafetensorsStore dir = SafetensorsStore.open(Fixtures.llamaHf());
             SafetensorsStore file = SafetensorsStore.open(Fixtures.llamaHf().resolve("model.safetensors"))) {
            assertEquals(dir.names(), file.names());
        }
    }

    @Test
    void shardedCheckpointLoadsIdentically(@TempDir Path tmp) throws IOException {
        for (Path src : List.of(Fixtures.llamaHf(), Fixtures.qwenHf())) {
            Path dir = Files.createDirectories(tmp.resolve(src.getParent().getFileName().toString()));
            writeShards(src, dir);
            try (SafetensorsStore whole = SafetensorsStore.open(src); SafetensorsStore sharded = SafetensorsStore.open(dir)) {
                assertTrue(sharded.path().endsWith(SafetensorsStore.INDEX));
                assertEquals(whole.names(), sharded.names());
                assertEquals("2", sharded.metadata().get("total_shards"));
                for (String n : whole.names()) {
                    assertArrayEquals(whole.info(n).shape(), sharded.info(n).shape(), n);
                    assertArrayEquals(whole.load(n).toFloatArray(), sharded.load(n).toFloatArray(), n);
                }
            }
        }
    }

    /** Splits a checkpoint's tensors alternately into two shards and writes the index. */
    static void writeShards(Path src, Path dir) throws IOException {
        Map<String, String> weightMap = new LinkedHashMap<>();
        try (SafetensorsStore whole = SafetensorsStore.open(src)) {
            List<SafetensorsTestWriter> shards = List.of(new SafetensorsTestWriter(), new SafetensorsTestWriter());
            int i = 0;
            for (String n : new ArrayList<>(whole.names())) {
                TensorInfo t = whole.info(n);
                String shard = "model-0000" + (i % 2 + 1) + "-of-00002.safetensors";
                shards.get(i % 2).tensor(n, t.type().name(), t.shape(), SafetensorsTestWriter.rawBytes(t));
                weightMap.put(n, shard);
                i++;
            }
            shards.get(0).write(dir.resolve("model-00001-of-00002.safetensors"));
            shards.get(1).write(dir.resolve("model-00002-of-00002.safetensors"));
        }
        Map<String, Object> index = Map.of("metadata", Map.of("total_shards", "2"), "weight_map", weightMap);
        new ObjectMapper().writeValue(dir.resolve(SafetensorsStore.INDEX).toFile(), index);
    }

    @Test
    void shardErrorsNameTheProblem(@TempDir Path tmp) throws IOException {
        writeShards(Fixtures.qwenHf(), tmp);
        Path index = tmp.resolve(SafetensorsStore.INDEX);
        String json = Files.readString(index);
        Files.writeString(index, json.replace("model-00002-of-00002", "model-00003-of-00002"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> SafetensorsStore.open(tmp));
        assertTrue(e.getMessage().contains("missing shard file model-00003-of-00002"), e.getMessage());

        Files.writeString(index, json.replaceFirst("\"model-00002-of-00002.safetensors\"", "\"model-00001-of-00002.safetensors\""));
        e = assertThrows(ModelFormatException.class, () -> SafetensorsStore.open(tmp));
        assertTrue(e.getMessage().contains("does not contain it"), e.getMessage());
        assertTrue(e.getMessage().contains(SafetensorsStore.INDEX), e.getMessage());

        Files.writeString(index, json.replaceFirst("\"model-00002-of-00002.safetensors\"", "\"../outside.safetensors\""));
        e = assertThrows(ModelFormatException.class, () -> SafetensorsStore.open(tmp));
        assertTrue(e.getMessage().contains("outside the directory"), e.getMessage());
    }
}
