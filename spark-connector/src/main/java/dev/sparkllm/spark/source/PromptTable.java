package dev.sparkllm.spark.source;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/** The prompt files under one path, readable in batch. */
record PromptTable(Map<String, String> options) implements SupportsRead {
    @Override
    public String name() {
        return "sparkllm(" + options.getOrDefault("path", "") + ")";
    }

    @Override
    public StructType schema() {
        return SourceSchema.SCHEMA;
    }

    @Override
    public Set<TableCapability> capabilities() {
        return Set.of(TableCapability.BATCH_READ);
    }

    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
        Map<String, String> all = new HashMap<>(this.options);
        all.putAll(options.asCaseSensitiveMap());   // read-time options win over the table's
        return new PromptScanBuilder(all);
    }
}
