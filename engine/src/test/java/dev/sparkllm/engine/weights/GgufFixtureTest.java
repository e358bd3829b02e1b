package dev.sparkllm.engine.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkllm.engine.testing.Fixtures;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GgufFixtureTest {

    private static Map<GgmlType, Integer> typeCounts(GgufFile f) {
        Map<GgmlType, Integer> counts = new EnumMap<>(GgmlType.class);
        for (String n : f.names()) counts.merge(f.info(n).type(), 1, Integer::sum);
        return counts;
    }

    @Test
    void llamaMetadataAndTypes() {
        try (GgufFile f32 = GgufFile.open(Fixtures.llamaF32Gguf()); GgufFile q8 = GgufFile.open(Fixtures.llamaQ8Gguf())) {
            Map<String, Object> md = f32.metadata();
            assertEquals(3, f32.version());
            assertEquals("llama", md.get("general.architecture"));
            assertEquals(96L, md.get("llama.embedding_length"));
            assertEquals(3L, md.get("llama.block_count"));
            assertEquals(12L, md.get("llama.attention.head_count"));
            assertEquals(4L, md.get("llama.attention.head_count_kv"));
            assertEquals(8L, md.get("llama.rope.dimension_count"));
            assertEquals(10000f, md.get("llama.rope.freq_base"));
            assertEquals(0L, md.get("general.file_type"));
            assertEquals(7L, q8.metadata().get("general.file_type"));
            assertEquals("llama", md.get("tokenizer.ggml.model"));
            assertEquals(4096, ((List<?>) md.get("tokenizer.ggml.tokens")).size());
            assertEquals(6L, ((List<?>) md.get("tokenizer.ggml.token_type")).get(3));   // <0x00> is BYTE
            // 1 embedding + 3 blocks x 9 + output_norm; no output.weight (tied embeddings).
            assertEquals(29, f32.names().size());
            assertFalse(f32.names().contains("output.weight"));
            assertEquals(Map.of(GgmlType.F32, 29), typeCounts(f32));
            assertEquals(Map.of(GgmlType.F32, 7, GgmlType.Q8_0, 22), typeCounts(q8));
            TensorInfo q = f32.info("blk.0.attn_q.weight");
            assertArrayEquals(new long[] {96, 96}, q.shape());
            assertArrayEquals(new long[] {32, 96}, f32.info("blk.0.attn_k.weight").shape());
        }
    }

    @Test
    void qwenMetadataAndTypes() {
        try (GgufFile f16 = GgufFile.open(Fixtures.qwenF16Gguf()); GgufFile q8 = GgufFile.open(Fixtures.qwenQ8Gguf())) {
            Map<String, Object> md = f16.metadata();
            assertEquals("qwen2", md.get("general.architecture"));
            assertEquals(64L, md.get("qwen2.embedding_length"));
            assertFalse(md.containsKey("qwen2.rope.dimension_count"));
            assertEquals(9.99999997e-07f, md.get("qwen2.attention.layer_norm_rms_epsilon"));
            assertEquals(false, md.get("tokenizer.ggml.add_bos_token"));
            assertEquals(1L, md.get("general.file_type"));
            assertTrue(((String) md.get("tokenizer.chat_template")).contains("im_start"));
            assertEquals(Map.of(GgmlType.F32, 11, GgmlType.F16, 15), typeCounts(f16));
            assertEquals(Map.of(GgmlType.F32, 11, GgmlType.Q8_0, 15), typeCounts(q8));
            assertArrayEquals(new long[] {8197, 64}, f16.info("token_embd.weight").shape());
            assertInstanceOf(F16Tensor.class, f16.load("blk.0.attn_q.weight"));
            assertInstanceOf(Q8_0Tensor.class, q8.load("blk.0.attn_q.weight"));
        }
    }

    private static void assertSameValues(Tensor expected, Tensor actual) {
        assertEquals(expected.rows(), actual.rows(), actual.name());
        assertEquals(expected.cols(), actual.cols(), actual.name());
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        for (int i = 0; i < e.length; i++) {
            if (Float.floatToIntBits(e[i]) != Float.floatToIntBits(a[i])) {
                throw new AssertionError(actual.name() + "[" + i + "]: expected " + e[i] + " but was " + a[i]);
            }
        }
    }

    @Test
    void llamaQ8DequantizesToTheF32Gguf() {
        try (GgufFile f32 = GgufFile.open(Fixtures.llamaF32Gguf()); GgufFile q8 = GgufFile.open(Fixtures.llamaQ8Gguf())) {
            assertEquals(f32.names(), q8.names());
            for (String n : f32.names()) assertSameValues(f32.load(n), q8.load(n));
        }
    }

    @Test
    void qwenQ8AndF16DequantizeIdentically() {
        try (GgufFile f16 = GgufFile.open(Fixtures.qwenF16Gguf()); GgufFile q8 = GgufFile.open(Fixtures.qwenQ8Gguf())) {
            for (String n : f16.names()) assertSameValues(f16.load(n), q8.load(n));
        }
    }

    @Test
    void llamaGgufMatchesHfAfterUndoingQkPermutation() {
        compareWithHf(Fixtures.llamaHf(), Fixtures.llamaQ8Gguf(), 8);
        compareWithHf(Fixtures.llamaHf(), Fixtures.llamaF32Gguf(), 8);
    }

    @Test
    void qwenGgufMatchesHfWithoutPermutation() {
        compareWithHf(Fixtures.qwenHf(), Fixtures.qwenF16Gguf(), 0);
        compareWithHf(Fixtures.qwenHf(), Fixtures.qwenQ8Gguf(), 0);
    }

    /** {@code headDim} 0 means the GGUF keeps HF's Q/K row order. */
    private static void compareWithHf(Path hfDir, Path gguf, int headDim) {
        try (SafetensorsStore hf = SafetensorsStore.open(hfDir); GgufFile g = GgufFile.open(gguf)) {
            assertEquals(hf.names().size(), g.names().size());
            for (String n : hf.names()) {
                Tensor t = g.load(Fixtures.ggufName(n));
                boolean qk = n.endsWith("q_proj.weight") || n.endsWith("k_proj.weight");
                if (headDim > 0 && qk) {
                    Tensor direct = t;
                    t = t.permuteRows(Fixtures.unpermuteQk(t.rows(), headDim));
                    assertFalse(java.util.Arrays.equals(direct.toFloatArray(), t.toFloatArray()), "rows really are permuted");
                }
                assertSameValues(hf.load(n), t);
            }
        }
    }
}
