package dev.sparkllm.spark.catalyst

import dev.sparkllm.spark.{CallSpec, GenerateMetrics, GenerateSettings, PartitionGenerator, ProjectedCallInputs}
import org.apache.spark.TaskContext
import org.apache.spark.rdd.RDD
import org.apache.spark.sql.catalyst.InternalRow
import org.apache.spark.sql.catalyst.expressions.{Attribute, AttributeSet, SortOrder, UnsafeProjection}
import org.apache.spark.sql.catalyst.plans.physical.Partitioning
import org.apache.spark.sql.execution.{SparkPlan, UnaryExecNode}
import org.apache.spark.sql.execution.metric.SQLMetric
import org.apache.spark.sql.types.{ArrayType, StructType}

import scala.jdk.CollectionConverters._

/**
 * Physical node of [[GenerateNode]] (as EvalPythonExec is for Python UDFs): each partition's rows go through a
 * [[PartitionGenerator]], which keeps a window of them in the executor's engine and emits them in input order.
 * It has no generated code, so whole-stage codegen ends below it and starts again above it.
 */
case class GenerateExec(calls: Seq[GenerateCall], resultAttrs: Seq[Attribute], settings: GenerateSettings,
    child: SparkPlan) extends UnaryExecNode {

  override def nodeName: String = "SparkLlmGenerate"
  override def output: Seq[Attribute] = child.output ++ resultAttrs
  override def producedAttributes: AttributeSet = AttributeSet(resultAttrs)
  override def outputPartitioning: Partitioning = child.outputPartitioning
  override def outputOrdering: Seq[SortOrder] = child.outputOrdering   // rows leave in input order

  override lazy val metrics: Map[String, SQLMetric] = GenerateMetrics.create(sparkContext).asScala.toMap

  override protected def doExecute(): RDD[InternalRow] = {
    val specs = new java.util.ArrayList[CallSpec](calls.map(c => GenerateExec.spec(c)).asJava)
    val arguments = calls.flatMap(c => Seq(c.prompt, c.options))
    val input = child.output
    val out = output
    val taskSettings = settings
    val taskMetrics = metrics
    child.execute().mapPartitions({ rows =>
      val args = UnsafeProjection.create(arguments, input)
      val toUnsafe = UnsafeProjection.create(out, out)
      val inputs = new ProjectedCallInputs(specs, args)
      new PartitionGenerator(inputs, taskSettings, taskMetrics.asJava, TaskContext.get(), rows.asJava)
        .asScala.map(toUnsafe)
    }, preservesPartitioning = true)
  }

  override protected def withNewChildInternal(newChild: SparkPlan): GenerateExec = copy(child = newChild)
}

object GenerateExec {
  private def spec(call: GenerateCall): CallSpec = call.prompt.dataType match {
    case ArrayType(s: StructType, _) =>
      val (role, content) = GenerateCall.chatFields(s).get   // checked by checkInputDataTypes
      CallSpec.chat(role, content)
    case _ => CallSpec.text()
  }
}
