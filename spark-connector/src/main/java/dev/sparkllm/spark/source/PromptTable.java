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
final class PromptTable implements SupportsRead {
    private final Map<String, String> properties;

    PromptTable(Map<String, String> properties) {
        this.properties = properties;
    }

    @Override
    public String name() {
        return "sparkllm(" + properties.getOrDefault("path", "") + ")";
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
        Map<String, String> all = new HashMap<>(properties);
        all.putAll(options.asCaseSensitiveMap());
        return new PromptScanBuilder(all);
    }
}
