package dev.sparkllm.examples;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Totals over {@code generate()} results, from the result struct's fields: rows, rows with an error, and the prompt,
 * generated and prefix-cache-hit ({@code cached_tokens}) token counts. One aggregation query computes them all.
 */
record ResultSummary(long rows, long errorRows, long promptTokens, long completionTokens, long cachedTokens) {

    /**
     * Totals of {@code results}, whose result fields sit under {@code prefix}: {@code "r."} for a struct column
     * {@code r}, {@code ""} for a table with the fields as top-level columns (e.g. written to Parquet).
     */
    static ResultSummary of(Dataset<Row> results, String prefix) {
        Row t = results.agg(count(lit(1)), count_if(col(prefix + "error").isNotNull()),
            total(prefix + "prompt_tokens"), total(prefix + "completion_tokens"), total(prefix + "cached_tokens")).first();
        return new ResultSummary(t.getLong(0), t.getLong(1), t.getLong(2), t.getLong(3), t.getLong(4));
    }

    private static Column total(String field) {
        return coalesce(sum(col(field)), lit(0L));
    }

    /** The share of prompt tokens whose KV came from the prefix cache. */
    double cachedFraction() {
        return promptTokens == 0 ? 0 : cachedTokens / (double) promptTokens;
    }

    String json() {
        return String.format("\"rows\":%d,\"error_rows\":%d,\"prompt_tokens\":%d,\"completion_tokens\":%d,\"cached_tokens\":%d",
            rows, errorRows, promptTokens, completionTokens, cachedTokens);
    }
}
