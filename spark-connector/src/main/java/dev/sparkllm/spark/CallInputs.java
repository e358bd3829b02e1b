package dev.sparkllm.spark;

import org.apache.spark.sql.catalyst.InternalRow;

/** Reads the inputs of a fixed number of generate() calls from an input row (which it must not keep). */
public interface CallInputs {
    int calls();

    CallInput[] read(InternalRow row);
}
