package dev.sparkllm.spark;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import scala.Tuple2;

/**
 * Executor side of the plugin: configures this JVM's {@link EngineRegistry} (engines are opened lazily by the first
 * task that needs one), publishes the engine gauges, and closes the engines when the executor stops.
 */
final class SparkLlmExecutorPlugin implements ExecutorPlugin {
    @Override
    public void init(PluginContext ctx, Map<String, String> extraConf) {
        SparkConf conf = ctx.conf();
        Map<String, String> settings = new HashMap<>();
        for (Tuple2<String, String> e : conf.getAllWithPrefix(SparkLlmConf.PREFIX)) {
            settings.put(SparkLlmConf.PREFIX + e._1(), e._2());
        }
        settings.putAll(extraConf);   // what the driver resolved wins over the executor's copy
        EngineRegistry.configure(SparkLlmConf.engineSettings(settings, conf.getInt("spark.executor.cores", 0)));
        EngineGauges.register(ctx.metricRegistry());
    }

    @Override
    public void shutdown() {
        EngineRegistry.closeAll();
    }
}
