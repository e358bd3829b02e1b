#!/usr/bin/env bash
# Checks what the connector's -all jar holds (run after a build): the connector, engine and CUDA backend with their
# libraries; Guava only relocated; none of the libraries every Spark installation brings; the DataSource registered.
# A jar that breaks one of these rules may still pass a local test yet clash with a cluster's own jars.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
JAR="${1:-spark-connector/target/sparkllm-spark-connector-0.1.0-SNAPSHOT-all.jar}"
JAR_TOOL="${JAVA_HOME:+$JAVA_HOME/bin/}jar"
[ -f "$JAR" ] || { echo "check-shaded-jar: FAILED: $JAR is missing; build it with mvn -B package" >&2; exit 1; }

JAR="$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
entries="$work/entries"
"$JAR_TOOL" tf "$JAR" >"$entries"
problems=0
must_have() {
  grep -q "^$1" "$entries" || { echo "check-shaded-jar: missing $1 ($2)" >&2; problems=$((problems + 1)); }
}
must_not_have() {
  grep -q "^$1" "$entries" && { echo "check-shaded-jar: holds $1 ($2)" >&2; problems=$((problems + 1)); }
  return 0
}
must_have dev/sparkllm/spark/SparkLlmPlugin.class "the plugin"
must_have dev/sparkllm/engine/runtime/LlmEngine.class "the engine"
must_have dev/sparkllm/kernels/ "the CUDA backend"
must_have jcuda/driver/JCudaDriver.class "JCuda"
must_have com/hubspot/jinjava/ "chat templates"
must_have dev/sparkllm/shaded/com/google/common/ "relocated Guava"
must_have META-INF/services/org.apache.spark.sql.sources.DataSourceRegister "format(\"sparkllm\")"
must_not_have com/google/common/ "Guava unrelocated: Spark ships another version"
for provided in org/apache/spark/ scala/ org/apache/hadoop/ com/fasterxml/jackson/core/ org/apache/arrow/ org/slf4j/ \
    org/apache/logging/log4j/ org/apache/commons/lang3/ org/yaml/snakeyaml/; do
  must_not_have "$provided" "Spark provides it"
done
# The services files of all jars are merged: the DataSource's line must survive the merge.
(cd "$work" && "$JAR_TOOL" xf "$JAR" META-INF/services/org.apache.spark.sql.sources.DataSourceRegister)
grep -qx 'dev.sparkllm.spark.source.SparkLlmSource' "$work/META-INF/services/org.apache.spark.sql.sources.DataSourceRegister" \
  || { echo "check-shaded-jar: the DataSource is not registered in META-INF/services" >&2; problems=$((problems + 1)); }
[ "$problems" -eq 0 ] || { echo "check-shaded-jar: FAILED: $problems problem(s) in $JAR" >&2; exit 1; }
echo "check-shaded-jar: OK: $JAR ($(du -h "$JAR" | cut -f1))" >&2
