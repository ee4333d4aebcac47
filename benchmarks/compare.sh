#!/usr/bin/env bash
# GradGraph vs NumPy on the course's training workloads, side by side, in one run.
#
#   bash benchmarks/compare.sh             build, then per workload the newest JDK and JDK 17, NumPy interleaved with each
#   bash benchmarks/compare.sh --no-jdk17  skip the JDK 17 pass
#   bash benchmarks/compare.sh --quick     shorter measurements (a smoke run; numbers are noisier, and its allocation line is not meaningful)
#   bash benchmarks/compare.sh --no-build  use benchmarks/target/gradgraph-benchmarks.jar as it is
#   bash benchmarks/compare.sh --seconds S measured seconds per workload and executor (default 3)
#   bash benchmarks/compare.sh --workloads LIST  e.g. deep,shallow (default: logistic,shallow,deep,deep_adam)
#
# Prints, per JDK, one line per workload and executor:
#   <workload> <executor> numpy_ms=<x> gradgraph_ms=<y> ratio=<x/y>
# (median time per step, per epoch for deep_adam; ratio > 1 means GradGraph is faster), then the
# check values (both sides must compute the same costs), the matmul kernel's GFLOP/s and share of
# peak, and allocation per step. Quote the ratios, not the times: machines are noisy. On a busy
# machine the script refuses to vouch for them: when other processes took more than OTHER_MAX % of
# the CPUs during a measurement, or NumPy interleaved with Java ran more than NUMPY_SLOWDOWN_MAX
# times slower than a standalone NumPy pass right after it, those lines end in
# "[busy: not to be quoted ...]" and a closing BUSY MACHINE note says why.
# The raw records are kept in benchmarks/target/compare-latest.txt. See docs/performance.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

SECONDS_PER=3
OTHER_MAX=10            # percent of all CPUs that other processes may take during a measurement
NUMPY_SLOWDOWN_MAX=1.25 # interleaved NumPy median / standalone NumPy median
FULL_WARMUP=8 # seconds: long enough for C2 to compile the Vector-API code (docs/performance.md)
WARMUP=$FULL_WARMUP
JDK17=1
BUILD=1
WORKLOADS="logistic,shallow,deep,deep_adam"
while [ $# -gt 0 ]; do
  case "$1" in
    --no-jdk17) JDK17=0 ;;
    --quick) SECONDS_PER=1; WARMUP=1 ;;
    --no-build) BUILD=0 ;;
    --seconds) SECONDS_PER="$2"; shift ;;
    --workloads) WORKLOADS="$2"; shift ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "compare.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done

JAR="benchmarks/target/gradgraph-benchmarks.jar"
OUT="benchmarks/target/compare-latest.txt"

# ---------------------------------------------------------------- JDKs: the newest, and a 17

java_version() { # the feature version of a java binary, e.g. 25
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}
NEWEST="" NEWEST_V=0 OLD17=""
for java in "${JAVA_HOME:+$JAVA_HOME/bin/java}" /usr/lib/jvm/*/bin/java "$(command -v java || true)"; do
  [ -n "$java" ] && [ -x "$java" ] && [ -x "$(dirname "$java")/javac" ] || continue  # generated code needs javac
  v="$(java_version "$java")"
  case "$v" in ''|*[!0-9]*) continue ;; esac
  if [ "$v" -gt "$NEWEST_V" ] || { [ "$v" -eq "$NEWEST_V" ] && [[ "$java" == */temurin-* ]]; }; then
    NEWEST="$java" NEWEST_V="$v"
  fi
  if [ "$v" -eq 17 ] && [ -z "$OLD17" ]; then OLD17="$java"; fi
done
if [ -z "$NEWEST" ]; then
  echo "compare.sh: no JDK (java with javac) found" >&2
  exit 1
fi
# The Vector API kernel needs the incubator module. On Linux, transparent huge pages for the heap:
# NumPy asks for them for its large arrays (madvise), the JVM only with this flag, and X (20.5 MB)
# in 4 KB pages costs the memory-bound steps 10-30 % (docs/performance.md).
JAVA_FLAGS=(--add-modules jdk.incubator.vector)
if [ "$(uname -s)" = Linux ]; then JAVA_FLAGS+=(-XX:+UseTransparentHugePages); fi

# ---------------------------------------------------------------- build

if [ "$BUILD" = 1 ]; then
  echo "building the benchmarks (mvn package -pl benchmarks -am, tests skipped) ..."
  mvn -q -B -ntp -DskipTests package -pl benchmarks -am
fi
[ -f "$JAR" ] || { echo "compare.sh: $JAR is missing (run without --no-build)" >&2; exit 1; }
mkdir -p "$(dirname "$OUT")"
: > "$OUT"

# ---------------------------------------------------------------- measurements
#
# One fresh JVM per workload and JDK. With NumPy, each JVM runs numpy_workloads.py --serve beside it
# and alternates half-second timing slices of the two sides (Compare --numpy), so that the two
# medians of a ratio come from the same seconds: on a shared virtual machine the speed drifts, and
# even flips between a fast and a slow mode from one half second to the next.

HAVE_NUMPY=0
if command -v python3 >/dev/null 2>&1 && python3 -c 'import numpy' >/dev/null 2>&1; then
  HAVE_NUMPY=1
else
  echo "NumPy not found (python3 -c 'import numpy' failed): printing GradGraph's times only"
fi
JAVAS=("jdk$NEWEST_V=$NEWEST")
if [ "$JDK17" = 1 ] && [ -n "$OLD17" ] && [ "$OLD17" != "$NEWEST" ]; then
  JAVAS+=("jdk17=$OLD17")
fi

cpu_busy() { # percent of all CPUs busy over the next second (other processes: nothing of ours runs)
  local a b
  read -r -a a < <(grep '^cpu ' /proc/stat) || { echo 0; return; }
  sleep 1
  read -r -a b < <(grep '^cpu ' /proc/stat) || { echo 0; return; }
  local total=0 idle i
  for i in 1 2 3 4 5 6 7 8; do total=$((total + b[i] - a[i])); done
  idle=$(( (b[4] - a[4]) + (b[5] - a[5]) ))
  [ "$total" -gt 0 ] && echo $(( 100 * (total - idle) / total )) || echo 0
}

# "busy-jiffies total-jiffies our-jiffies": all CPUs since boot from /proc/stat, and the CPU time of
# this shell's finished children (the JVM and the NumPy process it starts), so that other processes'
# share of a measurement is (busy - ours) / total over it.
jiffies() {
  local c s total=0 i
  read -r -a c < <(grep '^cpu ' /proc/stat) || { echo "0 0 0"; return; }
  for i in 1 2 3 4 5 6 7 8; do total=$((total + c[i])); done
  read -r -a s < <(sed 's/^.*) //' "/proc/$$/stat") || { echo "0 0 0"; return; }
  echo "$((total - c[4] - c[5])) $total $((s[13] + s[14]))" # fields 16, 17: cutime, cstime
}
other_share() { # before, after (jiffies lines): percent of all CPUs used by other processes between them
  local a b
  read -r -a a <<< "$1"
  read -r -a b <<< "$2"
  local total=$((b[1] - a[1])) other=$(( (b[0] - a[0]) - (b[2] - a[2]) ))
  [ "$other" -lt 0 ] && other=0
  [ "$total" -gt 0 ] && echo $((100 * other / total)) || echo 0
}

run_numpy() { # workloads, extra flags
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 benchmarks/numpy_workloads.py --workloads "$1" \
      --seconds "$SECONDS_PER" "${@:2}" | tee -a "$OUT" | sed 's/^/  /'
}
run_java() { # label, java binary, workloads, extra flags
  echo "section $1" >> "$OUT"
  "$2" "${JAVA_FLAGS[@]}" -jar "$JAR" --workloads "$3" --seconds "$SECONDS_PER" --warmup "$WARMUP" "${@:4}" \
      2> >(grep -v '^WARNING: Using incubator modules' >&2) | tee -a "$OUT" | sed 's/^/  /'
}

NUMPY_ARGS=()
if [ "$HAVE_NUMPY" = 1 ]; then NUMPY_ARGS=(--numpy benchmarks/numpy_workloads.py); fi
BUSIEST=0
IFS=',' read -r -a WORKLOAD_LIST <<< "$WORKLOADS"
for w in "${WORKLOAD_LIST[@]}"; do
  busy="$(cpu_busy)"
  if [ "$busy" -gt "$BUSIEST" ]; then BUSIEST="$busy"; fi
  echo "$w (CPUs busy with other work just before: $busy %)"
  echo "busy $w $busy" >> "$OUT"
  for j in "${JAVAS[@]}"; do
    echo "  GradGraph on ${j%%=*}: ${j#*=} ${JAVA_FLAGS[*]}${NUMPY_ARGS[*]:+, NumPy interleaved}"
    before="$(jiffies)"
    run_java "${j%%=*}" "${j#*=}" "$w" --no-kernels "${NUMPY_ARGS[@]}"
    other="$(other_share "$before" "$(jiffies)")"
    echo "  (other processes used $other % of the CPUs meanwhile)"
    echo "other ${j%%=*} $w $other" >> "$OUT"
  done
  if [ "$HAVE_NUMPY" = 1 ]; then
    # NumPy alone, right after: if the interleaved NumPy above was much slower, the machine was busy
    echo "  NumPy standalone:"
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 benchmarks/numpy_workloads.py --workloads "$w" \
        --seconds "$SECONDS_PER" --no-kernels | grep '^numpy ' | sed 's/^numpy /numpy-standalone /' \
        | tee -a "$OUT" | sed 's/^/  /'
  fi
done
echo "matmul kernels"
if [ "$HAVE_NUMPY" = 1 ]; then run_numpy ""; fi
for j in "${JAVAS[@]}"; do
  run_java "${j%%=*}" "${j#*=}" ""
done

# ---------------------------------------------------------------- the table

echo
awk -v have_numpy="$HAVE_NUMPY" -v warmup="$WARMUP" -v full_warmup="$FULL_WARMUP" \
    -v other_max="$OTHER_MAX" -v slowdown_max="$NUMPY_SLOWDOWN_MAX" '
  function field(name,   i) { for (i = 1; i <= NF; i++) if (index($i, name "=") == 1) return substr($i, length(name) + 2); return "" }
  $1 == "numpy-info"  { npinfo = $0; sub(/^numpy-info /, "", npinfo) }
  $1 == "numpy"       { np[sec SUBSEP $2] = field("median_ms") }
  $1 == "numpy-check" { npcheck[sec SUBSEP $2] = field("cost") }
  $1 == "numpy-kernel" { npk[$2] = field("gflops") }
  $1 == "section"     { sec = $2; if (!(sec in seen)) { seen[sec] = 1; order[++nsec] = sec } }
  $1 == "busy"        { if ($3 + 0 > busiest) busiest = $3 + 0 }
  $1 == "other"       { other[$2 SUBSEP $3] = $4 + 0 }
  $1 == "numpy-standalone" { alone[$2] = field("median_ms") }
  $1 == "java-info"   { info[sec] = $0; sub(/^java-info /, "", info[sec]) }
  $1 == "java-peak"   { peak[sec] = field("gflops"); peakhow[sec] = field("how") }
  $1 == "java"        { key = sec SUBSEP (++nrow[sec]); row[key] = $2 " " $3; ms[key] = field("median_ms"); alloc[key] = field("alloc_bytes_per_step") }
  $1 == "java-check"  { key = sec SUBSEP (++ncheck[sec]); chk[key] = $2 " " $3; jcost[key] = field("cost") }
  $1 == "java-kernel" { key = sec SUBSEP (++nk[sec]); kname[key] = $2; kdims[key] = field("m") "x" field("n") "x" field("k"); kg[key] = field("gflops"); kp[key] = field("peak_pct"); kbw[key] = field("read_gbps") }
  END {
    if (have_numpy == 1) print "NumPy: " npinfo
    for (s = 1; s <= nsec; s++) {
      sec = order[s]
      print ""
      print "== " sec ": " info[sec]
      for (r = 1; r <= nrow[sec]; r++) {
        key = sec SUBSEP r; split(row[key], wx, " ")
        why = ""
        if (other[sec SUBSEP wx[1]] > other_max) why = why sprintf("; other processes took %d %% of the CPUs", other[sec SUBSEP wx[1]])
        if (have_numpy == 1 && ((sec SUBSEP wx[1]) in np) && (wx[1] in alone) && np[sec SUBSEP wx[1]] + 0 > slowdown_max * alone[wx[1]])
          why = why sprintf("; interleaved NumPy %.2fx slower than standalone (%s ms)", np[sec SUBSEP wx[1]] / alone[wx[1]], alone[wx[1]])
        mark = (why == "") ? "" : "   [busy: not to be quoted" why "]"
        if (why != "") { unquotable++; reasons = reasons "\n  " sec " " wx[1] " " wx[2] ": " substr(why, 3) }
        if (have_numpy == 1 && ((sec SUBSEP wx[1]) in np))
          printf "%s %s numpy_ms=%s gradgraph_ms=%s ratio=%.2f%s\n", wx[1], wx[2], np[sec SUBSEP wx[1]], ms[key], np[sec SUBSEP wx[1]] / ms[key], mark
        else
          printf "%s %s numpy_ms=n/a gradgraph_ms=%s ratio=n/a%s\n", wx[1], wx[2], ms[key], mark
      }
      print "-- checks (cost at step 3, or of the last batch of epoch 2; relative difference to NumPy):"
      for (r = 1; r <= ncheck[sec]; r++) {
        key = sec SUBSEP r; split(chk[key], wx, " ")
        if (have_numpy == 1 && ((sec SUBSEP wx[1]) in npcheck)) {
          npc = npcheck[sec SUBSEP wx[1]]
          d = jcost[key] - npc; if (d < 0) d = -d
          rel = d / (npc < 0 ? -npc : npc)
          printf "check %s %s gradgraph=%s numpy=%s rel_diff=%.1e %s\n", wx[1], wx[2], jcost[key], npc, rel, (rel < 1e-9 ? "ok" : "MISMATCH")
          if (!(rel < 1e-9)) mismatches++
        } else {
          printf "check %s %s gradgraph=%s\n", wx[1], wx[2], jcost[key]
        }
      }
      print "-- allocation per step (bytes, all JVM threads, after warm-up):"
      line = ""
      for (r = 1; r <= nrow[sec]; r++) { key = sec SUBSEP r; split(row[key], wx, " "); line = line sprintf("%s/%s=%s ", wx[1], wx[2], alloc[key]) }
      print line
      if (warmup + 0 < full_warmup + 0)
        printf "(a %s s warm-up is too short for the JIT to compile the Vector-API code, which allocates until it is compiled: run without --quick for allocation)\n", warmup
      printf "-- matmul kernel (peak %s GFLOP/s = %s):\n", peak[sec], peakhow[sec]
      for (r = 1; r <= nk[sec]; r++) {
        key = sec SUBSEP r
        printf "matmul %s %s gflops=%s peak_pct=%s read_gbps=%s%s\n", kname[key], kdims[key], kg[key], kp[key], kbw[key], \
            ((kname[key] in npk) ? " numpy_gflops=" npk[kname[key]] : "")
      }
    }
    if (unquotable > 0 || busiest > other_max) {
      print ""
      print "BUSY MACHINE: these ratios are NOT TO BE QUOTED (rerun on an idle machine)." \
          (busiest > other_max ? " Other processes kept up to " busiest " % of the CPUs busy just before a workload." : "") reasons
    }
    if (mismatches > 0) {
      print ""
      print "compare.sh: " mismatches " check(s) differ: GradGraph and NumPy did not compute the same costs"
      exit 3
    }
  }' "$OUT"
