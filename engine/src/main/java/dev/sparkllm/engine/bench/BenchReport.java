package dev.sparkllm.engine.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkllm.engine.model.StepPhases;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Benchmark results as a human table and as the one-line JSON object scripts read. */
public final class BenchReport {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The runs of {@code --compare}, by their JSON key. */
    public static final String PAGED = "paged";
    public static final String STATIC = "static";
    public static final String STATIC_ORACLE = "static_oracle";
    public static final String NO_PREFIX_CACHE = "no_prefix_cache";

    private BenchReport() { }

    /** One row per run, in the map's order. */
    public static String table(Map<String, BenchMetrics> runs) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
            "%-16s %6s %8s %9s %10s %10s %6s %7s %7s %7s %8s %7s%n", "run", "reqs", "wall s", "req/s", "out tok/s",
            "total t/s", "peak", "mean", "KV use", "prefix", "prompt/s", "preempt"));
        runs.forEach((name, m) -> sb.append(String.format(Locale.ROOT,
            "%-16s %6d %8.2f %9.3f %10.1f %10.1f %6d %7.2f %6.1f%% %6.1f%% %8.0f %7d%n", name, m.requests(),
            m.wallSeconds(), m.requestsPerS(), m.outputTokensPerS(), m.totalTokensPerS(), m.peakRunning(),
            m.meanRunning(), 100 * m.kvUtilization(), 100 * m.prefixHitRate(), m.promptTokensPerS(), m.preemptions())));
        return sb.toString();
    }

    /** Each run's step time by phase: milliseconds and share, one column pair per run. */
    public static String profileTable(Map<String, BenchMetrics> runs) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-42s", "step time (wall clock)"));
        runs.keySet().forEach(name -> sb.append(String.format(Locale.ROOT, " %10s %6s", name + " ms", "share")));
        sb.append('\n');
        List<Map<String, Double>> shares = runs.values().stream().map(BenchMetrics::phaseShares).toList();
        List<BenchMetrics> metrics = List.copyOf(runs.values());
        for (StepPhases.Phase p : StepPhases.Phase.values()) {
            sb.append(String.format(Locale.ROOT, "%-42s", p.label));
            for (int i = 0; i < metrics.size(); i++) {
                sb.append(String.format(Locale.ROOT, " %10.0f %5.1f%%", metrics.get(i).phaseNanos()[p.ordinal()] / 1e6,
                    100 * shares.get(i).get(p.label)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Adds {@code "profile": {phase label: share of step time}} to a run's JSON object. */
    public static void addProfile(ObjectNode run, BenchMetrics m) {
        ObjectNode p = run.putObject("profile");
        m.phaseShares().forEach((label, share) -> p.put(label, round(share)));
    }

    /** The JSON object of one run (the keys documented in {@code sparkllm bench --help}). */
    public static ObjectNode json(BenchMetrics m) {
        ObjectNode o = JSON.createObjectNode();
        o.put("output_tokens_per_s", round(m.outputTokensPerS()));
        o.put("prompt_tokens_per_s", round(m.promptTokensPerS()));
        o.put("total_tokens_per_s", round(m.totalTokensPerS()));
        o.put("requests_per_s", round(m.requestsPerS()));
        o.put("peak_running", m.peakRunning());
        o.put("mean_running", round(m.meanRunning()));
        o.put("kv_utilization", round(m.kvUtilization()));
        o.put("prefix_hit_rate", round(m.prefixHitRate()));
        o.put("preemptions", m.preemptions());
        o.put("prompt_tokens", m.promptTokens());
        o.put("prompt_tokens_computed", m.promptTokensComputed());
        o.put("decode_tokens_per_s", round(m.decodeTokensPerS()));
        return o;
    }

    /**
     * The {@code --compare} object: each run under its key, then {@code ratios}: paged over each static baseline, and
     * prefix caching on over off, for the rates and batch sizes the comparison is about.
     */
    public static ObjectNode compareJson(BenchMetrics paged, BenchMetrics staticMax, BenchMetrics staticOracle,
                                         BenchMetrics noPrefixCache) {
        ObjectNode o = JSON.createObjectNode();
        o.set(PAGED, json(paged));
        o.set(STATIC, json(staticMax));
        o.set(STATIC_ORACLE, json(staticOracle));
        o.set(NO_PREFIX_CACHE, json(noPrefixCache));
        ObjectNode ratios = o.putObject("ratios");
        ratios.set("paged_vs_static", ratios(paged, staticMax));
        ratios.set("paged_vs_static_oracle", ratios(paged, staticOracle));
        ratios.set("prefix_cache_on_vs_off", ratios(paged, noPrefixCache));
        return o;
    }

    private static ObjectNode ratios(BenchMetrics a, BenchMetrics b) {
        ObjectNode o = JSON.createObjectNode();
        ratio(o, "output_tokens_per_s", a.outputTokensPerS(), b.outputTokensPerS());
        ratio(o, "requests_per_s", a.requestsPerS(), b.requestsPerS());
        ratio(o, "peak_running", a.peakRunning(), b.peakRunning());
        ratio(o, "mean_running", a.meanRunning(), b.meanRunning());
        return o;
    }

    /** a / b, or null when b is 0 (JSON has no NaN or infinity). */
    private static void ratio(ObjectNode o, String key, double a, double b) {
        if (b == 0) o.putNull(key);
        else o.put(key, round(a / b));
    }

    /** Ratios of the comparison as text, for the human output. */
    public static String ratiosText(ObjectNode compare) {
        StringBuilder sb = new StringBuilder();
        compare.get("ratios").properties().forEach(e -> {
            sb.append(String.format(Locale.ROOT, "%-24s", e.getKey()));
            e.getValue().properties().forEach(r -> sb.append(' ').append(r.getKey()).append(' ')
                .append(r.getValue().isNull() ? "n/a" : String.format(Locale.ROOT, "%.2fx", r.getValue().asDouble())));
            sb.append('\n');
        });
        return sb.toString();
    }

    /** Four significant decimals are plenty for rates and ratios, and keep the JSON line readable. */
    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
