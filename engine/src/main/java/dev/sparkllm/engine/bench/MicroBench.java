package dev.sparkllm.engine.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkllm.engine.backend.Backend;
import dev.sparkllm.engine.backend.Backends;
import dev.sparkllm.engine.backend.vector.MachineLimits;
import dev.sparkllm.engine.model.LayerWeights;
import dev.sparkllm.engine.model.Model;
import dev.sparkllm.engine.model.ModelConfig;
import dev.sparkllm.engine.runtime.EngineConfig;
import dev.sparkllm.engine.weights.F32Tensor;
import dev.sparkllm.engine.weights.GgmlType;
import dev.sparkllm.engine.weights.Q8_0Tensor;
import dev.sparkllm.engine.weights.Tensor;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * {@code sparkllm bench --micro}: the CPU backend against the machine's own ceilings (issue 5's targets).
 * <ul>
 *   <li>{@code gemm}: a shape's projections (q, k, v, o, gate, up, down) applied to 1–256 tokens, in F32 and Q8_0,
 *       as GFLOP/s and as a fraction of the FMA peak measured by {@link MachineLimits}: one layer's (cached) and all
 *       layers' (streamed from memory, as in a decode step).</li>
 *   <li>{@code decode}: one sequence generating tokens on a whole model of the shape, against the bandwidth roofline
 *       (weight bytes streamed per token ÷ measured read bandwidth).</li>
 * </ul>
 */
final class MicroBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int[] TOKENS = {1, 8, 32, 64, 128, 256};
    /** 256 MB of floats per bandwidth pass: far beyond any cache, still only ~10 ms of reading. */
    private static final int BANDWIDTH_FLOATS = 64 << 20;

    /** F32 bytes of weights the from-memory GEMM passes over, at most (whole layers; at least two). */
    private static final long MEMORY_PASS_BYTES = 512L << 20;

    private final PrintStream out;
    private final PrintStream log;
    private final int threads;

    MicroBench(PrintStream out, PrintStream log, int threads) {
        if (!Backends.vectorApiAvailable()) {
            throw new IllegalStateException("bench --micro measures the Vector API backend: start the JVM with "
                + "--add-modules=" + Backends.VECTOR_MODULE);
        }
        this.out = out;
        this.log = log;
        this.threads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    /**
     * F32 and Q8_0 GEMM rates of {@code cfg}'s projections; returns the JSON object it printed. Each is measured twice:
     * over one layer's matrices, which stay in the caches between repetitions where they fit (the kernels' own speed;
     * a small model's layer fits in L3), and over every layer's (at most 512 MB of them), which a decode step streams
     * from memory (what a step of that many tokens gets).
     */
    ObjectNode gemm(ModelConfig cfg) {
        log.println("bench: measuring the FMA peak...");
        double peak = MachineLimits.fmaPeakGflops(threads, 50_000_000);
        Random rnd = new Random(1);
        List<Tensor> f32 = new ArrayList<>();
        List<Tensor> q8 = new ArrayList<>();
        List<Tensor> f32All = new ArrayList<>();
        List<Tensor> q8All = new ArrayList<>();
        long layerBytes = 0;
        for (int[] s : projections(cfg)) layerBytes += 4L * s[0] * s[1];
        // Every layer, or as many as fill MEMORY_PASS_BYTES (far beyond any cache) for large shapes.
        int copies = (int) Math.max(2, Math.min(cfg.numLayers(), MEMORY_PASS_BYTES / layerBytes));
        try {
            for (int[] s : projections(cfg)) {
                float[] w = new float[s[0] * s[1]];
                for (int i = 0; i < w.length; i++) w[i] = (float) rnd.nextGaussian() * 0.02f;
                byte[] q = Q8_0Quantizer.quantize(w, s[0], s[1]);
                f32.add(new F32Tensor("w", s[0], s[1], w));
                q8.add(new Q8_0Tensor("w", s[0], s[1], q));
                // Copies, not the same arrays: the same values at other addresses, so nothing stays cached.
                for (int l = 0; l < copies; l++) {
                    f32All.add(new F32Tensor("w", s[0], s[1], w.clone()));
                    q8All.add(new Q8_0Tensor("w", s[0], s[1], q.clone()));
                }
            }
        } catch (OutOfMemoryError e) {
            throw new IllegalArgumentException(String.format("not enough heap for --micro gemm on this shape (%d "
                + "layers of %.0f MB in F32 and Q8_0; max heap %.0f MB): raise -Xmx or pick a smaller --shape",
                copies + 1, layerBytes / 1e6, Runtime.getRuntime().maxMemory() / 1e6));
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("threads", threads);
        o.put("fma_peak_gflops", round(peak));
        o.put("layers_from_memory", copies);
        ArrayNode rows = o.putArray("gemm");
        out.printf(Locale.ROOT, "FP32 FMA peak (%d threads): %.1f GFLOP/s%n", threads, peak);
        String memoryPass = (copies == cfg.numLayers() ? "all " : "") + copies + " layers (from memory)";
        out.printf(Locale.ROOT, "%7s | %-42s | %s%n", "", "one layer, repeated (cached)", memoryPass);
        out.printf(Locale.ROOT, "%7s | %11s %8s %12s %8s | %11s %8s %12s%n", "tokens", "f32 GFLOP/s", "of peak",
            "q8_0 GFLOP/s", "q8_0/f32", "f32 GFLOP/s", "of peak", "q8_0 GFLOP/s");
        try (Backend b = Backends.cpu(threads)) {
            for (List<Tensor> ts : List.of(f32, q8, f32All, q8All)) for (Tensor t : ts) b.prepare(t);
            for (int n : TOKENS) {
                double f = gflops(b, f32, n, rnd);
                double q = gflops(b, q8, n, rnd);
                double fAll = gflops(b, f32All, n, rnd);
                double qAll = gflops(b, q8All, n, rnd);
                out.printf(Locale.ROOT, "%7d | %11.1f %7.1f%% %12.1f %7.2fx | %11.1f %7.1f%% %12.1f%n", n, f,
                    100 * f / peak, q, q / f, fAll, 100 * fAll / peak, qAll);
                ObjectNode r = rows.addObject();
                r.put("tokens", n);
                r.put("f32_gflops", round(f));
                r.put("f32_of_peak", round(f / peak));
                r.put("q8_0_gflops", round(q));
                r.put("q8_0_of_f32", round(q / f));
                r.put("f32_from_memory_gflops", round(fAll));
                r.put("f32_from_memory_of_peak", round(fAll / peak));
                r.put("q8_0_from_memory_gflops", round(qAll));
            }
        }
        return o;
    }

    /**
     * One-sequence decode on {@code model} against the bandwidth roofline; returns the JSON object it printed. A VM's
     * memory bandwidth moves with its neighbours from one second to the next, so the measurement runs in rounds: the
     * bandwidth just before and just after each round's decode (the higher one, which is the stricter roofline), and
     * the round's decode rate; the result is the median round.
     */
    ObjectNode decode(Model model, EngineConfig cfg, int inputLen, int outputLen, long seed) {
        long bytes = weightBytesPerToken(model);
        BenchRunner runner = new BenchRunner(model, 0, seed, log);
        EngineConfig c = cfg.withThreads(threads);
        int vocab = model.config().vocabSize();
        runner.run(Workloads.fixed(1, inputLen, 16, vocab, seed + 1), c, BenchRunner.Reservation.NONE);
        int rounds = Math.max(3, outputLen / 32);
        int perRound = Math.max(2, (outputLen + rounds - 1) / rounds);
        double[] gbs = new double[rounds];
        double[] rate = new double[rounds];
        double[] ratio = new double[rounds];
        double[] prompt = new double[rounds];
        ArrayNode rows = JSON.createArrayNode();
        double before = MachineLimits.readBandwidthGBs(threads, BANDWIDTH_FLOATS);
        for (int r = 0; r < rounds; r++) {
            BenchMetrics m = runner.run(Workloads.fixed(1, inputLen, perRound, vocab, seed + 2 + r), c,
                BenchRunner.Reservation.NONE);
            double after = MachineLimits.readBandwidthGBs(threads, BANDWIDTH_FLOATS);
            gbs[r] = Math.max(before, after);
            rate[r] = m.decodeTokensPerS();
            ratio[r] = rate[r] / (gbs[r] * 1e9 / bytes);
            prompt[r] = m.promptTokensPerS();
            log.printf(Locale.ROOT, "round %d: %.1f GB/s, decode %.1f tokens/s = %.1f%% of roofline%n", r + 1, gbs[r], rate[r],
                100 * ratio[r]);
            ObjectNode row = rows.addObject();
            row.put("read_bandwidth_gbs", round(gbs[r]));
            row.put("decode_tokens_per_s", round(rate[r]));
            row.put("decode_of_roofline", round(ratio[r]));
            before = after;
        }
        double medianGbs = median(gbs);
        double roofline = medianGbs * 1e9 / bytes;
        double medianRate = median(rate);
        double medianRatio = median(ratio);
        out.printf(Locale.ROOT, "read bandwidth (%d threads, median of %d rounds): %.1f GB/s; weights read per token: %.1f MB "
            + "-> roofline %.1f tokens/s%n", threads, rounds, medianGbs, bytes / 1e6, roofline);
        out.printf(Locale.ROOT, "one sequence: decode %.1f tokens/s (median round), %.1f%% of roofline (median round), "
            + "prompt %.0f tokens/s%n", medianRate, 100 * medianRatio, median(prompt));
        ObjectNode o = JSON.createObjectNode();
        o.put("threads", threads);
        o.put("read_bandwidth_gbs", round(medianGbs));
        o.put("weight_bytes_per_token", bytes);
        o.put("roofline_tokens_per_s", round(roofline));
        o.put("decode_tokens_per_s", round(medianRate));
        o.put("decode_of_roofline", round(medianRatio));
        o.put("prompt_tokens_per_s", round(median(prompt)));
        o.set("rounds", rows);
        return o;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /**
     * Bytes of the matrices one decode step streams — every layer's projections and the output head — counted in the
     * file's layout. The CPU kernels' int8 panels stream more for Q8_0 (1.125 bytes per weight with their F32 scales,
     * 1.0625 in the file), so this roofline is the stricter one; for F32 the two are equal.
     */
    static long weightBytesPerToken(Model model) {
        long n = bytes(model.weights().output());
        for (LayerWeights l : model.weights().layers()) {
            for (Tensor t : List.of(l.wq(), l.wk(), l.wv(), l.wo(), l.wGate(), l.wUp(), l.wDown())) n += bytes(t);
        }
        return n;
    }

    private static long bytes(Tensor t) {
        long elements = (long) t.rows() * t.cols();
        GgmlType type = t.type();
        return elements * type.blockBytes / type.blockSize;
    }

    private static int[][] projections(ModelConfig c) {
        int h = c.hiddenSize();
        int q = c.numHeads() * c.headDim();
        int kv = c.numKvHeads() * c.headDim();
        int f = c.intermediateSize();
        return new int[][] {{q, h}, {kv, h}, {kv, h}, {h, q}, {f, h}, {f, h}, {h, f}};
    }

    private static double gflops(Backend b, List<Tensor> weights, int n, Random rnd) {
        int maxCols = 0;
        int maxRows = 0;
        for (Tensor t : weights) {
            maxCols = Math.max(maxCols, t.cols());
            maxRows = Math.max(maxRows, t.rows());
        }
        float[] x = new float[n * maxCols];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextFloat() - 0.5f;
        float[] y = new float[n * maxRows];
        run(b, weights, x, n, y, 200_000_000L);
        return run(b, weights, x, n, y, 600_000_000L);
    }

    /** Repeats the layer's products for about {@code nanos}; GFLOP/s. */
    private static double run(Backend b, List<Tensor> weights, float[] x, int n, float[] y, long nanos) {
        long flops = 0;
        long t0 = System.nanoTime();
        long elapsed;
        do {
            for (Tensor w : weights) {
                b.matmul(w, x, n, y);
                flops += 2L * w.rows() * w.cols() * n;
            }
            elapsed = System.nanoTime() - t0;
        } while (elapsed < nanos);
        return flops / (double) elapsed;
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
