#!/usr/bin/env bash
# Heap allocations per command of the bus workloads (issue 7: "no per-message
# allocation beyond the messages and tasks themselves").
#
#   bench/allocations.sh [WORKLOAD...]      default: W1 W2 W3 W4C-MEM
#   SCRATCH_PATH=.build-other bench/allocations.sh   another build folder
#
# Counts the calls to malloc & co. with heaptrack (apt-get install heaptrack)
# in two runs of busbench, one at the workload's N and one at --quick's 1,000;
# the difference divided by the difference in commands is the cost of one
# command, free of start-up and warm-up. Builds busbench in release first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v heaptrack >/dev/null || { echo "heaptrack is not installed (apt-get install heaptrack)" >&2; exit 2; }
scratch=()
if [ -n "${SCRATCH_PATH:-}" ]; then scratch=(--scratch-path "$SCRATCH_PATH"); fi
swift build -c release --product busbench "${scratch[@]}" >/dev/null
bin="$(swift build -c release "${scratch[@]}" --show-bin-path)/busbench"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# N of each workload at full size (WORKLOADS.md); --quick runs 1,000.
declare -A size=([W1]=100000 [W2]=50000 [W3]=10000 [W4C-MEM]=20000)

calls() { # workload, extra flags...
    local workload=$1; shift
    heaptrack -o "$work/$workload" "$bin" --only "$workload" --runs 1 "$@" >/dev/null 2>&1
    heaptrack_print "$work/$workload".* 2>/dev/null | awk '/^calls to allocation functions/ { print $5 }'
    rm -f "$work/$workload".*
}

printf '%-8s %10s %12s\n' workload N 'allocs/command'
for workload in "${@:-W1 W2 W3 W4C-MEM}"; do
    for w in $workload; do
        n=${size[$w]:?"unknown workload $w (one of ${!size[*]})"}
        full=$(calls "$w")
        quick=$(calls "$w" --quick)
        awk -v w="$w" -v n="$n" -v f="$full" -v q="$quick" 'BEGIN { printf "%-8s %10d %12.1f\n", w, n, (f - q) / (n - 1000) }'
    done
done
