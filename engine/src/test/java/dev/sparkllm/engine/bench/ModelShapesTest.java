package dev.sparkllm.engine.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkllm.engine.backend.ScalarBackend;
import dev.sparkllm.engine.kv.ContiguousKvCache;
import dev.sparkllm.engine.model.LayerWeights;
import dev.sparkllm.engine.model.LlamaForward;
import dev.sparkllm.engine.model.Model;
import dev.sparkllm.engine.model.ModelConfig;
import dev.sparkllm.engine.model.SequenceChunk;
import dev.sparkllm.engine.tokenizer.TokenizerException;
import dev.sparkllm.engine.weights.GgmlType;
import dev.sparkllm.engine.weights.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelShapesTest {
    /** A qwen2-like shape small enough to run a forward pass in a test. */
    static final ModelConfig TINY = new ModelConfig("qwen2", 64, 2, 4, 2, 16, 128, 512, 4096, 10000.0, null, 1e-6f, true, true);

    @Test
    void smollmShapeHasTheRealModelsTensorShapes() {
        // Q8_0 keeps the test light (about 150 MB instead of 540 MB); shapes are the same for both types.
        Model m = ModelShapes.build("smollm2-135m", GgmlType.Q8_0, 1);
        assertEquals("synthetic", m.format());
        assertEquals("shape:smollm2-135m", m.source().toString());
        ModelConfig c = m.config();
        assertEquals(30, m.weights().layers().size());
        assertShape(m.weights().tokenEmbedding(), GgmlType.Q8_0, 49152, 576);
        assertSame(m.weights().tokenEmbedding(), m.weights().output());
        LayerWeights l = m.weights().layers().get(29);
        assertShape(l.wq(), GgmlType.Q8_0, 576, 576);
        assertShape(l.wk(), GgmlType.Q8_0, 192, 576);
        assertShape(l.wv(), GgmlType.Q8_0, 192, 576);
        assertShape(l.wo(), GgmlType.Q8_0, 576, 576);
        assertShape(l.wGate(), GgmlType.Q8_0, 1536, 576);
        assertShape(l.wUp(), GgmlType.Q8_0, 1536, 576);
        assertShape(l.wDown(), GgmlType.Q8_0, 576, 1536);
        assertNull(l.bq());
        assertEquals(576, l.attnNorm().length);
        assertEquals(ModelShapes.sizeInBytes(c, GgmlType.Q8_0), m.weights().sizeInBytes());
        assertEquals(49152, m.tokenizer().vocabSize());
    }

    @Test
    void qwenAndLlamaConfigsMatchTheirCheckpoints() {
        ModelConfig q = ModelShapes.config("qwen2.5-0.5b");
        assertTrue(q.attentionBias());
        assertEquals(896 * 151936L + 24 * (896L * 896 * 2 + 896L * 128 * 2 + 3L * 896 * 4864), matrixParams(q));
        ModelConfig l = ModelShapes.config("llama3.2-1b");
        assertEquals("llama3", l.ropeScaling().type());
        assertEquals(4, l.gqaGroup());
        // llama3.2-1b has 1.24 B parameters, almost all in these matrices.
        assertEquals(1.236e9, matrixParams(l), 0.01e9);
        assertThrows(IllegalArgumentException.class, () -> ModelShapes.config("gpt-5"));
        assertThrows(IllegalArgumentException.class, () -> ModelShapes.dtype("q5_k"));
        assertEquals(GgmlType.Q8_0, ModelShapes.dtype("Q8_0"));
        assertEquals(GgmlType.Q4_K, ModelShapes.dtype("q4_k"));
        assertEquals(GgmlType.BF16, ModelShapes.dtype("bf16"));
    }

    private static long matrixParams(ModelConfig c) {
        return (ModelShapes.sizeInBytes(c, GgmlType.F32) - 4 * vectorParams(c)) / 4;
    }

    private static long vectorParams(ModelConfig c) {
        return (2L * c.hiddenSize() + (c.attentionBias() ? c.qDim() + 2L * c.kvDim() : 0)) * c.numLayers() + c.hiddenSize();
    }

    @Test
    void weightsAreSeededSmallAndGiveFiniteLogits() {
        Model a = ModelShapes.build("tiny", TINY, GgmlType.F32, 7);
        Model b = ModelShapes.build("tiny", TINY, GgmlType.F32, 7);
        Model c = ModelShapes.build("tiny", TINY, GgmlType.F32, 8);
        float[] wa = a.weights().layers().get(1).wUp().toFloatArray();
        assertArrayEquals(wa, b.weights().layers().get(1).wUp().toFloatArray());
        assertTrue(wa[0] != c.weights().layers().get(1).wUp().toFloatArray()[0]);
        double sum = 0;
        double sq = 0;
        for (float v : wa) { sum += v; sq += v * v; }
        assertEquals(0, sum / wa.length, 0.002);
        assertEquals(SyntheticWeights.STD, Math.sqrt(sq / wa.length), 0.002);
        assertNotNull(a.weights().layers().get(0).bk());
        assertEquals(1.0, a.weights().outputNorm()[3], 0.1);

        for (Model m : List.of(a, ModelShapes.build("tiny", TINY, GgmlType.Q8_0, 7))) {
            LlamaForward f = new LlamaForward(m.config(), m.weights(), new ScalarBackend());
            ContiguousKvCache cache = new ContiguousKvCache(TINY.numLayers(), TINY.kvDim());
            cache.ensureCapacity(8);
            float[] logits = f.forward(List.of(new SequenceChunk(cache, 0, new int[] {1, 5, 9, 300}, false)));
            for (float v : logits) assertTrue(Float.isFinite(v));
        }
    }

    @Test
    void syntheticTokenizerRoundTripsItsOwnSyntaxOnly() {
        SyntheticTokenizer t = new SyntheticTokenizer(512);
        assertArrayEquals(new int[] {1, 7, 300}, t.encode("<t7><t300>", true));
        assertEquals("<t7><t300>", t.decode(new int[] {1, 7, 300}, true));
        assertEquals("<t1><t7>", t.decode(new int[] {1, 7}, false));
        assertEquals("<t9>", t.streamingDecoder(true).add(9));
        assertThrows(TokenizerException.class, () -> t.encode("hello", false));
        assertThrows(TokenizerException.class, () -> t.encode("<t512>", false));
        assertThrows(TokenizerException.class, () -> t.encode("<tx>", false));
        assertTrue(t.eosIds().isEmpty());
    }

    private static void assertShape(Tensor t, GgmlType type, int rows, int cols) {
        assertEquals(type, t.type(), t.name());
        assertEquals(rows, t.rows(), t.name());
        assertEquals(cols, t.cols(), t.name());
    }
}
