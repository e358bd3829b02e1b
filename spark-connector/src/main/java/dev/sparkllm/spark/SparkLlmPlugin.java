package dev.sparkllm.spark;

import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * The one setting a user needs: {@code spark.plugins=dev.sparkllm.spark.SparkLlmPlugin}. The driver side installs the
 * SQL extension that provides {@code generate()}; the executor side owns the executor's engines.
 */
public final class SparkLlmPlugin implements SparkPlugin {
    @Override
    public DriverPlugin driverPlugin() {
        return new SparkLlmDriverPlugin();
    }

    @Override
    public ExecutorPlugin executorPlugin() {
        return new SparkLlmExecutorPlugin();
    }
}
