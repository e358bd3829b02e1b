package dev.sparkllm.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/**
 * The DataFrame API of {@code generate()}: the same SQL function the plugin registers, so
 * {@code df.withColumn("r", SparkLlm.generate(col("prompt")))} and PySpark's {@code expr("generate(prompt)")} plan the
 * same way. The session must have the plugin (or the extension) installed.
 */
public final class SparkLlm {
    public static final String FUNCTION = "generate";

    private SparkLlm() { }

    /** Generates for each row's prompt (a string, or chat messages {@code array<struct<role,content>>}). */
    public static Column generate(Column prompt) {
        return functions.call_function(FUNCTION, prompt);
    }

    /** With options for every row, e.g. {@code Map.of("max_tokens", "32", "temperature", "0")}. */
    public static Column generate(Column prompt, Map<String, String> options) {
        if (options.isEmpty()) return generate(prompt);
        List<Column> kv = new ArrayList<>();
        for (Map.Entry<String, String> e : new TreeMap<>(options).entrySet()) {
            kv.add(functions.lit(e.getKey()));
            kv.add(functions.lit(e.getValue()));
        }
        return generate(prompt, functions.map(kv.toArray(new Column[0])));
    }

    /** With per-row options: a {@code map<string,string>} column. */
    public static Column generate(Column prompt, Column options) {
        return functions.call_function(FUNCTION, prompt, options);
    }
}
