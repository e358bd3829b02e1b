package dev.sparkllm.engine.model;

import dev.sparkllm.engine.weights.ModelFormatException;
import dev.sparkllm.engine.weights.Tensor;
import dev.sparkllm.engine.weights.TensorInfo;
import dev.sparkllm.engine.weights.WeightStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Assembles {@link LlamaWeights} from a {@link WeightStore}: checks every tensor's presence and shape against the
 * config before reading any data, then reads them, undoing llama.cpp's Q/K row permutation where the file has it.
 */
final class WeightLoader {
    private final WeightStore store;
    private final ModelConfig cfg;
    private final TensorNaming names;
    private final boolean ggufLlamaPermuted;

    private WeightLoader(WeightStore store, ModelConfig cfg, TensorNaming names, boolean ggufLlamaPermuted) {
        this.store = store;
        this.cfg = cfg;
        this.names = names;
        this.ggufLlamaPermuted = ggufLlamaPermuted;
    }

    /**
     * @param ggufLlamaPermuted the file is a llama.cpp GGUF of arch llama, whose Q/K rows are interleaved per head
     * @param tied              the config's tie_word_embeddings, or null where the format says it by the absence of
     *                          the output tensor (GGUF); a present output tensor is always used
     */
    static LlamaWeights load(WeightStore store, ModelConfig cfg, TensorNaming names, boolean ggufLlamaPermuted, Boolean tied) {
        return new WeightLoader(store, cfg, names, ggufLlamaPermuted).load(tied);
    }

    private LlamaWeights load(Boolean tiedHint) {
        int h = cfg.hiddenSize();
        boolean tied = !store.names().contains(names.output);
        if (tied && Boolean.FALSE.equals(tiedHint)) {
            throw new ModelFormatException(store.path(), "missing tensor " + names.output
                + " (the config says tie_word_embeddings=false)");
        }
        // Validate every shape first: a wrong file fails before gigabytes are read.
        expect(names.embedding, cfg.vocabSize(), h);
        expect(names.outputNorm, h);
        if (!tied) expect(names.output, cfg.vocabSize(), h);
        for (int l = 0; l < cfg.numLayers(); l++) {
            expect(layer(names.attnNorm, l), h);
            expect(layer(names.ffnNorm, l), h);
            expect(layer(names.q, l) + ".weight", cfg.qDim(), h);
            expect(layer(names.k, l) + ".weight", cfg.kvDim(), h);
            expect(layer(names.v, l) + ".weight", cfg.kvDim(), h);
            expect(layer(names.o, l) + ".weight", h, cfg.qDim());
            expect(layer(names.gate, l) + ".weight", cfg.intermediateSize(), h);
            expect(layer(names.up, l) + ".weight", cfg.intermediateSize(), h);
            expect(layer(names.down, l) + ".weight", h, cfg.intermediateSize());
            if (cfg.attentionBias()) {
                expect(layer(names.q, l) + ".bias", cfg.qDim());
                expect(layer(names.k, l) + ".bias", cfg.kvDim());
                expect(layer(names.v, l) + ".bias", cfg.kvDim());
            }
        }
        try {
            return read(tied);
        } catch (OutOfMemoryError e) {
            long bytes = 0;
            for (String n : store.names()) bytes += store.info(n).byteLength();
            throw new IllegalStateException(String.format("%s: not enough heap to load the model's weights (%.1f MiB in "
                + "the file, max heap %.1f MiB): raise -Xmx", store.path(), bytes / 1048576.0,
                Runtime.getRuntime().maxMemory() / 1048576.0));
        }
    }

    private LlamaWeights read(boolean tied) {
        Tensor embedding = store.load(names.embedding);
        List<LayerWeights> layers = new ArrayList<>(cfg.numLayers());
        for (int l = 0; l < cfg.numLayers(); l++) layers.add(layer(l));
        float[] ropeFactors = null;
        if (store.names().contains("rope_freqs.weight")) {
            expect("rope_freqs.weight", cfg.headDim() / 2);
            ropeFactors = store.load("rope_freqs.weight").toFloatArray();
        }
        return new LlamaWeights(embedding, List.copyOf(layers), vector(names.outputNorm),
            tied ? embedding : store.load(names.output), ropeFactors);
    }

    private LayerWeights layer(int l) {
        return new LayerWeights(
            vector(layer(names.attnNorm, l)),
            qk(store.load(layer(names.q, l) + ".weight"), cfg.numHeads()),
            qk(store.load(layer(names.k, l) + ".weight"), cfg.numKvHeads()),
            store.load(layer(names.v, l) + ".weight"),
            store.load(layer(names.o, l) + ".weight"),
            cfg.attentionBias() ? qkBias(vector(layer(names.q, l) + ".bias"), cfg.numHeads()) : null,
            cfg.attentionBias() ? qkBias(vector(layer(names.k, l) + ".bias"), cfg.numKvHeads()) : null,
            cfg.attentionBias() ? vector(layer(names.v, l) + ".bias") : null,
            optionalVector(layer(names.o, l) + ".bias", cfg.hiddenSize()),
            vector(layer(names.ffnNorm, l)),
            store.load(layer(names.gate, l) + ".weight"),
            store.load(layer(names.up, l) + ".weight"),
            store.load(layer(names.down, l) + ".weight"));
    }

    /** llama.cpp's converter turns each head's rotate-half order [x.., y..] into pairs [x0,y0,x1,y1..]; undo it. */
    private Tensor qk(Tensor t, int heads) {
        return ggufLlamaPermuted ? t.permuteRows(unpermutation(heads, cfg.headDim())) : t;
    }

    private float[] qkBias(float[] b, int heads) {
        if (!ggufLlamaPermuted) return b;
        int[] perm = unpermutation(heads, cfg.headDim());
        float[] out = new float[b.length];
        for (int i = 0; i < perm.length; i++) out[i] = b[perm[i]];
        return out;
    }

    /** HF row i of a head comes from GGUF row 2i, HF row d/2+i from GGUF row 2i+1. */
    static int[] unpermutation(int heads, int headDim) {
        int[] perm = new int[heads * headDim];
        int half = headDim / 2;
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < half; i++) {
                perm[h * headDim + i] = h * headDim + 2 * i;
                perm[h * headDim + half + i] = h * headDim + 2 * i + 1;
            }
        }
        return perm;
    }

    private float[] vector(String name) {
        return store.load(name).toFloatArray();
    }

    private float[] optionalVector(String name, int n) {
        if (!store.names().contains(name)) return null;
        expect(name, n);
        return vector(name);
    }

    private static String layer(String pattern, int l) {
        return String.format(pattern, l);
    }

    private void expect(String name, long... shape) {
        if (!store.names().contains(name)) throw new ModelFormatException(store.path(), "missing tensor " + name);
        TensorInfo info = store.info(name);
        long[] actual = info.shape();
        // Norms and biases may be stored as [n] or [1, n].
        boolean ok = java.util.Arrays.equals(actual, shape)
            || shape.length == 1 && actual.length == 2 && actual[0] == 1 && actual[1] == shape[0];
        if (!ok) {
            throw new ModelFormatException(store.path(), "tensor " + name + " has shape " + info.shapeString() + " ("
                + info.type() + "), expected " + java.util.Arrays.toString(shape) + " from the model config");
        }
    }
}
