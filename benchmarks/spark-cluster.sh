#!/usr/bin/env bash
# A real Spark standalone cluster on this machine: a master and two workers (one core each),
# listening on 127.0.0.1 only, started from the Maven-resolved Spark jars (no Spark download).
# It runs `deep` on the cluster and on this machine with the same options, prints their costs side
# by side and the time per step, then stops the cluster.
#
#   bash benchmarks/spark-cluster.sh                    # deep, 300 iterations on the built-in pictures
#   bash benchmarks/spark-cluster.sh --iterations 100   # any further deep options are passed on
#   bash benchmarks/spark-cluster.sh --no-build         # reuse examples/target/gradgraph-examples.jar
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

BUILD=1
DEEP_ARGS=()
for arg in "$@"; do
  case "$arg" in
    --no-build) BUILD=0 ;;
    *) DEEP_ARGS+=("$arg") ;;
  esac
done
[ ${#DEEP_ARGS[@]} -eq 0 ] && DEEP_ARGS=(--iterations 300)

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/java}"
JAVA="${JAVA:-$(command -v java)}"
[ -x "$(dirname "$(readlink -f "$JAVA")")/javac" ] || { echo "spark-cluster.sh: $JAVA has no javac (generated code needs a JDK)" >&2; exit 1; }
export JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$JAVA")")")"

JAR=examples/target/gradgraph-examples.jar
CP_FILE=examples/target/spark-classpath.txt
if [ "$BUILD" = 1 ] || [ ! -f "$JAR" ] || [ ! -f "$CP_FILE" ]; then
  echo "building the examples jar and resolving Spark's jars (mvn package, dependency:build-classpath)..."
  mvn -q -B -ntp -DskipTests package dependency:build-classpath -pl examples -am \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/spark-classpath.txt
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/gradgraph-spark.XXXXXX")"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# A SPARK_HOME made of links to the Maven repository's jars: the workers start executors with
# SPARK_HOME/jars/* on their class path. GradGraph's own jars (this build's modules) are left out:
# the executors get them from the driver (spark.jars), as on a real cluster.
export SPARK_HOME="$WORK/spark-home"
mkdir -p "$SPARK_HOME/jars" "$SPARK_HOME/conf"
tr ':' '\n' < "$CP_FILE" | grep '\.jar$' | grep -v -e "^$ROOT/" -e '/io/gradgraph/' -e '/slf4j-nop-' | while read -r jar; do
  ln -s "$jar" "$SPARK_HOME/jars/"
done
# the daemons log at INFO (the master's log says when the workers have registered); the driver
# (deep --spark) logs warnings only
cat > "$SPARK_HOME/conf/log4j2.properties" <<'EOF2'
rootLogger.level = info
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
EOF2
export SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 SPARK_LOG_DIR="$WORK/logs"

# What Spark's launcher adds on Java 17+ (JavaModuleOptions); executors get it from the driver.
OPENS=(-XX:+IgnoreUnrecognizedVMOptions)
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
         java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  OPENS+=("--add-opens=java.base/$p=ALL-UNNAMED")
done
OPENS+=(-Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true)
SPARK_CP="$SPARK_HOME/conf:$SPARK_HOME/jars/*"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
MASTER_PORT="$(free_port)"
MASTER="spark://127.0.0.1:$MASTER_PORT"
touch "$WORK/master.log" "$WORK/worker1.log" "$WORK/worker2.log"

"$JAVA" "${OPENS[@]}" -Xmx512m -cp "$SPARK_CP" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$MASTER_PORT" --webui-port "$(free_port)" > "$WORK/master.log" 2>&1 &
PIDS+=($!)
for i in 1 2; do
  mkdir -p "$WORK/worker$i"
  "$JAVA" "${OPENS[@]}" -Xmx256m -cp "$SPARK_CP" org.apache.spark.deploy.worker.Worker \
    --host 127.0.0.1 --cores 1 --memory 1g --work-dir "$WORK/worker$i" --webui-port "$(free_port)" "$MASTER" \
    > "$WORK/worker$i.log" 2>&1 &
  PIDS+=($!)
done
registered() { grep -c 'Registering worker' "$WORK/master.log" 2>/dev/null || true; }
for _ in $(seq 1 240); do
  [ "$(registered)" -ge 2 ] && break
  sleep 0.5
done
if [ "$(registered)" -lt 2 ]; then
  echo "spark-cluster.sh: the workers did not register with $MASTER; logs:" >&2
  tail -n 20 "$WORK"/*.log >&2
  exit 1
fi
echo "cluster: master $MASTER, 2 workers with 1 core each ($("$JAVA" -version 2>&1 | head -1))"

run_deep() { # label, extra args...
  local label="$1"; shift
  "$JAVA" "${OPENS[@]}" --add-modules jdk.incubator.vector -Dspark.driver.host=127.0.0.1 \
    -Dlog4j2.configurationFile=io/gradgraph/spark/command-line-log4j2.properties \
    -cp "$SPARK_HOME/jars/*:$ROOT/$JAR" io.gradgraph.examples.Main deep --compiled "${DEEP_ARGS[@]}" "$@" \
    > "$WORK/$label.out" 2> "$WORK/$label.err" || { echo "deep ($label) failed:" >&2; cat "$WORK/$label.out" "$WORK/$label.err" >&2; exit 1; }
}
echo "deep ${DEEP_ARGS[*]} --compiled, locally..."
run_deep local
echo "deep ${DEEP_ARGS[*]} --compiled --spark $MASTER..."
run_deep cluster --spark "$MASTER"

ITERATIONS="$(grep -o 'Training: .*' "$WORK/local.out" | grep -o '[0-9]* \(iterations\|epochs\)' | head -1 | cut -d' ' -f1)"
echo
echo "costs as deep prints them (6 decimals; the tests compare all digits: docs/spark.md):"
paste -d'\t' <(grep '^Cost after' "$WORK/local.out") <(grep '^Cost after' "$WORK/cluster.out" | sed 's/.*: //') |
  awk -F'\t' 'BEGIN { printf "%-28s %-12s %-12s\n", "", "local", "Spark" }
    { split($1, a, ": "); printf "%-28s %-12s %-12s\n", a[1], a[2], $2 }'
echo
for f in local cluster; do
  grep -E '^(train|test) accuracy' "$WORK/$f.out" | sed "s/^/$f: /"
done
# "Trained in T s (F s of it before the first cost ...)": F is the start (Spark's session and
# executors, generating and compiling the step); (T − F) / (steps − 1) is the time per step after it
times() { grep -o 'Trained in [0-9.]* s ([0-9.]* s' "$WORK/$1.out" | grep -o '[0-9.]\+' | tr '\n' ' '; }
read -r LT LF <<< "$(times local)"
read -r CT CF <<< "$(times cluster)"
awk -v lt="$LT" -v lf="$LF" -v ct="$CT" -v cf="$CF" -v n="$ITERATIONS" 'BEGIN {
  printf "\n%-8s %12s %22s %16s\n", "", "trained in", "before the first cost", "per step after"
  printf "%-8s %10.1f s %20.1f s %13.1f ms\n", "local", lt, lf, 1000 * (lt - lf) / (n - 1)
  printf "%-8s %10.1f s %20.1f s %13.1f ms\n", "Spark", ct, cf, 1000 * (ct - cf) / (n - 1)
  printf "Spark / local: %.1fx per step (%d steps; 2 workers of 1 core on this machine)\n", (ct - cf) / (lt - lf), n }'
if diff <(grep -v '^\(Trained in\|Learning curve\)' "$WORK/local.out") \
        <(grep -v '^\(Trained in\|Learning curve\)' "$WORK/cluster.out") > "$WORK/diff.txt"; then
  echo "output: the same as the local run's (apart from the time)"
else
  echo "output differs from the local run's:"; cat "$WORK/diff.txt"
fi
