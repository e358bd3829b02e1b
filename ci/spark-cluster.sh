#!/usr/bin/env bash
# A real Spark standalone cluster on this machine, from Maven jars: one Master and one Worker JVM on 127.0.0.1, then
# spark-submit (client mode) of the examples' PromptTableJob with nothing but the connector's -all jar added
# (--jars) and the plugin set (--conf spark.plugins=...). Checks the written Parquet table: one row per prompt and no
# error rows. The JVMs started here are always stopped. About 30 s once built.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
INPUT="$ROOT/examples/data/prompts.jsonl"
START_TIMEOUT_S=60
JOB_TIMEOUT_S=120

fail() { echo "spark-cluster: FAILED: $*" >&2; exit 1; }

eval "$(bin/sparkllm-spark env)"   # builds the -all jar and the examples if needed

WORK="$(mktemp -d)"
export SPARK_HOME="$WORK/spark" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
mkdir -p "$SPARK_HOME/jars" "$WORK/worker"
# What a Spark installation's jars/ holds; the Worker launches executors with "$SPARK_HOME/jars/*".
tr ':' '\n' <<<"$SPARKLLM_SPARK_CLASSPATH" | while read -r jar; do ln -s "$jar" "$SPARK_HOME/jars/"; done

PIDS=()
show_logs() {
  for log in "$WORK"/master.log "$WORK"/worker.log "$WORK"/worker/*/*/stderr; do
    [ -f "$log" ] && { echo "----- tail of $log" >&2; tail -n 40 "$log" >&2; }
  done
}
cleanup() {
  local status=$?
  [ "$status" -ne 0 ] && show_logs
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done   # the Worker stops its executors itself
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT

# Runs a Spark class in the background as sbin/start-*.sh would, logging to $WORK/NAME.log.
start_daemon() {
  local name="$1"; shift
  # shellcheck disable=SC2086  # the flags are a list of separate options
  "$JAVA" $SPARKLLM_JVM_FLAGS -Xmx512m -cp "$SPARK_HOME/jars/*" "$@" >"$WORK/$name.log" 2>&1 &
  PIDS+=($!)
}

# Waits until a log shows a line matching a pattern; prints the first match.
wait_for_log() {
  local name="$1" pattern="$2"
  for _ in $(seq $((START_TIMEOUT_S * 5))); do
    if grep -m1 -oE "$pattern" "$WORK/$name.log" 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  fail "the $name did not log /$pattern/ within $START_TIMEOUT_S s"
}

start_daemon master org.apache.spark.deploy.master.Master --host 127.0.0.1 --port 0 --webui-port 0
MASTER_URL="$(wait_for_log master 'spark://127\.0\.0\.1:[0-9]+')"
start_daemon worker org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --port 0 --webui-port 0 \
  --cores 2 --memory 2g --work-dir "$WORK/worker" "$MASTER_URL"
wait_for_log worker 'Successfully registered with master' >/dev/null
echo "spark-cluster: master $MASTER_URL, one worker registered; submitting PromptTableJob" >&2

# shellcheck disable=SC2086
timeout "$JOB_TIMEOUT_S" "$JAVA" $SPARKLLM_JVM_FLAGS -Dlog4j2.configurationFile="$ROOT/examples/conf/log4j2.properties" \
  -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.SparkSubmit \
  --master "$MASTER_URL" --deploy-mode client --class dev.sparkllm.examples.PromptTableJob \
  --jars "$SPARKLLM_CONNECTOR_JAR" \
  --conf spark.plugins=dev.sparkllm.spark.SparkLlmPlugin \
  --conf spark.sparkllm.model="$ROOT/models/demo-qwen2" \
  --conf spark.sparkllm.kvCacheMemory=64m \
  --conf spark.executor.memory=1g \
  --conf spark.sql.files.maxPartitionBytes=8k \
  "$SPARKLLM_EXAMPLES_JAR" --input "$INPUT" --output "$WORK/out" --max-tokens 16 >"$WORK/job.out" \
  || fail "spark-submit exited with status $? (a timeout is 124)"
cat "$WORK/job.out"

# The job's totals line is read back from the Parquet table it wrote.
expected_rows="$(wc -l <"$INPUT")"
totals="$(grep -m1 '^{"input_rows"' "$WORK/job.out")" || fail "the job printed no totals line"
grep -q "\"input_rows\":$expected_rows,\"rows\":$expected_rows,\"error_rows\":0," <<<"$totals" \
  || fail "expected $expected_rows rows and no error rows, got: $totals"
ls "$WORK"/out/part-*.parquet >/dev/null 2>&1 && [ -f "$WORK/out/_SUCCESS" ] || fail "no Parquet table in $WORK/out"
[ -n "$(ls "$WORK"/worker/app-*/0/stderr 2>/dev/null)" ] || fail "no executor ran on the worker"
echo "spark-cluster: OK: $expected_rows prompts through a standalone cluster, Parquet written" >&2
