#!/usr/bin/env bash
# Executes the Java notebook headless (jupyter nbconvert --execute) with the CI kernel in ci/jupyter-java-kernel,
# on a local Spark session with the connector and the demo model. Fails when any cell fails.
#   ci/notebooks.sh            execute notebooks/sparkllm-java.ipynb into target/notebooks/ (the source is untouched)
#   ci/notebooks.sh --update   write the executed notebook (with its outputs) back to notebooks/, for committing
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
NOTEBOOK=notebooks/sparkllm-java.ipynb
WORK="$ROOT/target/notebooks"
CELL_TIMEOUT_S=300

PACKAGES=(jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel fontconfig fonts-dejavu-core)
# (fonts: the notebook's chart labels are drawn with Java2D, which needs fontconfig and one font)
if ! dpkg -s "${PACKAGES[@]}" >/dev/null 2>&1; then
  apt-get install -y -q "${PACKAGES[@]}" || { apt-get update -q && apt-get install -y -q "${PACKAGES[@]}"; }
fi

mkdir -p "$WORK"
# The connector and everything it runs with in a Spark JVM (Spark is "provided": includeScope=compile keeps it).
mvn -B -q -pl spark-connector -am -DskipTests package dependency:build-classpath \
  -Dmdep.includeScope=compile -Dmdep.outputFile=target/notebook-classpath.txt
mvn -B -q -f ci/jupyter-java-kernel/pom.xml package dependency:build-classpath \
  -Dmdep.includeScope=runtime -Dmdep.outputFile=target/classpath.txt
KERNEL_JAR="$(ls ci/jupyter-java-kernel/target/sparkllm-jupyter-java-kernel-*.jar)"
CLASSPATH="$ROOT/$KERNEL_JAR:$(cat ci/jupyter-java-kernel/target/classpath.txt)"
CLASSPATH="$CLASSPATH:$ROOT/spark-connector/target/classes:$(cat spark-connector/target/notebook-classpath.txt)"

# Spark's JVM flags, from the one place the build keeps them.
read -r -a FLAGS <<<"$(sed -n 's:.*<sparkllm.jvm.flags>\(.*\)</sparkllm.jvm.flags>.*:\1:p' pom.xml)"
[ "${#FLAGS[@]}" -gt 5 ] || { echo "notebooks.sh: no sparkllm.jvm.flags in pom.xml" >&2; exit 1; }

# A kernel spec of our own, found through JUPYTER_PATH; it names this machine's classpath, so it is written here.
SPEC="$WORK/jupyter/kernels/sparkllm-jshell"
mkdir -p "$SPEC"
python3 - "$SPEC/kernel.json" "$(command -v java)" "$CLASSPATH" "${FLAGS[@]}" <<'PY'
import json, sys
out, java, cp, flags = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
argv = [java, *flags, "-Xmx2g", "-Djava.awt.headless=true", "-cp", cp, "dev.sparkllm.ci.jupyter.JShellKernel",
        "{connection_file}"]
json.dump({"argv": argv, "display_name": "Java (sparkllm CI, JShell)", "language": "java",
           "env": {"SPARK_LOCAL_IP": "127.0.0.1"}}, open(out, "w"), indent=1)
PY

OUT_DIR="$WORK" OUT_NAME=sparkllm-java.executed.ipynb
if [ "${1:-}" = "--update" ]; then OUT_DIR="$ROOT/notebooks" OUT_NAME="$(basename "$NOTEBOOK")"; fi
start=$SECONDS
# The notebook runs with notebooks/ as its working directory (it finds ../models/demo-qwen2 from there).
JUPYTER_PATH="$WORK/jupyter" jupyter nbconvert --to notebook --execute "$NOTEBOOK" \
  --ExecutePreprocessor.kernel_name=sparkllm-jshell --ExecutePreprocessor.timeout=$CELL_TIMEOUT_S \
  --output-dir "$OUT_DIR" --output "$OUT_NAME"
echo "notebooks.sh: $NOTEBOOK executed in $((SECONDS - start)) s -> $OUT_DIR/$OUT_NAME"
