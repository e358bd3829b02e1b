package dev.sparkllm.spark;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.PluginContext;
import scala.Tuple2;

/**
 * Driver side of the plugin. Plugins are initialised while the SparkContext is built, before any SparkSession reads
 * {@code spark.sql.extensions} from the context's conf, so appending our extension there (as NVIDIA's spark-rapids
 * does) makes {@code generate()} available to every session without a second setting.
 */
final class SparkLlmDriverPlugin implements DriverPlugin {
    static final String SQL_EXTENSIONS = "spark.sql.extensions";

    @Override
    public Map<String, String> init(SparkContext sc, PluginContext ctx) {
        SparkConf conf = ctx.conf();   // the context's own conf, not a copy: later readers see the change
        conf.set(SQL_EXTENSIONS, withExtension(conf.get(SQL_EXTENSIONS, "")));
        // Fail at start-up, on the driver, for settings every executor would otherwise reject one by one.
        SparkLlmConf.engineSettings(k -> conf.get(k, null), 0);
        Map<String, String> forExecutors = new TreeMap<>();
        for (Tuple2<String, String> e : conf.getAllWithPrefix(SparkLlmConf.PREFIX)) {
            forExecutors.put(SparkLlmConf.PREFIX + e._1(), e._2());
        }
        return forExecutors;
    }

    /** {@code existing} plus our extension class, once, keeping the user's extensions first. */
    static String withExtension(String existing) {
        Set<String> classes = new LinkedHashSet<>();
        for (String c : Arrays.asList(existing.split(","))) {
            if (!c.isBlank()) classes.add(c.trim());
        }
        classes.add(SparkLlmConf.EXTENSIONS_CLASS);
        return String.join(",", classes);
    }
}
