package dev.sparkllm.spark.source;

import org.apache.spark.sql.connector.read.InputPartition;

/** One input split: a whole prompt file, read by one task. */
record PromptFile(String path) implements InputPartition { }
