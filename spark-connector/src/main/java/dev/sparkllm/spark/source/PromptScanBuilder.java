package dev.sparkllm.spark.source;

import dev.sparkllm.spark.GenerateSettings;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;

/** Fixes the per-query settings from the active session's conf, as the SQL function's planner does. */
record PromptScanBuilder(Map<String, String> options) implements ScanBuilder {
    @Override
    public Scan build() {
        SparkSession session = SparkSession.active();
        return new PromptScan(SourceOptions.from(options), GenerateSettings.from(k -> session.conf().get(k, null)));
    }
}
