package dev.sparkllm.spark.catalyst

import org.apache.spark.sql.AnalysisException
import org.apache.spark.sql.catalyst.plans.logical.{LogicalPlan, Project}

/**
 * Check rule (after analysis): generate() is evaluated by a dedicated plan node built from a projection, once per
 * row. Anywhere else (a WHERE or JOIN condition, an aggregate) or nested in another generate() it could not be, so
 * such queries fail here with a message that says what to write instead.
 */
object CheckGenerateCalls extends (LogicalPlan => Unit) {
  override def apply(plan: LogicalPlan): Unit = plan.foreach {
    case Project(list, _) =>
      list.foreach(_.foreach {
        case c: GenerateCall if c.children.exists(_.exists(_.isInstanceOf[GenerateCall])) =>
          fail("generate() cannot take the result of another generate() as an argument; " +
            "compute the inner one in a subquery first")
        case _ =>
      })
    case other if other.expressions.exists(_.exists(_.isInstanceOf[GenerateCall])) =>
      fail(s"generate() can only be used in a SELECT list (a projection), not in ${other.nodeName}; " +
        "select it in a subquery, e.g. SELECT * FROM (SELECT *, generate(prompt) AS r FROM t) WHERE r.text ...")
    case _ =>
  }

  private def fail(message: String): Nothing =
    throw new AnalysisException(message, None, None, None, None, Map.empty[String, String], Array.empty)
}
