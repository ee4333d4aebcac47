#!/usr/bin/env bash
# The course's three programs end to end, as a user runs them: GradGraph's command (the README's
# launcher, no extra flags) against the course's NumPy code on the same data, wall time from start
# to exit of a fresh process.
#
#   bash benchmarks/e2e.sh                   build (the README's mvn command), then per JDK: planar, logistic, deep
#   bash benchmarks/e2e.sh --rounds N        timed runs per side and command (default 3; medians are printed)
#   bash benchmarks/e2e.sh --commands LIST   e.g. planar,deep
#   bash benchmarks/e2e.sh --no-jdk17        only the newest JDK
#   bash benchmarks/e2e.sh --no-build        use the distribution in examples/target/gradgraph as it is
#
# Prints, per JDK:  <command> numpy_s=<x> gradgraph_s=<y> ratio=<x/y>   (ratio > 1: GradGraph is faster)
# The cat pictures: the course's files when $GRADGRAPH_DATASETS (or ./datasets) holds
# train_catvnoncat.h5 and test_catvnoncat.h5, else generated files with the course's shapes
# (209 and 50 pictures of 64x64x3). Before the timed rounds each command runs once untimed
# (first_run_s: the run that compiles the generated code into the compile cache; later runs, like a
# user's second run, load it). NumPy and GradGraph runs alternate. See docs/performance.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

ROUNDS=3
COMMANDS="planar,logistic,deep"
JDK17=1
BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift ;;
    --commands) COMMANDS="$2"; shift ;;
    --no-jdk17) JDK17=0 ;;
    --no-build) BUILD=0 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "e2e.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done

LAUNCHER="$ROOT/examples/target/gradgraph/bin/gradgraph"
BENCH_JAR="$ROOT/benchmarks/target/gradgraph-benchmarks.jar"
WORK="$ROOT/benchmarks/target/e2e"
OUT="$ROOT/benchmarks/target/e2e-latest.txt"

# ---------------------------------------------------------------- JDKs (as compare.sh): the newest, and a 17

java_version() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}
NEWEST="" NEWEST_V=0 OLD17=""
for java in "${JAVA_HOME:+$JAVA_HOME/bin/java}" /usr/lib/jvm/*/bin/java "$(command -v java || true)"; do
  [ -n "$java" ] && [ -x "$java" ] && [ -x "$(dirname "$java")/javac" ] || continue
  v="$(java_version "$java")"
  case "$v" in ''|*[!0-9]*) continue ;; esac
  if [ "$v" -gt "$NEWEST_V" ] || { [ "$v" -eq "$NEWEST_V" ] && [[ "$java" == */temurin-* ]]; }; then
    NEWEST="$java" NEWEST_V="$v"
  fi
  if [ "$v" -eq 17 ] && [ -z "$OLD17" ]; then OLD17="$java"; fi
done
[ -n "$NEWEST" ] || { echo "e2e.sh: no JDK (java with javac) found" >&2; exit 1; }
JAVAS=("jdk$NEWEST_V=$NEWEST")
if [ "$JDK17" = 1 ] && [ -n "$OLD17" ] && [ "$OLD17" != "$NEWEST" ]; then JAVAS+=("jdk17=$OLD17"); fi

# ---------------------------------------------------------------- build and data

if [ "$BUILD" = 1 ]; then
  echo "building (the README's command: mvn -q -B -ntp package -DskipTests) ..."
  mvn -q -B -ntp package -DskipTests
fi
[ -x "$LAUNCHER" ] && [ -f "$BENCH_JAR" ] || { echo "e2e.sh: $LAUNCHER or $BENCH_JAR is missing (run without --no-build)" >&2; exit 1; }

HAVE_NUMPY=0
if command -v python3 >/dev/null 2>&1 && python3 -c 'import numpy' >/dev/null 2>&1; then HAVE_NUMPY=1; else
  echo "NumPy not found (python3 -c 'import numpy' failed): timing GradGraph only"
fi

rm -rf "$WORK"
mkdir -p "$WORK/data" "$WORK/run"
COURSE="${GRADGRAPH_DATASETS:-$ROOT/datasets}"
if [ -f "$COURSE/train_catvnoncat.h5" ] && [ -f "$COURSE/test_catvnoncat.h5" ]; then
  DATA_NOTE="the course's files in $COURSE"
  read -r TRAIN TEST < <("$NEWEST" -cp "$BENCH_JAR" io.gradgraph.benchmarks.CatData "$WORK/data" "$COURSE")
else
  DATA_NOTE="generated pictures with the course's shapes (the course's files not found in $COURSE)"
  read -r TRAIN TEST < <("$NEWEST" -cp "$BENCH_JAR" io.gradgraph.benchmarks.CatData "$WORK/data")
fi
echo "data: $DATA_NOTE"
: > "$OUT"

# ---------------------------------------------------------------- runs

export GRADGRAPH_CACHE_DIR="$WORK/cache" # a cache of its own, empty at the start: first_run_s pays javac

cpu_busy() { # percent of all CPUs busy over the next second (nothing of ours runs meanwhile)
  local a b total=0 idle i
  read -r -a a < <(grep '^cpu ' /proc/stat) || { echo 0; return; }
  sleep 1
  read -r -a b < <(grep '^cpu ' /proc/stat) || { echo 0; return; }
  for i in 1 2 3 4 5 6 7 8; do total=$((total + b[i] - a[i])); done
  idle=$(( (b[4] - a[4]) + (b[5] - a[5]) ))
  [ "$total" -gt 0 ] && echo $(( 100 * (total - idle) / total )) || echo 0
}

gradgraph_args() { # the user's command line for a program
  case "$1" in
    planar) echo "planar" ;;
    *) echo "$1 --train $TRAIN --test $TEST" ;;
  esac
}

timed() { # label, output file, command... ; prints seconds, fails loudly on a non-zero exit
  local label="$1" file="$2" start end
  shift 2
  start=$(date +%s%N)
  if ! (cd "$WORK/run" && "$@") > "$file" 2> "$file.err"; then
    echo "e2e.sh: $label failed:" >&2
    cat "$file.err" >&2
    exit 1
  fi
  end=$(date +%s%N)
  awk -v ns=$((end - start)) 'BEGIN { printf "%.3f", ns / 1e9 }'
}

run_numpy() { # command, output file
  if [ "$1" = planar ]; then
    timed "numpy $1" "$2" env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 "$ROOT/benchmarks/numpy_e2e.py" planar
  else
    timed "numpy $1" "$2" env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 "$ROOT/benchmarks/numpy_e2e.py" "$1" "$WORK/data"
  fi
}

median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

BUSIEST=0
IFS=',' read -r -a CMDS <<< "$COMMANDS"
for j in "${JAVAS[@]}"; do
  label="${j%%=*}" java="${j#*=}"
  java_home="$(cd "$(dirname "$java")/.." && pwd)"
  echo "== $label: $("$java" -version 2>&1 | head -1)"
  for c in "${CMDS[@]}"; do
    # shellcheck disable=SC2046 # the argument list is split on purpose
    first=$(JAVA_HOME="$java_home" timed "gradgraph $c" "$WORK/gg-$label-$c-first.txt" "$LAUNCHER" $(gradgraph_args "$c"))
    np_times="" gg_times=""
    for r in $(seq 1 "$ROUNDS"); do
      busy="$(cpu_busy)"
      [ "$busy" -gt "$BUSIEST" ] && BUSIEST="$busy"
      echo "busy $label $c $r $busy" >> "$OUT"
      if [ "$HAVE_NUMPY" = 1 ]; then
        t=$(run_numpy "$c" "$WORK/np-$c.txt"); np_times="$np_times $t"
        echo "numpy $label $c $r $t" >> "$OUT"
      fi
      # shellcheck disable=SC2046
      t=$(JAVA_HOME="$java_home" timed "gradgraph $c" "$WORK/gg-$label-$c.txt" "$LAUNCHER" $(gradgraph_args "$c"))
      gg_times="$gg_times $t"
      echo "gradgraph $label $c $r $t" >> "$OUT"
    done
    gg=$(echo "$gg_times" | median)
    if [ "$HAVE_NUMPY" = 1 ]; then
      np=$(echo "$np_times" | median)
      same=$(diff <(grep '^Cost after' "$WORK/np-$c.txt") <(grep '^Cost after' "$WORK/gg-$label-$c.txt") >/dev/null \
        && echo "same cost lines" || echo "cost lines differ")
      awk -v c="$c" -v np="$np" -v gg="$gg" -v first="$first" -v same="$same" -v nps="$np_times" -v ggs="$gg_times" \
        'BEGIN { printf "%s numpy_s=%.2f gradgraph_s=%.2f ratio=%.2f   (first_run_s=%.2f; numpy:%s; gradgraph:%s; %s)\n",
                 c, np, gg, np / gg, first, nps, ggs, same }'
    else
      printf '%s numpy_s=n/a gradgraph_s=%.2f ratio=n/a   (first_run_s=%.2f; gradgraph:%s)\n' "$c" "$gg" "$first" "$gg_times"
    fi
  done
done
echo
echo "data: $DATA_NOTE; $ROUNDS timed rounds per side, medians; raw records in ${OUT#"$ROOT"/}"
if [ "$BUSIEST" -ge 15 ]; then
  echo "warning: other processes kept up to $BUSIEST % of the CPUs busy just before a round: NOT TO BE QUOTED (rerun on an idle machine)"
fi
