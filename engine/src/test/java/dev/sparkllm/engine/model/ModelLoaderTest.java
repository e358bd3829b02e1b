package dev.sparkllm.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkllm.engine.testing.Fixtures;
import dev.sparkllm.engine.testing.GgufCopy;
import dev.sparkllm.engine.weights.GgmlType;
import dev.sparkllm.engine.weights.ModelFormatException;
import dev.sparkllm.engine.weights.Q8_0Tensor;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole-model loading: formats agree, quantized weights stay quantized, and broken model files fail clearly. */
class ModelLoaderTest {
    @TempDir Path dir;

    @Test
    void everyFormatOfAModelLoadsTheSameConfig() {
        ModelConfig hf = ModelLoader.load(Fixtures.model("fx-qwen2-bpe/hf-bf16")).config();
        ModelConfig gguf = ModelLoader.load(Fixtures.model("fx-qwen2-bpe/fx-qwen2-bpe-q8_0.gguf")).config();
        assertEquals(hf, gguf);
        ModelConfig llamaHf = ModelLoader.load(Fixtures.model("fx-llama-spm/hf-f32")).config();
        ModelConfig llamaGguf = ModelLoader.load(Fixtures.model("fx-llama-spm/fx-llama-spm-f32.gguf")).config();
        assertEquals(llamaHf, llamaGguf);
    }

    @Test
    void quantizedWeightsStayQuantizedAndEmbeddingsStayTied() {
        Model m = ModelLoader.load(Fixtures.model("fx-llama-spm/fx-llama-spm-q8_0.gguf"));
        assertTrue(m.weights().layers().get(0).wq() instanceof Q8_0Tensor);
        assertEquals(GgmlType.Q8_0, m.weights().tokenEmbedding().type());
        assertSame(m.weights().tokenEmbedding(), m.weights().output());
        // Q8_0 is 34 bytes per 32 weights: the in-memory size stays close to the file's.
        assertTrue(m.weights().sizeInBytes() < 700_000, "Q8_0 model holds " + m.weights().sizeInBytes() + " bytes");
    }

    @Test
    void generationDefaultsAndTemplates() {
        Model qwen = ModelLoader.load(Fixtures.model("fx-qwen2-bpe/hf-bf16"));
        assertEquals(Set.of(8194, 8192), qwen.eosIds());
        assertEquals(0.0, qwen.defaults().temperature(), "do_sample=false means greedy");
        assertNotNull(qwen.chatTemplate());
        assertNull(ModelLoader.load(Fixtures.model("fx-llama-spm/hf-f32")).chatTemplate());
        assertNotNull(ModelLoader.load(Fixtures.model("fx-qwen2-bpe/fx-qwen2-bpe-f16.gguf")).chatTemplate());
    }

    @Test
    void missingTensorIsNamed() {
        Path broken = new GgufCopy(Fixtures.model("fx-llama-spm/fx-llama-spm-f32.gguf"))
            .tensors((info, bytes) -> info.name().equals("blk.1.ffn_up.weight") ? null
                : new GgufCopy.Replacement(info.type().id, info.shape(), bytes))
            .write(dir.resolve("missing.gguf"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelLoader.load(broken));
        assertTrue(e.getMessage().contains("missing.gguf") && e.getMessage().contains("missing tensor blk.1.ffn_up.weight"),
            e.getMessage());
    }

    @Test
    void shapeThatDisagreesWithTheConfigIsNamed() {
        Path broken = new GgufCopy(Fixtures.model("fx-llama-spm/fx-llama-spm-f32.gguf"))
            .tensors((info, bytes) -> info.name().equals("blk.0.attn_k.weight")
                ? new GgufCopy.Replacement(info.type().id, new long[] {info.shape()[1], info.shape()[0]}, bytes)
                : new GgufCopy.Replacement(info.type().id, info.shape(), bytes))
            .write(dir.resolve("transposed.gguf"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelLoader.load(broken));
        assertTrue(e.getMessage().contains("transposed.gguf") && e.getMessage().contains("blk.0.attn_k.weight")
            && e.getMessage().contains("expected [32, 96]"), e.getMessage());
    }

    @Test
    void unknownArchitectureIsNamed() {
        Path other = new GgufCopy(Fixtures.model("fx-qwen2-bpe/fx-qwen2-bpe-q8_0.gguf"))
            .set("general.architecture", "mamba").write(dir.resolve("mamba.gguf"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelLoader.load(other));
        assertTrue(e.getMessage().contains("mamba.gguf") && e.getMessage().contains("'mamba'"), e.getMessage());
    }

    @Test
    void missingPathSaysWhatAModelIs() {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelLoader.load(dir.resolve("nothing")));
        assertTrue(e.getMessage().contains("Hugging Face model directory or a .gguf file"), e.getMessage());
    }

    @Test
    void sharedInstancesAreLoadedOncePerJvm() {
        Path p = Fixtures.model("fx-qwen2-bpe/fx-qwen2-bpe-f16.gguf");
        Model a = SharedModels.acquire(p);
        Model b = SharedModels.acquire(p.getParent().resolve(".").resolve(p.getFileName()));
        assertSame(a, b, "the same file through another path is the same model");
        assertEquals(2, SharedModels.holders(p));
        SharedModels.release(a);
        assertEquals(1, SharedModels.holders(p));
        SharedModels.release(b);
        assertEquals(0, SharedModels.holders(p));
        Model c = SharedModels.acquire(p);
        assertTrue(c != a, "after the last release a new acquire loads afresh");
        SharedModels.release(c);
    }
}
