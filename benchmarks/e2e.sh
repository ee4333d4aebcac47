#!/usr/bin/env bash
# The course's three programs end to end, as a user runs them: GradGraph's command (the README's
# launcher, no extra flags) against the course's NumPy code on the same data, wall time from start
# to exit of a fresh process.
#
#   bash benchmarks/e2e.sh                   build (the README's mvn command), then per JDK: planar, logistic, deep
#   bash benchmarks/e2e.sh --rounds N        timed runs per side and command (default 3; medians are printed)
#   bash benchmarks/e2e.sh --commands LIST   e.g. planar,deep
#   bash benchmarks/e2e.sh --no-jdk17        only the newest JDK
#   bash benchmarks/e2e.sh --java PATH       this java (with a javac beside it) instead; may be repeated
#   bash benchmarks/e2e.sh --no-build        use the distribution in examples/target/gradgraph as it is
#
# Prints, per JDK:  <command> numpy_s=<x> gradgraph_s=<y> ratio=<x/y>   (ratio > 1: GradGraph is faster)
# The cat pictures: the course's files when $GRADGRAPH_DATASETS (or ./datasets) holds
# train_catvnoncat.h5 and test_catvnoncat.h5, else generated files with the course's shapes
# (209 and 50 pictures of 64x64x3). Before the timed rounds each command runs once untimed
# (first_run_s: the run that compiles the generated code into the compile cache; later runs, like a
# user's second run, load it). NumPy and GradGraph runs alternate. Each run's share of the CPUs taken
# by other processes is measured (/proc/stat minus our own CPU time); above OTHER_MAX % the ratio is
# marked "[busy: ... not to be quoted]". See docs/performance.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

ROUNDS=3
OTHER_MAX=10 # percent of all CPUs other processes may take during a timed run before its ratio is not to be quoted
COMMANDS="planar,logistic,deep"
JDK17=1
BUILD=1
CHOSEN=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift ;;
    --commands) COMMANDS="$2"; shift ;;
    --no-jdk17) JDK17=0 ;;
    --java) CHOSEN+=("$2"); shift ;;
    --no-build) BUILD=0 ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
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
if [ "${#CHOSEN[@]}" -gt 0 ]; then
  JAVAS=()
  for java in "${CHOSEN[@]}"; do
    [ -x "$java" ] && [ -x "$(dirname "$java")/javac" ] || { echo "e2e.sh: $java is not a java with a javac beside it" >&2; exit 2; }
    JAVAS+=("jdk$(java_version "$java")=$java")
  done
fi

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
  read -r TRAIN TEST < <("$NEWEST" -cp "$BENCH_JAR" io.gradgraph.benchmarks.CatData "$WORK/data" "$COURSE" 2> "$WORK/data.err")
else
  DATA_NOTE="generated pictures with the course's shapes (the course's files not found in $COURSE)"
  read -r TRAIN TEST < <("$NEWEST" -cp "$BENCH_JAR" io.gradgraph.benchmarks.CatData "$WORK/data" 2> "$WORK/data.err")
fi
[ -n "${TRAIN:-}" ] || { echo "e2e.sh: could not prepare the data:" >&2; cat "$WORK/data.err" >&2; exit 1; }
echo "data: $DATA_NOTE"
: > "$OUT"

# ---------------------------------------------------------------- runs

export GRADGRAPH_CACHE_DIR="$WORK/cache" # a cache of its own, empty at the start: first_run_s pays javac

# "busy-jiffies total-jiffies our-jiffies": all CPUs since boot (/proc/stat) and the CPU time of this
# (sub)shell's finished children, so that other processes' share of a run is (busy - ours) / total.
jiffies() { # the pid of the shell whose children count as ours
  local c s total=0 i
  read -r -a c < <(grep '^cpu ' /proc/stat 2>/dev/null) || { echo "0 0 0"; return; }
  for i in 1 2 3 4 5 6 7 8; do total=$((total + c[i])); done
  read -r -a s < <(sed 's/^.*) //' "/proc/$1/stat") || { echo "0 0 0"; return; }
  echo "$((total - c[4] - c[5])) $total $((s[13] + s[14]))" # fields 16, 17: cutime, cstime
}
other_share() { # before, after: percent of all CPUs other processes used in between
  local a b
  read -r -a a <<< "$1"
  read -r -a b <<< "$2"
  local total=$((b[1] - a[1])) other=$(( (b[0] - a[0]) - (b[2] - a[2]) ))
  [ "$other" -lt 0 ] && other=0
  [ "$total" -gt 0 ] && echo $((100 * other / total)) || echo 0
}

gradgraph_args() { # the user's command line for a program
  case "$1" in
    planar) echo "planar" ;;
    *) echo "$1 --train $TRAIN --test $TEST" ;;
  esac
}

timed() { # label, output file, command... ; prints "seconds other-%", fails loudly on a non-zero exit
  local label="$1" file="$2" start end before me="$BASHPID"
  shift 2
  before="$(jiffies "$me")"
  start=$(date +%s%N)
  if ! (cd "$WORK/run" && exec "$@") > "$file" 2> "$file.err"; then
    echo "e2e.sh: $label failed:" >&2
    cat "$file.err" >&2
    exit 1
  fi
  end=$(date +%s%N)
  awk -v ns=$((end - start)) -v other="$(other_share "$before" "$(jiffies "$me")")" 'BEGIN { printf "%.3f %d\n", ns / 1e9, other }'
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
    first="" && read -r first other < <(JAVA_HOME="$java_home" timed "gradgraph $c" "$WORK/gg-$label-$c-first.txt" "$LAUNCHER" $(gradgraph_args "$c"))
    [ -n "${first:-}" ] || exit 1 # timed said why
    echo "first $label $c $first other=$other" >> "$OUT"
    np_times="" gg_times="" busiest=0
    for r in $(seq 1 "$ROUNDS"); do
      if [ "$HAVE_NUMPY" = 1 ]; then
        t="" && read -r t other < <(run_numpy "$c" "$WORK/np-$c.txt")
        [ -n "$t" ] || exit 1
        np_times="$np_times $t"
        [ "$other" -gt "$busiest" ] && busiest="$other"
        echo "numpy $label $c $r $t other=$other" >> "$OUT"
      fi
      # shellcheck disable=SC2046
      t="" && read -r t other < <(JAVA_HOME="$java_home" timed "gradgraph $c" "$WORK/gg-$label-$c.txt" "$LAUNCHER" $(gradgraph_args "$c"))
      [ -n "$t" ] || exit 1
      gg_times="$gg_times $t"
      [ "$other" -gt "$busiest" ] && busiest="$other"
      echo "gradgraph $label $c $r $t other=$other" >> "$OUT"
    done
    [ "$busiest" -gt "$BUSIEST" ] && BUSIEST="$busiest"
    mark=""
    [ "$busiest" -gt "$OTHER_MAX" ] && mark="   [busy: other processes took up to $busiest % of the CPUs: not to be quoted]"
    gg=$(echo "$gg_times" | median)
    if [ "$HAVE_NUMPY" = 1 ]; then
      np=$(echo "$np_times" | median)
      agree=$(paste -d'|' <(grep '^Cost after' "$WORK/np-$c.txt") <(grep '^Cost after' "$WORK/gg-$label-$c.txt") \
        | awk -F'|' '{ n++; if ($1 == $2) same++ } END { printf "%d of %d cost lines as NumPy", same, n }')
      awk -v c="$c" -v np="$np" -v gg="$gg" -v first="$first" -v agree="$agree" -v nps="$np_times" -v ggs="$gg_times" -v mark="$mark" \
        'BEGIN { printf "%s numpy_s=%.2f gradgraph_s=%.2f ratio=%.2f%s\n    (first_run_s=%.2f; numpy:%s; gradgraph:%s; %s)\n",
                 c, np, gg, np / gg, mark, first, nps, ggs, agree }'
    else
      printf '%s numpy_s=n/a gradgraph_s=%.2f ratio=n/a%s\n    (first_run_s=%.2f; gradgraph:%s)\n' "$c" "$gg" "$mark" "$first" "$gg_times"
    fi
  done
done
echo
echo "data: $DATA_NOTE; $ROUNDS timed rounds per side, medians; raw records in ${OUT#"$ROOT"/}"
if [ "$BUSIEST" -gt "$OTHER_MAX" ]; then
  echo "BUSY MACHINE: other processes took up to $BUSIEST % of the CPUs during the runs; these ratios are NOT TO BE QUOTED (rerun on an idle machine)"
fi
