#!/usr/bin/env bash
# Runs the JMH suite side by side with the OpenTelemetry SDK and writes the results table into
# BENCHMARKS.md. Usage (from anywhere):
#
#   benchmarks/run.sh quick            # about 25 minutes: -f 1 -wi 2 -i 3 -w 1s -r 1s (PR smoke)
#   benchmarks/run.sh full             # nightly: -f 3 -wi 5 -i 10
#   benchmarks/run.sh quick 'spans|encoding'                        # some groups: partial table next to the raw data
#   benchmarks/run.sh quick 'facade' benchmarks/results/<timestamp>   # add groups to an earlier run; rewrites BENCHMARKS.md
#
# JMH_JAVA_OPTS is passed to the JMH launcher JVM (e.g. -Djmh.ignoreLock=true).
# Each JMH run is one group (at most ~10 minutes); /proc/loadavg is recorded before and after each.
# Raw JSON and logs land in benchmarks/results/<UTC timestamp>/.
set -euo pipefail
cd "$(dirname "$0")/.."

profile="${1:-quick}"
only="${2:-}"
into="${3:-}"
case "$profile" in
  quick) timing=(-f 1 -wi 2 -i 3 -w 1s -r 1s); single=(-f 1 -wi 1 -i 2); once=(-f 1 -wi 0 -i 1) ;;
  full) timing=(-f 3 -wi 5 -i 10 -w 1s -r 1s); single=(-f 3 -wi 1 -i 3); once=(-f 1 -wi 0 -i 3) ;;
  *) echo "usage: $0 quick|full [group regex]" >&2; exit 2 ;;
esac

mvn -B -q -Dkotlin.compiler.daemon=false -pl benchmarks -am -Pjmh -DskipTests package
jar=benchmarks/target/benchmarks.jar
out="${into:-benchmarks/results/$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$out"
[[ -n "$into" ]] && echo "command_$(date -u +%H%M%S)=benchmarks/run.sh $*" >> "$out/run.properties"
[[ -z "$into" ]] && {
  echo "profile=$profile"
  echo "command=benchmarks/run.sh $*"
  echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "jdk=$(java -version 2>&1 | head -2 | tail -1)"
  echo "cpus=$(nproc)"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
  echo "jmh_timing=${timing[*]}"
  echo "jmh_single_shot=${single[*]}"
  echo "jmh_once=${once[*]}"
} > "$out/run.properties"

# group name ; benchmark regex ; options kind (timing, single, once) ; extra JMH arguments
groups=(
  "spans;SpanBenchmark|EnqueueBenchmark;timing;"
  "disabled-coroutines;DisabledBenchmark|CoroutineBenchmark;timing;"
  "flush-latency;FlushBenchmark;timing;"
  "facade;FacadeBenchmark;timing;"
  "encoding;EncodingBenchmark;timing;"
  "single-shot;FlushContractBenchmark|QueuedMemoryBenchmark;single;"
  "end-to-end;EndToEndBenchmark;once;"
  "end-to-end-pipelined;EndToEndPipelinedBenchmark;once;"
  "end-to-end-2-producers;EndToEndBenchmark;once;-p rate=0 -p producers=2"
)

for entry in "${groups[@]}"; do
  IFS=';' read -r name regex kind extra <<< "$entry"
  if [[ -n "$only" && ! "$name" =~ $only ]]; then continue; fi
  if ! java -jar "$jar" -l | grep -Eq "\.($regex)\."; then
    echo "skip $name: no benchmark matches '$regex'" | tee -a "$out/run.properties"
    continue
  fi
  case "$kind" in
    single) opts=("${single[@]}") ;;
    once) opts=("${once[@]}") ;;
    *) opts=("${timing[@]}") ;;
  esac
  # shellcheck disable=SC2206
  extra_args=($extra)
  echo "== $name: $regex (${opts[*]} ${extra})"
  echo "load_before_$name=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/run.properties"
  java ${JMH_JAVA_OPTS:-} -jar "$jar" "\.($regex)\." "${opts[@]}" "${extra_args[@]}" -prof gc -jvmArgs "-Xms1g -Xmx1g" \
    -rf json -rff "$out/$name.json" 2>&1 | tee "$out/$name.log" | grep -E '^(# Benchmark:|[A-Za-z]+Benchmark\.[A-Za-z_0-9]+ |E2E|DROPS|FLUSH|MEMORY)' || true
  echo "load_after_$name=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/run.properties"
done

if [[ -z "$only" || -n "$into" ]]; then
  python3 benchmarks/results-table.py "$out" BENCHMARKS.md
  echo "results table written to BENCHMARKS.md (raw data in $out)"
else
  python3 benchmarks/results-table.py "$out" "$out/BENCHMARKS.partial.md"
  echo "partial table written to $out/BENCHMARKS.partial.md"
fi
