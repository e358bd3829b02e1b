package dev.sparkllm.spark;

import dev.sparkllm.engine.runtime.FinishReason;
import dev.sparkllm.engine.runtime.GenerationResult;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/** The struct {@code generate()} returns, and how an engine result becomes one. */
public final class GenerateResults {
    /** {@code struct<text, finish_reason, prompt_tokens, completion_tokens, cached_tokens, error>}. */
    public static final StructType SCHEMA = new StructType()
        .add("text", DataTypes.StringType)
        .add("finish_reason", DataTypes.StringType)
        .add("prompt_tokens", DataTypes.IntegerType)
        .add("completion_tokens", DataTypes.IntegerType)
        .add("cached_tokens", DataTypes.IntegerType)
        .add("error", DataTypes.StringType);

    private GenerateResults() { }

    /** A successful or failed engine result; an error row keeps the prompt length when the engine knew it. */
    static InternalRow toRow(GenerationResult r) {
        if (r.isError()) return error(r.promptTokenIds().length, r.error());
        return new GenericInternalRow(new Object[] {
            UTF8String.fromString(r.text()), UTF8String.fromString(r.finishReason().wire), r.promptTokenIds().length,
            r.completionTokens(), r.cachedPromptTokens(), null});
    }

    /** A row for a request that failed: no text, zero generated tokens, the reason in {@code error}. */
    static InternalRow error(int promptTokens, String message) {
        return new GenericInternalRow(new Object[] {
            null, UTF8String.fromString(FinishReason.ERROR.wire), promptTokens, 0, 0, UTF8String.fromString(message)});
    }
}
