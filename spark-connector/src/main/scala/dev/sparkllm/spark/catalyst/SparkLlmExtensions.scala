package dev.sparkllm.spark.catalyst

import org.apache.spark.sql.SparkSessionExtensions
import org.apache.spark.sql.catalyst.FunctionIdentifier
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo

/**
 * The session extension the plugin adds to `spark.sql.extensions`. Each injection says when Spark runs it.
 */
class SparkLlmExtensions extends (SparkSessionExtensions => Unit) {
  override def apply(ext: SparkSessionExtensions): Unit = {
    // Function registry of every new session: `generate(...)` in SQL, expr() and call_function() resolves to the
    // placeholder expression during analysis.
    ext.injectFunction((FunctionIdentifier("generate"), SparkLlmExtensions.info, GenerateCall.build _))
    // After analysis (CheckAnalysis): rejects generate() outside a projection and nested calls.
    ext.injectCheckRule(_ => CheckGenerateCalls)
    // Optimizer, operator-optimization batch (fixed point with Spark's pushdown/pruning): pulls the calls into a
    // GenerateNode and pushes filters on its input below it.
    ext.injectOptimizerRule(_ => ExtractGenerateCalls)
    // Physical planning: GenerateNode becomes GenerateExec.
    ext.injectPlannerStrategy(GenerateStrategy(_))
  }
}

object SparkLlmExtensions {
  private val info = new ExpressionInfo(classOf[GenerateCall].getName, null, "generate",
    "generate(prompt [, options]) - Runs the LLM on prompt (a string, or chat messages " +
      "array<struct<role,content>>) and returns struct<text, finish_reason, prompt_tokens, completion_tokens, " +
      "cached_tokens, error>.",
    "")
}
