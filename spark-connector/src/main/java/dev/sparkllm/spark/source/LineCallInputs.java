package dev.sparkllm.spark.source;

import dev.sparkllm.spark.CallInput;
import dev.sparkllm.spark.CallInputs;
import org.apache.spark.sql.catalyst.InternalRow;

/** The one generate() call of a prompt-file row: the {@link CallInput} its {@link PromptRows} parsed into field 3. */
final class LineCallInputs implements CallInputs {
    static final int FIELD = 3;

    @Override
    public int calls() {
        return 1;
    }

    @Override
    public CallInput[] read(InternalRow row) {
        return new CallInput[] {(CallInput) row.get(FIELD, null)};
    }
}
