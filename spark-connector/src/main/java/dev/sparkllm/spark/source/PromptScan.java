package dev.sparkllm.spark.source;

import dev.sparkllm.spark.GenerateSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.types.StructType;

/** Lists the prompt files (one split each, in name order), hands the readers their settings, names the metrics. */
record PromptScan(SourceOptions options, GenerateSettings settings) implements Scan, Batch {
    @Override
    public StructType readSchema() {
        return SourceSchema.SCHEMA;
    }

    @Override
    public String description() {
        return "sparkllm prompts " + options.path();
    }

    @Override
    public CustomMetric[] supportedCustomMetrics() {
        return ScanMetrics.all();
    }

    @Override
    public Batch toBatch() {
        return this;
    }

    @Override
    public InputPartition[] planInputPartitions() {
        Path root = new Path(options.path());
        try {
            FileSystem fs = root.getFileSystem(SparkSession.active().sparkContext().hadoopConfiguration());
            if (!fs.exists(root)) throw new IllegalArgumentException("sparkllm prompt path " + options.path() + " does not exist");
            List<FileStatus> files = new ArrayList<>();
            for (FileStatus s : fs.listStatus(root)) {
                String name = s.getPath().getName();
                // Hidden and bookkeeping files (_SUCCESS, .crc) are not prompts, as for Spark's own file sources.
                if (s.isFile() && !name.startsWith("_") && !name.startsWith(".")) files.add(s);
            }
            files.sort(Comparator.comparing(s -> s.getPath().toString()));
            InputPartition[] out = new InputPartition[files.size()];
            for (int i = 0; i < out.length; i++) out[i] = new PromptFile(files.get(i).getPath().toString());
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("sparkllm cannot list the prompt path " + options.path() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
        return new PromptReaderFactory(options, settings);
    }
}
