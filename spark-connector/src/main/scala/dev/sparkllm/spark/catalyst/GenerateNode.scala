package dev.sparkllm.spark.catalyst

import org.apache.spark.sql.catalyst.expressions.{Attribute, AttributeSet}
import org.apache.spark.sql.catalyst.plans.logical.{LogicalPlan, UnaryNode}

/**
 * The generate() calls of one projection, evaluated once per input row: outputs the child's columns followed by one
 * result struct per call (`resultAttrs`), like Spark's BatchEvalPython does for Python UDFs.
 */
case class GenerateNode(calls: Seq[GenerateCall], resultAttrs: Seq[Attribute], child: LogicalPlan) extends UnaryNode {
  override def output: Seq[Attribute] = child.output ++ resultAttrs
  override def producedAttributes: AttributeSet = AttributeSet(resultAttrs)
  override def maxRows: Option[Long] = child.maxRows
  override def maxRowsPerPartition: Option[Long] = child.maxRowsPerPartition
  override def nodeName: String = "SparkLlmGenerate"
  override protected def withNewChildInternal(newChild: LogicalPlan): GenerateNode = copy(child = newChild)
}
