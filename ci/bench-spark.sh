#!/usr/bin/env bash
# Spark overhead benchmark (not run by CI; ~2 minutes on 2 cores): generate() over 2,000 prompts in a local Spark
# session vs LlmEngine.generate on the same prompts, options, model and engine settings, in one JVM. Prints a table,
# then one JSON line (the last stdout line). Arguments go to SparkOverheadBench, e.g. --prompts 500 --rounds 4.
# Results and machine: BENCHMARKS.md, "Spark overhead (issue 4)".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# Two engines (the benchmark's own and the executor's) each hold the weights, re-laid F32 panels and a KV pool.
export SPARKLLM_JAVA_OPTS="${SPARKLLM_JAVA_OPTS:--Xmx4g}"
exec bin/sparkllm-spark overhead-bench --prompts 2000 --max-tokens 32 --rounds 2 "$@"
