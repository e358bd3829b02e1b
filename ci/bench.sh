#!/usr/bin/env bash
# A quick throughput benchmark (a few minutes on 2 cores) for developers and BENCHMARKS.md; CI does not run it.
#  1. ShareGPT-like requests on the smollm2-135m shape, paged vs static reservation at one KV budget (--compare).
#     Lengths are scaled to 1/4 (mean ~40 in / ~85 out, max_tokens cap 256), since the full statistics take an hour
#     on 2 cores at ~50 tokens/s. 40 MiB of KV holds ~900 tokens of this shape (45 KiB per token), so static
#     reservation of prompt + 256 admits only 2-3 requests at a time; paged admits as many as their tokens fit.
#  2. Groups of prompts sharing a long prefix (a system prompt), with prefix caching on and off. The scheduler holds a
#     prompt back while another request is computing the same prefix block, so each prefix is computed once.
# Each run prints a human table, then one JSON line; the JSON lines are repeated at the end.
# Knobs: SHAPE, DTYPE, NUM_PROMPTS, LENGTH_SCALE, KV, THREADS (environment variables).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SHAPE="${SHAPE:-smollm2-135m}"
DTYPE="${DTYPE:-f32}"
NUM_PROMPTS="${NUM_PROMPTS:-16}"
LENGTH_SCALE="${LENGTH_SCALE:-0.25}"
KV="${KV:-40m}"
THREADS="${THREADS:-0}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

bench() {  # name, then bench arguments
  local name="$1"
  shift
  echo "== $name: sparkllm bench $*" >&2
  "$ROOT/bin/sparkllm" bench --shape "$SHAPE" --dtype "$DTYPE" --threads "$THREADS" --json "$@" | tee "$WORK/$name.out"
  echo "{\"$name\": $(tail -n 1 "$WORK/$name.out")}" >> "$WORK/summary.jsonl"
}

bench sharegpt_compare --workload sharegpt --num-prompts "$NUM_PROMPTS" --length-scale "$LENGTH_SCALE" \
  --kv-cache-memory "$KV" --compare
PREFIX_ARGS=(--workload shared-prefix --groups 2 --prompts-per-group 8 --prefix-len 512 --question-len 64
  --output-len 32 --kv-cache-memory "${PREFIX_KV:-256m}")
bench shared_prefix_cache_on "${PREFIX_ARGS[@]}"
bench shared_prefix_cache_off "${PREFIX_ARGS[@]}" --no-prefix-caching

echo "== JSON results" >&2
cat "$WORK/summary.jsonl"
