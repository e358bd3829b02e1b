package dev.sparkllm.spark.catalyst

import org.apache.spark.sql.catalyst.expressions.{And, AttributeReference, Expression, IntegerLiteral, NamedExpression, PredicateHelper}
import org.apache.spark.sql.catalyst.plans.logical.{Filter, LocalLimit, LogicalPlan, Project}
import org.apache.spark.sql.catalyst.rules.Rule

/**
 * Optimizer rule (modelled on Spark's ExtractPythonUDFs), run in the operator-optimization batch, so it alternates
 * with Spark's own pushdown and pruning rules until the plan is stable:
 *
 *  1. `Project(list with generate calls, child)` becomes `Project(list', GenerateNode(calls, results, child))`:
 *     each distinct call is evaluated once per row, and the list reads its result attribute.
 *  2. `Filter(cond, GenerateNode)`: deterministic conjuncts that read only the node's input move below it, so rows
 *     a filter drops are never sent to the model. Spark's PushPredicateThroughNonJoin does not know this node.
 *  3. A `LocalLimit` over the node (or over a projection of it) is copied below it, as Spark's LimitPushDown does for
 *     Python UDFs: the node emits one row per input row, so a task never sends the model rows a LIMIT drops.
 */
object ExtractGenerateCalls extends Rule[LogicalPlan] with PredicateHelper {
  override def apply(plan: LogicalPlan): LogicalPlan = plan.transformUp {
    case p @ Project(list, child) if list.exists(hasCall) => extract(p, list, child)
    case f @ Filter(cond, g: GenerateNode) => pushBelow(f, cond, g)
    case l @ LocalLimit(n, g: GenerateNode) => l.copy(child = limitBelow(n, g))
    case l @ LocalLimit(n, p @ Project(list, g: GenerateNode)) if list.forall(_.deterministic) =>
      l.copy(child = p.copy(child = limitBelow(n, g)))
  }

  private def limitBelow(n: Expression, g: GenerateNode): GenerateNode = (n, g.child.maxRowsPerPartition) match {
    case (IntegerLiteral(limit), Some(rows)) if rows <= limit => g   // already limited: stop the fixed point here
    case _ => g.copy(child = LocalLimit(n, g.child))
  }

  private def hasCall(e: Expression): Boolean = e.exists(_.isInstanceOf[GenerateCall])

  private def extract(p: Project, list: Seq[NamedExpression], child: LogicalPlan): LogicalPlan = {
    // Distinct by canonical form: generate(p) written twice is one call (its result is a function of the row).
    val calls = list.flatMap(_.collect { case c: GenerateCall => c }).groupBy(_.canonicalized).values
      .map(_.head).toSeq.sortBy(c => list.indexWhere(_.exists(_ eq c)))
    val attrs = calls.indices.map(i => AttributeReference(s"generate_$i", calls(i).dataType, nullable = true)())
    val byForm = calls.map(_.canonicalized).zip(attrs).toMap
    val newList = list.map(_.transformUp {
      case c: GenerateCall => byForm(c.canonicalized)
    }.asInstanceOf[NamedExpression])
    Project(newList, GenerateNode(calls, attrs, child))
  }

  private def pushBelow(f: Filter, cond: Expression, g: GenerateNode): LogicalPlan = {
    val (pushable, kept) = splitConjunctivePredicates(cond)
      .partition(c => c.deterministic && c.references.subsetOf(g.child.outputSet))
    if (pushable.isEmpty) {
      f
    } else {
      val below = g.copy(child = Filter(pushable.reduce(And), g.child))
      if (kept.isEmpty) below else Filter(kept.reduce(And), below)
    }
  }
}
