package dev.sparkllm.spark.source;

import java.io.Serializable;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The data source's options: {@code path} (a file or a folder of files), {@code prompt_format} ({@code jsonl} or
 * {@code text}; default by file name: .jsonl/.json/.ndjson are JSON lines, anything else one prompt per line), and
 * generate() options ({@code model}, {@code on_error}, sampling keys) applied to every line.
 *
 * @param generateOptions the generate() options every line starts from (a JSON line's own fields override them)
 */
record SourceOptions(String path, String promptFormat, Map<String, String> generateOptions) implements Serializable {
    static final String PATH = "path";
    static final String PROMPT_FORMAT = "prompt_format";

    static SourceOptions from(Map<String, String> options) {
        String path = options.get(PATH);
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("the sparkllm data source needs a path: load(path) or option(\"path\", …)");
        }
        String format = options.get(PROMPT_FORMAT);
        if (format != null) {
            format = format.trim().toLowerCase(Locale.ROOT);
            if (!format.equals("jsonl") && !format.equals("text")) {
                throw new IllegalArgumentException("option prompt_format must be jsonl or text, got \"" + options.get(PROMPT_FORMAT) + "\"");
            }
        }
        Map<String, String> generate = new TreeMap<>(options);
        generate.keySet().removeAll(java.util.Set.of(PATH, "paths", PROMPT_FORMAT));
        return new SourceOptions(path, format, generate);
    }

    /** JSON lines or plain text for {@code file}: the option if given, else by the file name's ending. */
    boolean isJsonLines(String file) {
        if (promptFormat != null) return promptFormat.equals("jsonl");
        String f = file.toLowerCase(Locale.ROOT);
        return f.endsWith(".jsonl") || f.endsWith(".json") || f.endsWith(".ndjson");
    }
}
