package dev.sparkllm.spark;

import java.io.Serializable;

/**
 * The per-query settings a {@code GenerateExec} carries to its tasks, read from the session conf at planning time.
 *
 * @param defaultModel model for calls without a {@code model} option (may be null: then every call must set one)
 * @param rowsInFlight rows a task keeps submitted to the engine at once
 * @param seedBase     base of the seeds derived for rows without a {@code seed} option
 */
public record GenerateSettings(String defaultModel, int rowsInFlight, long seedBase) implements Serializable {

    /** Reads the settings through {@code get} (the session's SQL conf), which returns null for unset keys. */
    public static GenerateSettings from(java.util.function.Function<String, String> get) {
        int maxNumSeqs = SparkLlmConf.positiveInt(get, SparkLlmConf.MAX_NUM_SEQS,
            SparkLlmConf.EngineSettings.DEFAULTS.maxNumSeqs());
        return new GenerateSettings(get.apply(SparkLlmConf.MODEL),
            SparkLlmConf.rowsInFlight(get.apply(SparkLlmConf.ROWS_IN_FLIGHT), maxNumSeqs),
            SparkLlmConf.seed(get.apply(SparkLlmConf.SEED)));
    }
}
