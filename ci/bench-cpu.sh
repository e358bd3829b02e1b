#!/usr/bin/env bash
# CPU backend benchmark (issue 5) for developers and BENCHMARKS.md; CI does not run it (about 2 minutes on 2 cores).
#  1. bench --micro gemm: SmolLM2-135M's projections, F32 and Q8_0, 1-256 tokens, vs the measured FMA peak: one layer
#     (cached, the kernels' own speed) and all layers (streamed from memory, what a decode step of that many tokens
#     gets).
#  2. bench --micro decode: one sequence on the whole smollm2-135m shape vs the measured read-bandwidth roofline.
#  3. End to end on smollm2-135m, 128-token prompts, 128 generated tokens: 1 and 32 concurrent sequences, F32, Q8_0
#     and BF16 (most Hugging Face checkpoints) — prompt tokens/s (prefill steps) and decode tokens/s (pure decode
#     steps), beside llama.cpp's figures on this kind of machine (CPU build, 2 threads; quoted in issue 5).
# The machine is a shared VM: run it when nothing else is busy (check `vmstat 1`), and compare within one run.
# Knobs: THREADS (default: all cores). Needs python3 for the summary table.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
THREADS="${THREADS:-0}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

run() {  # name, then bench arguments; keeps the last (JSON) line
  local name="$1"
  shift
  echo "== $name: sparkllm bench $*" >&2
  "$ROOT/bin/sparkllm" bench --threads "$THREADS" --json "$@" | tee "$WORK/$name.out" >&2
  echo "{\"$name\": $(tail -n 1 "$WORK/$name.out")}" >> "$WORK/summary.jsonl"
}

run gemm --micro gemm
run decode_f32 --micro decode --dtype f32 --input-len 128 --output-len 128
run decode_q8_0 --micro decode --dtype q8_0 --input-len 128 --output-len 128
for dtype in f32 q8_0 bf16; do
  for n in 1 32; do
    run "e2e_${dtype}_x${n}" --shape smollm2-135m --dtype "$dtype" --workload fixed --num-prompts "$n" \
      --input-len 128 --output-len 128 --kv-cache-memory 400m
  done
done

echo "== JSON results" >&2
cat "$WORK/summary.jsonl"
python3 - "$WORK/summary.jsonl" <<'PY'
import json, sys
r = {}
for line in open(sys.argv[1]):
    r.update(json.loads(line))
g = {row["tokens"]: row for row in r["gemm"]["gemm"]}
print("\nGEMM (FMA peak %.0f GFLOP/s)     target" % r["gemm"]["fma_peak_gflops"])
for t in (32, 64, 128, 256):
    print("  %3d tokens: f32 %5.1f%% of peak (>= 75%%), q8_0 %4.2fx f32 (>= 0.60)" % (t, 100 * g[t]["f32_of_peak"], g[t]["q8_0_of_f32"]))
print("  from memory, f32 % of peak: "
      + ", ".join("%d tokens %.1f%%" % (t, 100 * g[t]["f32_from_memory_of_peak"]) for t in sorted(g)))
for d in ("f32", "q8_0"):
    o = r["decode_" + d]
    print("decode %-4s: %6.1f tok/s = %5.1f%% of roofline %.1f (>= 80%%)" % (d, o["decode_tokens_per_s"], 100 * o["decode_of_roofline"], o["roofline_tokens_per_s"]))
ref = {("f32", "prompt"): (500, 590), ("f32", 1): (50, 50), ("f32", 32): (100, 140),
       ("q8_0", "prompt"): (770, 770), ("q8_0", 1): (150, 150), ("q8_0", 32): (None, None),
       ("bf16", "prompt"): (None, None), ("bf16", 1): (None, None), ("bf16", 32): (None, None)}
goal = {"prompt": 1.5, 1: 1.0, 32: 3.0}
print("\nend to end (smollm2-135m, 128-token prompts)   ours    llama.cpp   ratio   target")
for d in ("f32", "q8_0", "bf16"):
    rows = [("prompt tok/s, 32 prompts", r["e2e_%s_x32" % d]["prompt_tokens_per_s"], "prompt"),
            ("decode tok/s, 1 sequence", r["e2e_%s_x1" % d]["decode_tokens_per_s"], 1),
            ("decode tok/s, 32 sequences", r["e2e_%s_x32" % d]["decode_tokens_per_s"], 32)]
    for label, ours, key in rows:
        lo, hi = ref[(d, key)]
        if lo is None:
            print("  %-4s %-28s %7.1f   %9s" % (d, label, ours, "-"))
            continue
        refs = "%d" % lo if lo == hi else "%d-%d" % (lo, hi)
        print("  %-4s %-28s %7.1f   %9s   %4.2f-%4.2fx  >= %.1fx" % (d, label, ours, refs, ours / hi, ours / lo, goal[key]))
PY
