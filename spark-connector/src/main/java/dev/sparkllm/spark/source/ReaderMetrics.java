package dev.sparkllm.spark.source;

import dev.sparkllm.spark.GenerateMetrics;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.execution.metric.SQLMetric;

/**
 * One reader's {@link ScanMetrics} values. {@link dev.sparkllm.spark.PartitionGenerator} counts into SQL metrics, as the
 * plan node needs; here they are local counters, never registered with Spark, whose totals the reader reports as task
 * metrics. The mean running batch is an average SQL metric, which keeps tenths ({@link ScanMetrics.MeanRunningBatch}).
 */
final class ReaderMetrics {
    private record TaskValue(String name, long value) implements CustomTaskMetric { }

    private final Map<String, SQLMetric> counters = new LinkedHashMap<>();

    ReaderMetrics() {
        for (CustomMetric m : ScanMetrics.all()) {
            counters.put(m.name(), new SQLMetric(m instanceof ScanMetrics.MeanRunningBatch ? "average" : "sum", 0));
        }
    }

    /** The counters to hand to the generator, by {@link GenerateMetrics} name. */
    Map<String, SQLMetric> counters() {
        return counters;
    }

    CustomTaskMetric[] current() {
        return counters.entrySet().stream().map(e -> new TaskValue(e.getKey(), e.getValue().value())).toArray(CustomTaskMetric[]::new);
    }
}
