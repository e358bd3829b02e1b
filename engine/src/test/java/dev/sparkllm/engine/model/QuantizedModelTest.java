package dev.sparkllm.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkllm.engine.backend.Backend;
import dev.sparkllm.engine.backend.Backends;
import dev.sparkllm.engine.backend.ScalarBackend;
import dev.sparkllm.engine.kv.ContiguousKvCache;
import dev.sparkllm.engine.testing.Fixtures;
import dev.sparkllm.engine.testing.GgufCopy;
import dev.sparkllm.engine.weights.GgmlType;
import dev.sparkllm.engine.weights.GgufTestWriter;
import dev.sparkllm.engine.weights.RandomWeights;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Whole models whose weights are in each quantized type (K-quants need rows of 256, so a synthetic shape with the
 * llama fixture's tokenizer) compute the same logits as the same real numbers stored in F32: the kernels dequantize
 * correctly inside the forward pass, on both backends. Also: the forward pass is batch-invariant.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuantizedModelTest {
    private static final int HIDDEN = 256;
    private static final int HEADS = 4;
    private static final int KV_HEADS = 2;
    private static final int FFN = 512;
    private static final int LAYERS = 2;
    private static final int[] PROMPT = {1, 420, 1004, 1019, 288, 17, 3000, 2500, 99, 4000, 12, 7};

    @TempDir Path dir;
    private final Backend vector = Backends.cpu(2);

    @AfterAll
    void close() {
        vector.close();
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q4_0", "Q4_K", "Q6_K", "Q8_0", "F16", "BF16"})
    void quantizedLogitsEqualTheirF32Values(GgmlType type) {
        Model quantized = ModelLoader.load(synthetic(type, false, dir.resolve(type + ".gguf")));
        Model f32 = ModelLoader.load(synthetic(type, true, dir.resolve(type + "-as-f32.gguf")));
        assertEquals(type, quantized.weights().layers().get(0).wDown().type());
        assertEquals(GgmlType.F32, f32.weights().layers().get(0).wDown().type());
        for (Backend b : List.of(vector, new ScalarBackend())) {
            float[] expected = logits(f32, b, PROMPT);
            float[] actual = logits(quantized, b, PROMPT);
            double scale = 0;
            for (float v : expected) scale = Math.max(scale, Math.abs(v));
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-4 * scale, type + " on " + b.name() + ": logit " + i);
            }
        }
    }

    @Test
    void batchingDoesNotChangeASequencesLogits() {
        Model m = ModelLoader.load(Fixtures.model("fx-llama-spm/hf-f32"));
        LlamaForward fwd = new LlamaForward(m.config(), m.weights(), vector);
        float[] alone = logits(m, vector, PROMPT);
        // The same prompt beside two others in one step, and prefilled in three chunks: bit-identical logits.
        ContiguousKvCache a = cache(m);
        ContiguousKvCache b = cache(m);
        ContiguousKvCache c = cache(m);
        float[] batched = fwd.forward(List.of(
            new SequenceChunk(b, 0, new int[] {1, 5, 6, 7, 8}, false),
            new SequenceChunk(a, 0, PROMPT, false),
            new SequenceChunk(c, 0, new int[] {1, 900}, true)));
        int vocab = m.config().vocabSize();
        assertArrayEquals(alone, java.util.Arrays.copyOfRange(batched, vocab, 2 * vocab));
        ContiguousKvCache d = cache(m);
        fwd.forward(List.of(new SequenceChunk(d, 0, java.util.Arrays.copyOfRange(PROMPT, 0, 5), false)));
        fwd.forward(List.of(new SequenceChunk(d, 5, java.util.Arrays.copyOfRange(PROMPT, 5, 6), false)));
        float[] chunked = fwd.forward(List.of(new SequenceChunk(d, 6, java.util.Arrays.copyOfRange(PROMPT, 6, PROMPT.length), false)));
        assertArrayEquals(alone, chunked);
    }

    private static ContiguousKvCache cache(Model m) {
        ContiguousKvCache c = new ContiguousKvCache(m.config().numLayers(), m.config().kvDim());
        c.ensureCapacity(64);
        return c;
    }

    private static float[] logits(Model m, Backend b, int[] prompt) {
        ContiguousKvCache c = cache(m);
        return new LlamaForward(m.config(), m.weights(), b).forward(List.of(new SequenceChunk(c, 0, prompt, false)));
    }

    /** The llama fixture's tokenizer with random weights of {@code type} (or their exact F32 values) in a 256-wide shape. */
    private static Path synthetic(GgmlType type, boolean asF32, Path file) {
        Path src = Fixtures.model("fx-llama-spm/fx-llama-spm-f32.gguf");
        int vocab = 4096;
        GgufCopy copy = new GgufCopy(src).tensors((info, bytes) -> null)
            .set("llama.embedding_length", (long) HIDDEN).set("llama.attention.head_count", (long) HEADS)
            .set("llama.attention.head_count_kv", (long) KV_HEADS).set("llama.feed_forward_length", (long) FFN)
            .set("llama.block_count", (long) LAYERS).set("llama.rope.dimension_count", (long) (HIDDEN / HEADS));
        Random rnd = new Random(type.ordinal() * 31L + 7);
        int kvDim = KV_HEADS * HIDDEN / HEADS;
        matrix(copy, "token_embd.weight", vocab, HIDDEN, type, asF32, rnd);
        norm(copy, "output_norm.weight", rnd);
        for (int l = 0; l < LAYERS; l++) {
            String p = "blk." + l + ".";
            norm(copy, p + "attn_norm.weight", rnd);
            norm(copy, p + "ffn_norm.weight", rnd);
            matrix(copy, p + "attn_q.weight", HIDDEN, HIDDEN, type, asF32, rnd);
            matrix(copy, p + "attn_k.weight", kvDim, HIDDEN, type, asF32, rnd);
            matrix(copy, p + "attn_v.weight", kvDim, HIDDEN, type, asF32, rnd);
            matrix(copy, p + "attn_output.weight", HIDDEN, HIDDEN, type, asF32, rnd);
            matrix(copy, p + "ffn_gate.weight", FFN, HIDDEN, type, asF32, rnd);
            matrix(copy, p + "ffn_up.weight", FFN, HIDDEN, type, asF32, rnd);
            matrix(copy, p + "ffn_down.weight", HIDDEN, FFN, type, asF32, rnd);
        }
        return copy.write(file);
    }

    private static void matrix(GgufCopy copy, String name, int rows, int cols, GgmlType type, boolean asF32, Random rnd) {
        byte[] bytes = RandomWeights.bytes(type, rows, cols, rnd);
        if (asF32) {
            float[] values = RandomWeights.tensor(type, name, rows, cols, bytes).toFloatArray();
            copy.add(name, GgmlType.F32.id, new long[] {rows, cols}, GgufTestWriter.f32Bytes(values));
        } else {
            copy.add(name, type.id, new long[] {rows, cols}, bytes);
        }
    }

    private static void norm(GgufCopy copy, String name, Random rnd) {
        float[] g = new float[HIDDEN];
        for (int i = 0; i < HIDDEN; i++) g[i] = 0.5f + rnd.nextFloat();
        copy.add(name, GgmlType.F32.id, new long[] {HIDDEN}, GgufTestWriter.f32Bytes(g));
    }
}
