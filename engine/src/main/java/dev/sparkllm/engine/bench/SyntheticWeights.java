package dev.sparkllm.engine.bench;

import dev.sparkllm.engine.model.LayerWeights;
import dev.sparkllm.engine.model.LlamaWeights;
import dev.sparkllm.engine.model.ModelConfig;
import dev.sparkllm.engine.weights.BF16Tensor;
import dev.sparkllm.engine.weights.F16Tensor;
import dev.sparkllm.engine.weights.F32Tensor;
import dev.sparkllm.engine.weights.GgmlType;
import dev.sparkllm.engine.weights.Half;
import dev.sparkllm.engine.weights.Q4_0Tensor;
import dev.sparkllm.engine.weights.Q4_KTensor;
import dev.sparkllm.engine.weights.Q6_KTensor;
import dev.sparkllm.engine.weights.Q8_0Tensor;
import dev.sparkllm.engine.weights.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Seeded random weights of a given shape, for throughput benchmarks where only the shape matters. Matrices are small
 * bell-shaped noise (std {@value #STD}) and norm gains are close to 1, so activations stay finite through every
 * layer. Rows are generated in parallel, each from its own seed, so the result does not depend on the thread count.
 */
final class SyntheticWeights {
    static final double STD = 0.02;
    // The sum of four uniform 16-bit integers: mean 4 * 32767.5, standard deviation 65536 / sqrt(3).
    private static final double SUM_MEAN = 4 * 32767.5;
    private static final double SUM_STD = 65536 / Math.sqrt(3);

    private final long seed;
    private final GgmlType type;
    private int tensorCount;

    private SyntheticWeights(long seed, GgmlType type) {
        if (type != GgmlType.F32 && type != GgmlType.Q8_0 && type != GgmlType.Q4_0 && type != GgmlType.Q4_K
            && type != GgmlType.Q6_K && type != GgmlType.BF16 && type != GgmlType.F16) {
            throw new IllegalArgumentException("synthetic weights are F32, BF16, F16, Q8_0, Q4_0, Q4_K or Q6_K, not " + type);
        }
        this.seed = seed;
        this.type = type;
    }

    /** All weights of {@code cfg}; the LM head is the embedding when the config ties them. */
    static LlamaWeights build(ModelConfig cfg, GgmlType type, long seed) {
        SyntheticWeights g = new SyntheticWeights(seed, type);
        int h = cfg.hiddenSize();
        Tensor embed = g.matrix("model.embed_tokens.weight", cfg.vocabSize(), h);
        List<LayerWeights> layers = new ArrayList<>();
        for (int l = 0; l < cfg.numLayers(); l++) {
            String p = "model.layers." + l + ".";
            boolean bias = cfg.attentionBias();
            layers.add(new LayerWeights(
                g.gains(h),
                g.matrix(p + "self_attn.q_proj.weight", cfg.qDim(), h),
                g.matrix(p + "self_attn.k_proj.weight", cfg.kvDim(), h),
                g.matrix(p + "self_attn.v_proj.weight", cfg.kvDim(), h),
                g.matrix(p + "self_attn.o_proj.weight", h, cfg.qDim()),
                bias ? g.vector(cfg.qDim()) : null, bias ? g.vector(cfg.kvDim()) : null, bias ? g.vector(cfg.kvDim()) : null,
                null,
                g.gains(h),
                g.matrix(p + "mlp.gate_proj.weight", cfg.intermediateSize(), h),
                g.matrix(p + "mlp.up_proj.weight", cfg.intermediateSize(), h),
                g.matrix(p + "mlp.down_proj.weight", h, cfg.intermediateSize())));
        }
        Tensor output = cfg.tieWordEmbeddings() ? embed : g.matrix("lm_head.weight", cfg.vocabSize(), h);
        return new LlamaWeights(embed, layers, g.gains(h), output, null);
    }

    /** Bytes {@link #build} allocates for the weights, to say so before allocating them. */
    static long sizeInBytes(ModelConfig cfg, GgmlType type) {
        int h = cfg.hiddenSize();
        long perLayer = matrixBytes(type, cfg.qDim(), h) + 2 * matrixBytes(type, cfg.kvDim(), h)
            + matrixBytes(type, h, cfg.qDim()) + 2 * matrixBytes(type, cfg.intermediateSize(), h)
            + matrixBytes(type, h, cfg.intermediateSize());
        long matrices = perLayer * cfg.numLayers() + matrixBytes(type, cfg.vocabSize(), h) * (cfg.tieWordEmbeddings() ? 1 : 2);
        long vectors = (2L * h + (cfg.attentionBias() ? cfg.qDim() + 2L * cfg.kvDim() : 0)) * cfg.numLayers() + h;
        return matrices + 4 * vectors;
    }

    /** The type {@link #matrix} stores a matrix of {@code cols} columns in: K-quants fall back to Q8_0. */
    private static GgmlType storedType(GgmlType type, int cols) {
        boolean kQuant = type == GgmlType.Q4_K || type == GgmlType.Q6_K;
        // Like llama.cpp's quantizer, a matrix whose rows are not whole K-quant super-blocks falls back to Q8_0.
        return kQuant && cols % type.blockSize != 0 ? GgmlType.Q8_0 : type;
    }

    private static long matrixBytes(GgmlType type, int rows, int cols) {
        return storedType(type, cols).bytesFor((long) rows * cols);
    }

    private Tensor matrix(String name, int rows, int cols) {
        long tensorSeed = mix(seed, tensorCount++);
        if (type == GgmlType.F32) {
            float[] data = new float[Math.toIntExact((long) rows * cols)];
            IntStream.range(0, rows).parallel().forEach(r -> fillRow(tensorSeed, r, data, r * cols, cols));
            return new F32Tensor(name, rows, cols, data);
        }
        if (type == GgmlType.BF16 || type == GgmlType.F16) {
            short[] data = new short[Math.toIntExact((long) rows * cols)];
            boolean bf16 = type == GgmlType.BF16;
            IntStream.range(0, rows).parallel().forEach(r -> {
                float[] row = new float[cols];
                fillRow(tensorSeed, r, row, 0, cols);
                for (int i = 0; i < cols; i++) data[r * cols + i] = bf16 ? Half.bf16FromFloat(row[i]) : Half.fromFloat(row[i]);
            });
            return bf16 ? new BF16Tensor(name, rows, cols, data) : new F16Tensor(name, rows, cols, data);
        }
        GgmlType blockType = storedType(type, cols);
        if (blockType == GgmlType.Q4_K || blockType == GgmlType.Q6_K) return kQuantMatrix(name, tensorSeed, rows, cols);
        boolean q8 = blockType == GgmlType.Q8_0;
        int rowBytes = Math.toIntExact(blockType.bytesFor(cols));
        byte[] data = new byte[Math.toIntExact((long) rows * rowBytes)];
        IntStream.range(0, rows).parallel().forEach(r -> {
            float[] row = new float[cols];
            fillRow(tensorSeed, r, row, 0, cols);
            if (q8) {
                Q8_0Quantizer.quantize(row, 0, cols, data, r * rowBytes);
            } else {
                Q4_0Quantizer.quantize(row, 0, cols, data, r * rowBytes);
            }
        });
        return q8 ? new Q8_0Tensor(name, rows, cols, data) : new Q4_0Tensor(name, rows, cols, data);
    }

    /**
     * K-quant super-blocks of random bits with fixed super-block scales chosen so that values spread over about
     * +-0.1, like the other types' weights; speed does not depend on the values, and no quantizer is needed.
     */
    private Tensor kQuantMatrix(String name, long tensorSeed, int rows, int cols) {
        int rowBytes = Math.toIntExact(type.bytesFor(cols));
        byte[] data = new byte[Math.toIntExact((long) rows * rowBytes)];
        short d = Half.fromFloat(type == GgmlType.Q4_K ? 2e-4f : 1e-4f);
        short dmin = Half.fromFloat(2e-3f);
        IntStream.range(0, rows).parallel().forEach(r -> {
            SplittableRandom rnd = new SplittableRandom(mix(tensorSeed, r));
            for (int i = r * rowBytes; i < (r + 1) * rowBytes; i++) data[i] = (byte) rnd.nextInt(256);
            for (int blk = r * rowBytes; blk < (r + 1) * rowBytes; blk += type.blockBytes) {
                if (type == GgmlType.Q4_K) {
                    putHalf(data, blk, d);
                    putHalf(data, blk + 2, dmin);
                } else {
                    putHalf(data, blk + Q6_KTensor.D_OFFSET, d);
                }
            }
        });
        return type == GgmlType.Q4_K ? new Q4_KTensor(name, rows, cols, data) : new Q6_KTensor(name, rows, cols, data);
    }

    private static void putHalf(byte[] b, int off, short h) {
        b[off] = (byte) h;
        b[off + 1] = (byte) (h >> 8);
    }

    private float[] vector(int n) {
        float[] v = new float[n];
        fillRow(mix(seed, tensorCount++), 0, v, 0, n);
        return v;
    }

    /** RMSNorm gains: 1 plus the usual noise, like a lightly trained model's. */
    private float[] gains(int n) {
        float[] v = vector(n);
        for (int i = 0; i < n; i++) v[i] += 1f;
        return v;
    }

    /**
     * Fills {@code n} values with a sum of four uniforms (Irwin-Hall: bell-shaped, bounded at 3.5 std, one random long
     * per value), far cheaper than {@code nextGaussian} for the billions of values of the larger shapes.
     */
    private static void fillRow(long tensorSeed, int row, float[] dst, int off, int n) {
        SplittableRandom rnd = new SplittableRandom(mix(tensorSeed, row));
        double scale = STD / SUM_STD;
        for (int i = 0; i < n; i++) {
            long r = rnd.nextLong();
            long sum = (r & 0xffff) + ((r >>> 16) & 0xffff) + ((r >>> 32) & 0xffff) + (r >>> 48);
            dst[off + i] = (float) ((sum - SUM_MEAN) * scale);
        }
    }

    /** A well-spread seed for item {@code i} of a stream seeded {@code s} (the SplitMix64 finalizer). */
    private static long mix(long s, long i) {
        long z = s + (i + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
