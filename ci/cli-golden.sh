#!/usr/bin/env bash
# Runs bin/sparkllm generate, from outside the JVM, on every fixture model and format and checks that it reproduces
# the greedy token ids recorded by the independent float64 reference (up to the first step whose margin is < 2e-3).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
FIX="$ROOT/engine/src/test/resources/fixtures"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

check() {  # model-path expected-name
  local model="$1" expected="$2"
  python3 - "$FIX/expected/$expected.jsonl" > "$WORK/in.jsonl" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    print(json.dumps({"id": r["prompt_id"], "prompt_token_ids": r["input_ids"]}))
PY
  "$ROOT/bin/sparkllm" generate --model "$FIX/models/$model" --input "$WORK/in.jsonl" --output "$WORK/out.jsonl" \
    --max-tokens 32 --temperature 0 --ignore-eos 2> "$WORK/err.txt" || { cat "$WORK/err.txt"; return 1; }
  python3 - "$FIX/expected/$expected.jsonl" "$WORK/out.jsonl" "$model" <<'PY'
import json, sys
exp = [json.loads(l) for l in open(sys.argv[1])]
got = [json.loads(l) for l in open(sys.argv[2])]
assert len(exp) == len(got), f"{len(got)} output lines for {len(exp)} inputs"
ok = 0
for e, g in zip(exp, got):
    n = next((i for i, m in enumerate(e["greedy_margins"]) if m < 2e-3), len(e["greedy_margins"]))
    assert g["id"] == e["prompt_id"], (g["id"], e["prompt_id"])
    assert g["token_ids"][:n] == e["greedy_ids"][:n], f'{sys.argv[3]} {e["prompt_id"]}: {g["token_ids"]} != {e["greedy_ids"]}'
    ok += 1
print(f"{sys.argv[3]}: {ok}/{len(exp)} prompts reproduce the recorded greedy ids")
PY
}

check fx-llama-spm/hf-f32 fx-llama-spm
check fx-llama-spm/fx-llama-spm-f32.gguf fx-llama-spm
check fx-llama-spm/fx-llama-spm-q8_0.gguf fx-llama-spm
check fx-qwen2-bpe/hf-bf16 fx-qwen2-bpe
check fx-qwen2-bpe/fx-qwen2-bpe-f16.gguf fx-qwen2-bpe
check fx-qwen2-bpe/fx-qwen2-bpe-q8_0.gguf fx-qwen2-bpe
