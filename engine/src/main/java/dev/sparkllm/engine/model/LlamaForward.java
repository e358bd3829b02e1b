package dev.sparkllm.engine.model;

import dev.sparkllm.engine.backend.Backend;
import dev.sparkllm.engine.kv.KvCacheDtype;
import dev.sparkllm.engine.kv.KvCacheView;
import dev.sparkllm.engine.model.StepPhases.Phase;
import dev.sparkllm.engine.weights.Tensor;
import java.util.List;

/**
 * The Llama/Qwen2 decoder forward pass over the new tokens of several sequences at once: every weight matrix is
 * applied to all tokens of the step together, and attention reads each sequence's keys and values through its own
 * {@link dev.sparkllm.engine.kv.KvCacheView}.
 *
 * <pre>
 *  x = embed(tokens)                                  [T x hidden]
 *  per layer:  x += Wo · attn(rope(Wq·n(x)+bq), rope(Wk·n(x)+bk), Wv·n(x)+bv)
 *              x += Wdown · (silu(Wgate·n(x)) * Wup·n(x))
 *  logits = Wout · norm(x at the positions asked for)
 * </pre>
 *
 * Instances are stateless between calls and may be shared by threads.
 */
public final class LlamaForward {
    /**
     * Each thread's attention scores, grown to the longest context it has seen: a fresh array per parallel range cost
     * 84 MB/s of garbage in one-sequence decode (JFR allocation samples), zeroed on every allocation.
     */
    private static final ThreadLocal<float[][]> SCORES = ThreadLocal.withInitial(() -> new float[][] {new float[64]});

    private final ModelConfig cfg;
    private final LlamaWeights w;
    private final Backend backend;
    private final RopeTable rope;

    public LlamaForward(ModelConfig cfg, LlamaWeights w, Backend backend) {
        this.cfg = cfg;
        this.w = w;
        this.backend = backend;
        this.rope = new RopeTable(cfg, w.ropeFreqFactors());
        for (LayerWeights l : w.layers()) {
            for (Tensor t : new Tensor[] {l.wq(), l.wk(), l.wv(), l.wo(), l.wGate(), l.wUp(), l.wDown()}) backend.prepare(t);
        }
        backend.prepare(w.output());
    }

    public ModelConfig config() { return cfg; }

    public Backend backend() { return backend; }

    /**
     * Runs one step and returns the logits, {@code vocab} floats per row, rows in chunk order ({@link
     * SequenceChunk#logitRows()} each). The caches must have room for every new position.
     */
    public float[] forward(List<SequenceChunk> chunks) {
        return forward(chunks, new StepPhases());
    }

    /** {@link #forward(List)}, adding the time of each phase to {@code phases}. */
    public float[] forward(List<SequenceChunk> chunks, StepPhases phases) {
        long clock = System.nanoTime();
        int hidden = cfg.hiddenSize();
        int total = 0;
        for (SequenceChunk c : chunks) total += c.tokens().length;
        int[] chunkOf = new int[total];
        int[] posOf = new int[total];
        float[] x = new float[total * hidden];
        int t = 0;
        for (int ci = 0; ci < chunks.size(); ci++) {
            SequenceChunk c = chunks.get(ci);
            for (int i = 0; i < c.tokens().length; i++, t++) {
                int token = c.tokens()[i];
                if (token < 0 || token >= w.tokenEmbedding().rows()) {
                    throw new IllegalArgumentException("token id " + token + " is outside the vocabulary [0, "
                        + w.tokenEmbedding().rows() + ")");
                }
                chunkOf[t] = ci;
                posOf[t] = c.startPos() + i;
                w.tokenEmbedding().dequantizeRow(token, x, t * hidden);
            }
        }
        Scratch s = new Scratch(cfg, total);
        int rs = rope.rotationSize();
        for (t = 0; t < total; t++) rope.rotation(posOf[t], s.rotation, t * rs);
        clock = phases.lap(Phase.TOKENWISE, clock);
        for (int l = 0; l < cfg.numLayers(); l++) clock = layer(l, w.layers().get(l), chunks, chunkOf, posOf, x, s, phases, clock);

        int rows = 0;
        for (SequenceChunk c : chunks) rows += c.logitRows();
        float[] selected = new float[rows * hidden];
        int r = 0;
        t = 0;
        for (SequenceChunk c : chunks) {
            int n = c.tokens().length;
            int first = c.allLogits() ? t : t + n - 1;
            for (int i = first; i < t + n; i++, r++) rmsNorm(x, i * hidden, w.outputNorm(), selected, r * hidden);
            t += n;
        }
        float[] logits = new float[rows * cfg.vocabSize()];
        clock = phases.lap(Phase.TOKENWISE, clock);
        backend.matmul(w.output(), selected, rows, logits);
        phases.lap(Phase.LOGITS, clock);
        return logits;
    }

    /** One decoder layer; returns the clock after its last phase. */
    private long layer(int l, LayerWeights lw, List<SequenceChunk> chunks, int[] chunkOf, int[] posOf, float[] x, Scratch s,
                       StepPhases phases, long clock) {
        int hidden = cfg.hiddenSize();
        int total = posOf.length;
        int kvDim = cfg.kvDim();
        int qDim = cfg.qDim();
        // Token-wise work (norms, biases, RoPE, cache writes, SiLU, residuals) runs on the backend's threads too: with
        // the matrix products parallel, a serial pass over thousands of prefill tokens would be a fifth of the step.
        perToken(total, hidden, (from, to) -> {
            for (int t = from; t < to; t++) rmsNorm(x, t * hidden, lw.attnNorm(), s.xb, t * hidden);
        });
        clock = phases.lap(Phase.TOKENWISE, clock);
        backend.matmul(new Tensor[] {lw.wq(), lw.wk(), lw.wv()}, s.xb, total, new float[][] {s.q, s.k, s.v});
        clock = phases.lap(Phase.PROJECTIONS, clock);
        perToken(total, qDim + 2 * kvDim, (from, to) -> {
            for (int t = from; t < to; t++) {
                addBias(s.q, t * qDim, lw.bq());
                addBias(s.k, t * kvDim, lw.bk());
                addBias(s.v, t * kvDim, lw.bv());
                rope.apply(s.q, t * qDim, cfg.numHeads(), s.rotation, t * rope.rotationSize());
                rope.apply(s.k, t * kvDim, cfg.numKvHeads(), s.rotation, t * rope.rotationSize());
                // Each token writes its own new slot, which no other sequence shares (copy-on-write saw to that).
                KvCacheView cache = chunks.get(chunkOf[t]).cache();
                int pos = posOf[t];
                int bs = cache.blockSize();
                int keyBase = cache.blockBase(pos) + (pos & (bs - 1));
                KvCacheDtype dtype = cache.dtype();
                Object keys = cache.keyStore(l);
                for (int i = 0; i < kvDim; i++) dtype.set(keys, keyBase + i * bs, s.k[t * kvDim + i]);
                dtype.set(cache.valueStore(l), cache.valueOffset(pos), s.v, t * kvDim, kvDim);
            }
        });
        clock = phases.lap(Phase.TOKENWISE, clock);
        // Keys of a chunk are all written before any of its queries read them; causality comes from the position bound.
        long attentionWork = 0;
        for (int t = 0; t < total; t++) attentionWork += 2L * (posOf[t] + 1) * qDim;
        // One unit per (token, KV head): a step mixes short and long sequences, and finer pieces keep the threads even.
        int kvHeads = cfg.numKvHeads();
        backend.parallelFor(total * kvHeads, attentionWork, (from, to) -> {
            float[][] scores = SCORES.get();
            for (int u = from; u < to; u++) {
                int t = u / kvHeads;
                attend(l, chunks.get(chunkOf[t]), posOf[t], u % kvHeads, s.q, t * qDim, s.att, t * qDim, scores);
            }
        });
        clock = phases.lap(Phase.ATTENTION, clock);
        backend.matmul(lw.wo(), s.att, total, s.xb);
        clock = phases.lap(Phase.PROJECTIONS, clock);
        perToken(total, 2 * hidden, (from, to) -> {
            for (int t = from; t < to; t++) {
                addBias(s.xb, t * hidden, lw.bo());
                for (int i = t * hidden; i < (t + 1) * hidden; i++) x[i] += s.xb[i];
                rmsNorm(x, t * hidden, lw.ffnNorm(), s.xb, t * hidden);
            }
        });
        clock = phases.lap(Phase.TOKENWISE, clock);
        backend.matmul(new Tensor[] {lw.wGate(), lw.wUp()}, s.xb, total, new float[][] {s.gate, s.up});
        clock = phases.lap(Phase.PROJECTIONS, clock);
        int inter = cfg.intermediateSize();
        perToken(total, 8L * inter, (from, to) -> {
            for (int t = from; t < to; t++) backend.siluMul(s.gate, s.up, t * inter, inter);
        });
        clock = phases.lap(Phase.TOKENWISE, clock);
        backend.matmul(lw.wDown(), s.gate, total, s.xb);
        clock = phases.lap(Phase.PROJECTIONS, clock);
        perToken(total, hidden, (from, to) -> {
            for (int i = from * hidden; i < to * hidden; i++) x[i] += s.xb[i];
        });
        return phases.lap(Phase.TOKENWISE, clock);
    }

    /** Runs token-wise work over tokens [0, total) on the backend's threads, {@code workPerToken} operations each. */
    private void perToken(int total, long workPerToken, Backend.Range range) {
        backend.parallelFor(total, total * workPerToken, range);
    }

    /**
     * Causal attention of one query token over positions [0, pos] of its sequence, for the query heads of KV head
     * {@code kv} (computed together, sharing each load of the KV head's keys and values). Keys and values are
     * read through the sequence's cache view (for a paged cache, its block table: PagedAttention): scores a block of
     * positions at a time from the dimension-major keys, then the weighted values with the output held in registers.
     */
    private void attend(int layer, SequenceChunk c, int pos, int kv, float[] q, int qOff, float[] out, int outOff,
                        float[][] scratch) {
        int d = cfg.headDim();
        int group = cfg.gqaGroup();
        int len = pos + 1;
        float scale = (float) (1.0 / Math.sqrt(d));
        KvCacheView cache = c.cache();
        // Each head's scores start on a block boundary: the score kernels may write up to the end of the last block.
        int bs = cache.blockSize();
        int stride = (len + bs - 1) / bs * bs;
        if (scratch[0].length < group * stride) scratch[0] = new float[Math.max(group * stride, 2 * scratch[0].length)];
        float[] scores = scratch[0];
        int h0 = kv * group;
        backend.attentionScores(q, qOff + h0 * d, group, cache, layer, kv * d, d, len, scores, 0, stride);
        for (int h = 0; h < group; h++) backend.softmax(scores, h * stride, len, scale);
        backend.attentionValues(scores, 0, stride, group, cache, layer, kv * d, d, len, out, outOff + h0 * d);
    }

    private void rmsNorm(float[] x, int xOff, float[] gain, float[] out, int outOff) {
        int n = gain.length;
        float ms = backend.sumOfSquares(x, xOff, n) / n;
        float inv = (float) (1.0 / Math.sqrt(ms + cfg.rmsNormEps()));
        for (int i = 0; i < n; i++) out[outOff + i] = x[xOff + i] * inv * gain[i];
    }

    private static void addBias(float[] v, int off, float[] bias) {
        if (bias == null) return;
        for (int i = 0; i < bias.length; i++) v[off + i] += bias[i];
    }

    /** Per-call activation buffers, sized for the step's token count. */
    private static final class Scratch {
        final float[] xb;
        final float[] q;
        final float[] k;
        final float[] v;
        final float[] att;
        final float[] gate;
        final float[] up;
        /** Each token's RoPE rotation, computed once per step for all layers. */
        final float[] rotation;

        Scratch(ModelConfig cfg, int tokens) {
            rotation = new float[tokens * cfg.headDim()];
            xb = new float[tokens * cfg.hiddenSize()];
            q = new float[tokens * cfg.qDim()];
            k = new float[tokens * cfg.kvDim()];
            v = new float[tokens * cfg.kvDim()];
            att = new float[tokens * cfg.qDim()];
            gate = new float[tokens * cfg.intermediateSize()];
            up = new float[tokens * cfg.intermediateSize()];
        }
    }
}
