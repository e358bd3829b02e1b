package dev.sparkllm.spark.catalyst

import dev.sparkllm.spark.GenerateResults
import org.apache.spark.sql.AnalysisException
import org.apache.spark.sql.catalyst.analysis.TypeCheckResult
import org.apache.spark.sql.catalyst.expressions.{Cast, Expression, Literal, Unevaluable}
import org.apache.spark.sql.types._

/**
 * `generate(prompt [, options])` as the analyzer sees it: a placeholder that is never evaluated row by row.
 * [[ExtractGenerateCalls]] moves it out of its projection into a [[GenerateNode]], whose physical node batches rows
 * through the executor's engine.
 *
 * It reports itself non-deterministic on purpose: until it is extracted, that keeps the optimizer from copying it
 * into pushed-down filters or merged projections, where it would run twice per row.
 */
case class GenerateCall(prompt: Expression, options: Expression) extends Expression with Unevaluable {
  override def children: Seq[Expression] = Seq(prompt, options)
  override def dataType: DataType = GenerateResults.SCHEMA
  override def nullable: Boolean = true
  override lazy val deterministic: Boolean = false
  override def prettyName: String = "generate"

  override def checkInputDataTypes(): TypeCheckResult = {
    if (!GenerateCall.isPromptType(prompt.dataType)) {
      TypeCheckResult.TypeCheckFailure("generate() takes a string prompt or chat messages of type " +
        s"array<struct<role:string,content:string>>, got ${prompt.dataType.catalogString}")
    } else if (!GenerateCall.isOptionsType(options.dataType)) {
      TypeCheckResult.TypeCheckFailure("generate() options must be a map<string,string> such as " +
        s"map('max_tokens', '32'), got ${options.dataType.catalogString}")
    } else {
      TypeCheckResult.TypeCheckSuccess
    }
  }

  override protected def withNewChildrenInternal(newChildren: IndexedSeq[Expression]): GenerateCall =
    copy(prompt = newChildren(0), options = newChildren(1))
}

object GenerateCall {
  val OptionsType: MapType = MapType(StringType, StringType, valueContainsNull = true)

  /** The function builder behind the SQL name: checks the arity and fills in absent options. */
  def build(args: Seq[Expression]): Expression = args match {
    case Seq(p) => GenerateCall(promptArg(p), Literal(null, OptionsType))
    case Seq(p, o) => GenerateCall(promptArg(p), optionsArg(o))
    case _ => throw new AnalysisException(
      s"generate() takes a prompt and an optional options map, got ${args.size} arguments",
      None, None, None, None, Map.empty[String, String], Array.empty)
  }

  /** A literal NULL prompt is a null string prompt. */
  private def promptArg(p: Expression): Expression =
    if (p.resolved && p.dataType == NullType) Cast(p, StringType) else p

  /** map('max_tokens', 32) is accepted too: non-string values are cast to their string form. */
  private def optionsArg(o: Expression): Expression = if (!o.resolved) o else o.dataType match {
    case NullType => Literal(null, OptionsType)
    case MapType(_: StringType, _: StringType, _) => o
    case MapType(_: StringType, _: NumericType | BooleanType, _) => Cast(o, OptionsType)
    case _ => o
  }

  def isPromptType(t: DataType): Boolean = t match {
    case _: StringType => true
    case ArrayType(s: StructType, _) => chatFields(s).isDefined
    case _ => false
  }

  def isOptionsType(t: DataType): Boolean = t match {
    case MapType(_: StringType, _: StringType, _) => true
    case _ => false
  }

  /** Positions of `role` and `content` (both strings) in a chat message struct. */
  def chatFields(s: StructType): Option[(Int, Int)] = {
    def stringField(name: String): Option[Int] =
      Some(s.fieldNames.indexOf(name)).filter(i => i >= 0 && s.fields(i).dataType.isInstanceOf[StringType])
    for (r <- stringField("role"); c <- stringField("content")) yield (r, c)
  }
}
