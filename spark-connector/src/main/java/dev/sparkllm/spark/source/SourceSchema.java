package dev.sparkllm.spark.source;

import dev.sparkllm.spark.GenerateResults;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The rows {@code format("sparkllm")} returns: the input line's {@code id}, {@code prompt} and {@code messages} (the
 * line's JSON array, as text), then the fields of {@code generate()}'s result struct as top-level columns.
 */
final class SourceSchema {
    static final int INPUT_FIELDS = 3;
    static final StructType SCHEMA = build();

    private SourceSchema() { }

    private static StructType build() {
        StructType s = new StructType()
            .add("id", DataTypes.StringType)
            .add("prompt", DataTypes.StringType)
            .add("messages", DataTypes.StringType);
        for (StructField f : GenerateResults.SCHEMA.fields()) s = s.add(f);
        return s;
    }
}
