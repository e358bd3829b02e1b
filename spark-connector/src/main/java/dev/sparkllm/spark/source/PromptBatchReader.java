package dev.sparkllm.spark.source;

import dev.sparkllm.spark.GenerateSettings;
import dev.sparkllm.spark.PartitionGenerator;
import java.io.IOException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.deploy.SparkHadoopUtil;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.vectorized.ArrowColumnVector;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Reads one prompt file into Arrow batches: its rows go through a {@link PartitionGenerator} (the same windowed,
 * in-order path as the SQL function), and each batch of finished rows is written into Arrow vectors that Spark reads
 * through {@link ArrowColumnVector}. The vectors are reused from batch to batch and freed when the reader closes.
 */
final class PromptBatchReader implements PartitionReader<ColumnarBatch> {
    private static final int MAX_BATCH = 1024;

    private final PromptRows prompts;
    private final ReaderMetrics metrics = new ReaderMetrics();
    private final PartitionGenerator generator;
    private final int batchSize;
    private final BufferAllocator allocator = new RootAllocator();
    private final FieldVector[] vectors;
    private final ColumnarBatch batch;

    PromptBatchReader(PromptFile file, SourceOptions options, GenerateSettings settings) {
        SparkEnv env = SparkEnv.get();
        this.prompts = PromptRows.open(file.path(), options, SparkHadoopUtil.get().newConfiguration(env.conf()));
        this.generator = new PartitionGenerator(new LineCallInputs(), settings, metrics.counters(), TaskContext.get(), prompts);
        this.batchSize = Math.min(MAX_BATCH, settings.rowsInFlight());
        StructField[] fields = SourceSchema.SCHEMA.fields();
        vectors = new FieldVector[fields.length];
        ColumnVector[] columns = new ColumnVector[fields.length];
        for (int i = 0; i < fields.length; i++) {
            vectors[i] = fields[i].dataType() == DataTypes.IntegerType ? new IntVector(fields[i].name(), allocator)
                : new VarCharVector(fields[i].name(), allocator);
            vectors[i].allocateNew();
            columns[i] = new ArrowColumnVector(vectors[i]);
        }
        batch = new ColumnarBatch(columns);
    }

    @Override
    public boolean next() {
        if (!generator.hasNext()) return false;
        for (FieldVector v : vectors) v.reset();
        int n = 0;
        while (n < batchSize && generator.hasNext()) write(n++, generator.next());
        for (FieldVector v : vectors) v.setValueCount(n);
        batch.setNumRows(n);
        return true;
    }

    /** Row {@code n}: the input's id, prompt, messages, then the result struct's fields (at input field 4). */
    private void write(int n, InternalRow row) {
        for (int i = 0; i < SourceSchema.INPUT_FIELDS; i++) setString(i, n, row, i);
        InternalRow result = row.getStruct(LineCallInputs.FIELD + 1, vectors.length - SourceSchema.INPUT_FIELDS);
        for (int i = SourceSchema.INPUT_FIELDS; i < vectors.length; i++) {
            int f = i - SourceSchema.INPUT_FIELDS;
            if (vectors[i] instanceof IntVector iv) {
                if (result.isNullAt(f)) iv.setNull(n);
                else iv.setSafe(n, result.getInt(f));
            } else {
                setString(i, n, result, f);
            }
        }
    }

    private void setString(int vector, int n, InternalRow row, int field) {
        VarCharVector v = (VarCharVector) vectors[vector];
        if (row.isNullAt(field)) v.setNull(n);
        else v.setSafe(n, row.getUTF8String(field).getBytes());
    }

    @Override
    public ColumnarBatch get() {
        return batch;
    }

    /** This file's totals so far; the engine counters are added when the last row has been read. */
    @Override
    public CustomTaskMetric[] currentMetricsValues() {
        return metrics.current();
    }

    @Override
    public void close() throws IOException {
        batch.close();   // closes the vectors
        allocator.close();
        prompts.close();
    }
}
