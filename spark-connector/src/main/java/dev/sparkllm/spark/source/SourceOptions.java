package dev.sparkllm.spark.source;

import java.io.Serializable;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The data source's options: {@code path} (a file or a folder of files), {@code prompt_format} ({@code jsonl},
 * {@code text} or {@code arrow}; default by file content and name, see {@link PromptFormat}), and generate() options
 * ({@code model}, {@code on_error}, sampling keys) applied to every prompt.
 *
 * @param generateOptions the generate() options every prompt starts from (a row's own fields override them)
 */
record SourceOptions(String path, String promptFormat, Map<String, String> generateOptions) implements Serializable {
    static final String PATH = "path";
    static final String PROMPT_FORMAT = "prompt_format";
    private static final Set<String> FORMATS = Set.of("jsonl", "text", "arrow");

    static SourceOptions from(Map<String, String> options) {
        String path = options.get(PATH);
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("the sparkllm data source needs a path: load(path) or option(\"path\", …)");
        }
        String format = options.get(PROMPT_FORMAT);
        if (format != null) {
            format = format.trim().toLowerCase(Locale.ROOT);
            if (!FORMATS.contains(format)) {
                throw new IllegalArgumentException("option prompt_format must be jsonl, text or arrow, got \""
                    + options.get(PROMPT_FORMAT) + "\"");
            }
        }
        Map<String, String> generate = new TreeMap<>(options);
        generate.keySet().removeAll(Set.of(PATH, "paths", PROMPT_FORMAT));
        return new SourceOptions(path, format, generate);
    }
}
