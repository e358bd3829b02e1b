package dev.sparkllm.spark.source;

import dev.sparkllm.spark.GenerateMetrics;
import java.util.Arrays;
import java.util.Locale;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomSumMetric;

/**
 * The scan's metrics in the Spark UI: the numbers the {@code generate()} plan node shows as SQL metrics, under the same
 * names. Rows are not among them: the scan node counts its output rows itself, and every prompt is one row. Spark
 * creates these classes by name on the driver to aggregate the tasks' values, so they are public with no-argument
 * constructors.
 */
public final class ScanMetrics {
    private ScanMetrics() { }

    static CustomMetric[] all() {
        return new CustomMetric[] {
            new ErrorRows(), new PromptTokens(), new GeneratedTokens(), new CachedTokens(),
            new Preemptions(), new EngineSteps(), new EngineTime(), new MeanRunningBatch()};
    }

    abstract static class Sum extends CustomSumMetric {
        private final String name;
        private final String description;

        Sum(String name, String description) {
            this.name = name;
            this.description = description;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String description() {
            return description;
        }
    }

    public static final class ErrorRows extends Sum {
        public ErrorRows() {
            super(GenerateMetrics.ERRORS, "rows with an error");
        }
    }

    public static final class PromptTokens extends Sum {
        public PromptTokens() {
            super(GenerateMetrics.PROMPT_TOKENS, "prompt tokens");
        }
    }

    public static final class GeneratedTokens extends Sum {
        public GeneratedTokens() {
            super(GenerateMetrics.GENERATED_TOKENS, "generated tokens");
        }
    }

    public static final class CachedTokens extends Sum {
        public CachedTokens() {
            super(GenerateMetrics.CACHED_TOKENS, "prefix-cache hit tokens");
        }
    }

    /** Like the engine counters below, a difference over the task of an engine that other tasks may share. */
    public static final class Preemptions extends Sum {
        public Preemptions() {
            super(GenerateMetrics.PREEMPTIONS, "engine preemptions");
        }
    }

    public static final class EngineSteps extends Sum {
        public EngineSteps() {
            super(GenerateMetrics.ENGINE_STEPS, "engine steps");
        }
    }

    public static final class EngineTime extends Sum {
        public EngineTime() {
            super(GenerateMetrics.ENGINE_TIME, "engine step time (ms)");
        }
    }

    /**
     * The mean number of sequences per engine step. A task's value is ten times its mean, as Spark's average SQL
     * metrics keep it (the generator sets the mean on one); shown is the mean over the tasks that ran a step (Spark
     * leaves out tasks whose value stayed 0).
     */
    public static final class MeanRunningBatch implements CustomMetric {
        static final double TASK_VALUE_SCALE = 10;

        @Override
        public String name() {
            return GenerateMetrics.MEAN_BATCH;
        }

        @Override
        public String description() {
            return "mean running batch size";
        }

        @Override
        public String aggregateTaskMetrics(long[] taskMetrics) {
            double mean = Arrays.stream(taskMetrics).average().orElse(0) / TASK_VALUE_SCALE;
            return String.format(Locale.ROOT, "%.2f", mean);
        }
    }
}
