package dev.sparkllm.engine.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkllm.engine.kv.KvAllocation;
import dev.sparkllm.engine.model.Model;
import dev.sparkllm.engine.model.ModelConfig;
import dev.sparkllm.engine.model.ModelLoader;
import dev.sparkllm.engine.cli.EngineOptions;
import dev.sparkllm.engine.runtime.EngineConfig;
import dev.sparkllm.engine.weights.GgmlType;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sparkllm bench}: offline throughput of the engine on a synthetic workload (vLLM paper, section 6). */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Offline throughput benchmark: submits every request of a seeded synthetic workload at once and "
        + "measures until the last completes. With --json the last line of standard output is one JSON object "
        + "{output_tokens_per_s, prompt_tokens_per_s, total_tokens_per_s, requests_per_s, peak_running, mean_running, "
        + "kv_utilization, prefix_hit_rate, preemptions, prompt_tokens, prompt_tokens_computed, decode_tokens_per_s}; with --compare it is {paged, static, static_oracle, "
        + "no_prefix_cache, ratios}.",
        "Shapes (random weights, nothing to download): smollm2-135m, qwen2.5-0.5b, llama3.2-1b."})
public final class BenchCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Source source;

    static final class Source {
        @Option(names = "--shape", description = "a model shape with random weights") String shape;
        @Option(names = "--model", description = "a Hugging Face model directory or .gguf file") Path model;
    }

    @Option(names = "--micro", description = "instead of a workload, measure the CPU backend against the machine: gemm "
        + "(one layer's projections of the shape, F32 and Q8_0, 1-256 tokens, vs the measured FMA peak) or decode (one "
        + "sequence on the whole model vs the measured memory-bandwidth roofline; --input-len, --output-len)")
    String micro;
    @Option(names = "--dtype", defaultValue = "f32", description = "weight type of --shape: f32, bf16, f16, q8_0, q4_0, q4_k or q6_k (default ${DEFAULT-VALUE})")
    String dtype;
    @Option(names = "--workload", defaultValue = "sharegpt",
        description = "sharegpt, alpaca, fixed or shared-prefix (default ${DEFAULT-VALUE})") String workload;
    @Option(names = "--num-prompts", description = "requests (default 100; shared-prefix: groups x prompts per group)")
    Integer numPrompts;
    @Option(names = "--length-scale", defaultValue = "1",
        description = "sharegpt and alpaca: multiply every length, limit and the max_tokens cap by this, in (0, 1], for "
            + "quick runs on small machines (default ${DEFAULT-VALUE}: the paper's statistics)") double lengthScale;
    @Option(names = "--input-len", defaultValue = "128", description = "fixed: prompt tokens (default ${DEFAULT-VALUE})") int inputLen;
    @Option(names = "--output-len", defaultValue = "128",
        description = "fixed and shared-prefix: output tokens (default ${DEFAULT-VALUE})") int outputLen;
    @Option(names = "--groups", defaultValue = "64", description = "shared-prefix: prefixes (default ${DEFAULT-VALUE})") int groups;
    @Option(names = "--prompts-per-group", defaultValue = "16",
        description = "shared-prefix: prompts per prefix (default ${DEFAULT-VALUE})") int perGroup;
    @Option(names = "--prefix-len", defaultValue = "1024", description = "shared-prefix: prefix tokens (default ${DEFAULT-VALUE})") int prefixLen;
    @Option(names = "--question-len", defaultValue = "128",
        description = "shared-prefix: tokens after the prefix (default ${DEFAULT-VALUE})") int questionLen;
    @Option(names = "--max-tokens", description = "the max_tokens cap static reservation assumes (default: 1024 for sharegpt "
        + "and alpaca, the output length otherwise)") Integer maxTokensCap;
    @Option(names = "--seed", defaultValue = "0", description = "seeds weights, workload and sampling (default ${DEFAULT-VALUE})") long seed;
    @Option(names = "--temperature", defaultValue = "0", description = "0 = greedy, else seeded sampling (default ${DEFAULT-VALUE})")
    double temperature;

    @Mixin EngineOptions engine;
    @Option(names = "--compare", description = "run paged, static (max_tokens reservation), static oracle (true length "
        + "reservation) and paged without prefix caching at the same KV budget, and print their ratios") boolean compare;
    @Option(names = "--no-warmup", description = "skip the short warm-up run before measuring") boolean noWarmup;
    @Option(names = "--json", description = "end the output with one line of JSON") boolean json;
    @Option(names = "--profile", description = "print where each run's step time goes, measured by the wall clock of "
        + "the engine thread (projections, logits, attention, token-wise work, sampling, scheduling); also under "
        + "\"profile\" in each run's JSON")
    boolean profile;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        PrintStream log = System.err;
        EngineConfig cfg = engine.toConfig();
        if (micro != null) return micro(out, log, cfg);
        if (source == null) throw new IllegalArgumentException("give --shape, --model or --micro");
        Model model = model(log);
        Workload w = workload(model.config());
        out.println(w.describe());
        BenchRunner runner = new BenchRunner(model, temperature, seed, log);
        if (!noWarmup) runner.warmUp(cfg);
        measure(out, runner, w, cfg);
        return 0;
    }

    private void measure(PrintStream out, BenchRunner runner, Workload w, EngineConfig cfg) {
        if (compare) {
            Map<String, BenchMetrics> runs = runner.compare(w, cfg);
            ObjectNode o = BenchReport.compareJson(runs.get(BenchReport.PAGED), runs.get(BenchReport.STATIC),
                runs.get(BenchReport.STATIC_ORACLE), runs.get(BenchReport.NO_PREFIX_CACHE));
            out.print(BenchReport.table(runs));
            out.print(BenchReport.ratiosText(o));
            if (profile) runs.forEach((name, m) -> BenchReport.addProfile((ObjectNode) o.get(name), m));
            finish(out, o, runs);
        } else {
            BenchRunner.Reservation r = cfg.kvAllocation() == KvAllocation.STATIC
                ? BenchRunner.Reservation.MAX_TOKENS_CAP : BenchRunner.Reservation.NONE;
            String label = cfg.kvAllocation() == KvAllocation.STATIC ? BenchReport.STATIC
                : cfg.prefixCaching() ? BenchReport.PAGED : BenchReport.NO_PREFIX_CACHE;
            BenchMetrics m = runner.logged(label, w, cfg, r);
            Map<String, BenchMetrics> runs = new LinkedHashMap<>();
            runs.put(label, m);
            out.print(BenchReport.table(runs));
            ObjectNode o = BenchReport.json(m);
            if (profile) BenchReport.addProfile(o, m);
            finish(out, o, runs);
        }
    }

    /** Prints the step-time profile of each run (with --profile) and the JSON line (with --json). */
    private void finish(PrintStream out, ObjectNode o, Map<String, BenchMetrics> runs) {
        if (profile) out.print(BenchReport.profileTable(runs));
        if (json) out.println(o);
    }

    private int micro(PrintStream out, PrintStream log, EngineConfig cfg) {
        if (source == null) {
            source = new Source();
            source.shape = "smollm2-135m";
        }
        MicroBench bench = new MicroBench(out, log, cfg.threads());
        ObjectNode o = switch (micro.toLowerCase(Locale.ROOT)) {
            case "gemm" -> {
                if (source.model != null) throw new IllegalArgumentException("--micro gemm takes --shape, not --model");
                yield bench.gemm(ModelShapes.config(source.shape));
            }
            case "decode" -> bench.decode(model(log), cfg, inputLen, outputLen, seed);
            default -> throw new IllegalArgumentException("unknown --micro '" + micro + "'; use gemm or decode");
        };
        if (json) out.println(o);
        return 0;
    }

    private Model model(PrintStream log) {
        if (source.model != null) {
            log.println("bench: loading " + source.model);
            return ModelLoader.load(source.model);
        }
        ModelConfig c = ModelShapes.config(source.shape);
        GgmlType type = ModelShapes.dtype(dtype);
        long t0 = System.nanoTime();
        log.printf("bench: building %s with random %s weights (%.0f MB)...%n", source.shape, type,
            ModelShapes.sizeInBytes(c, type) / 1e6);
        Model m;
        try {
            m = ModelShapes.build(source.shape, type, seed);
        } catch (OutOfMemoryError e) {
            throw new IllegalArgumentException(String.format("not enough heap to build %s with %s weights (%.0f MB; max "
                + "heap %.0f MB): raise -Xmx or pick a smaller --shape or --dtype", source.shape, type,
                ModelShapes.sizeInBytes(c, type) / 1e6, Runtime.getRuntime().maxMemory() / 1e6));
        }
        log.printf("bench: built in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        return m;
    }

    private Workload workload(ModelConfig c) {
        int vocab = c.vocabSize();
        int n = numPrompts != null ? numPrompts : 100;
        if (n <= 0) throw new IllegalArgumentException("--num-prompts must be positive, got " + n);
        Workload w = switch (workload.toLowerCase(Locale.ROOT)) {
            case "sharegpt" -> Workloads.sharegpt(n, vocab, seed, lengthScale);
            case "alpaca" -> Workloads.alpaca(n, vocab, seed, lengthScale);
            case "fixed" -> Workloads.fixed(n, inputLen, outputLen, vocab, seed);
            case "shared-prefix" -> Workloads.sharedPrefix(groups, perGroup, prefixLen, questionLen, outputLen,
                numPrompts != null ? numPrompts : Integer.MAX_VALUE, vocab, seed);
            default -> throw new IllegalArgumentException("unknown --workload '" + workload
                + "'; use sharegpt, alpaca, fixed or shared-prefix");
        };
        return maxTokensCap != null ? w.withMaxTokensCap(maxTokensCap) : w;
    }
}
