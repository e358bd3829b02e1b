package dev.sparkllm.spark.source;

import java.util.Map;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * {@code spark.read.format("sparkllm").option("model", …).load(path)} and
 * {@code CREATE TEMPORARY VIEW v USING sparkllm OPTIONS (path …, model …)}: reads prompt files and returns their
 * generations. The schema is fixed ({@link SourceSchema}); a user-given schema is not accepted.
 */
public final class SparkLlmSource implements TableProvider, DataSourceRegister {
    @Override
    public String shortName() {
        return "sparkllm";
    }

    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) {
        return SourceSchema.SCHEMA;
    }

    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        return new PromptTable(properties);
    }
}
