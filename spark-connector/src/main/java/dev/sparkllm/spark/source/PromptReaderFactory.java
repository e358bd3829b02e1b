package dev.sparkllm.spark.source;

import dev.sparkllm.spark.GenerateSettings;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/** Serialized to the executors; makes one reader per prompt file. Columnar (Arrow) by default. */
record PromptReaderFactory(SourceOptions options, GenerateSettings settings) implements PartitionReaderFactory {
    @Override
    public boolean supportColumnarReads(InputPartition partition) {
        return true;
    }

    @Override
    public PartitionReader<ColumnarBatch> createColumnarReader(InputPartition partition) {
        return new PromptBatchReader((PromptFile) partition, options, settings);
    }

    /** Rows for callers that ask for them: the same batches, read row by row. */
    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
        return new PromptRowReader(createColumnarReader(partition));
    }
}
