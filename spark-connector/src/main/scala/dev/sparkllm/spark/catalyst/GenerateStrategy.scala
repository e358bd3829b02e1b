package dev.sparkllm.spark.catalyst

import dev.sparkllm.spark.GenerateSettings
import org.apache.spark.sql.SparkSession
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan
import org.apache.spark.sql.execution.{SparkPlan, SparkStrategy}

/** Plans a [[GenerateNode]] as a [[GenerateExec]], fixing the per-query settings from the session conf now. */
case class GenerateStrategy(session: SparkSession) extends SparkStrategy {
  override def apply(plan: LogicalPlan): Seq[SparkPlan] = plan match {
    case GenerateNode(calls, resultAttrs, child) =>
      val settings = GenerateSettings.from(key => session.conf.getOption(key).orNull)
      GenerateExec(calls, resultAttrs, settings, planLater(child)) :: Nil
    case _ => Nil
  }
}
