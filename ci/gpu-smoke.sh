#!/usr/bin/env bash
# Checks the JCuda path on a real GPU: the kernels module's CudaProbe, then a PTX kernel (ci/gpu-smoke/add.cu, built
# with nvcc) loaded, launched and checked through the driver API. GPU machines here have no JDK or Maven, so this
# packs a self-contained folder: a jlink'd Java runtime, the JCuda and kernels jars, the PTX and the compiled check.
#   ci/gpu-smoke.sh DIR         pack into DIR (needs mvn package of kernels, jlink, nvcc); run DIR/run.sh on the GPU host
#   ci/gpu-smoke.sh --run       pack into a temp folder and run it here
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUN_HERE=0
if [ "${1:-}" = "--run" ]; then RUN_HERE=1; OUT="$(mktemp -d)"; else OUT="${1:?usage: ci/gpu-smoke.sh DIR | --run}"; fi
JCUDA_VERSION=$(sed -n 's:.*<jcuda.version>\(.*\)</jcuda.version>.*:\1:p' "$ROOT/pom.xml")
REPO="${MAVEN_REPO:-$HOME/.m2/repository}/org/jcuda"
KERNELS_JAR="$ROOT/kernels/target/sparkllm-kernels-0.1.0-SNAPSHOT.jar"
[ -f "$KERNELS_JAR" ] || (cd "$ROOT" && mvn -B -q -pl engine,kernels -am -Dmaven.test.skip=true package)
rm -rf "$OUT/jre" && mkdir -p "$OUT/lib" "$OUT/classes"
cp "$REPO/jcuda/$JCUDA_VERSION/jcuda-$JCUDA_VERSION.jar" \
   "$REPO/jcuda-natives/$JCUDA_VERSION/jcuda-natives-$JCUDA_VERSION-linux-x86_64.jar" "$KERNELS_JAR" "$OUT/lib/"
nvcc -ptx -arch=sm_90 -o "$OUT/add.ptx" "$ROOT/ci/gpu-smoke/add.cu"
javac -cp "$OUT/lib/*" -d "$OUT/classes" "$ROOT/ci/gpu-smoke/GpuSmoke.java"
jlink --add-modules java.base,java.logging,jdk.unsupported --strip-debug --no-header-files --no-man-pages \
  --compress=2 --output "$OUT/jre"
cat > "$OUT/run.sh" <<'RUN'
#!/usr/bin/env bash
cd "$(dirname "$0")" && exec ./jre/bin/java -cp "classes:lib/*" GpuSmoke add.ptx
RUN
chmod +x "$OUT/run.sh"
echo "packed $(du -sh "$OUT" | cut -f1) into $OUT"
if [ "$RUN_HERE" = 1 ]; then "$OUT/run.sh"; fi
