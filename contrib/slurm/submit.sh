#!/usr/bin/env bash
# Render a folder of briefs on a Slurm cluster: an array of N tasks (briefs.sbatch), task
# K rendering shard K/N into OUT, then one index job (merge.sbatch) that runs once every
# task has ended, however it ended (--dependency=afterany), and writes OUT/index.html.
#
#   contrib/slurm/submit.sh INPUTS OUT N [sbatch options for both jobs...]
#   contrib/slurm/submit.sh /srv/briefs/inputs /srv/briefs/out 8 --partition=batch
#
# INPUTS and OUT must be on storage every node sees (the paths are made absolute here).
# Prints the two job ids: "array job 12 (8 tasks), index job 13".  Each job's log goes
# to $BRIEFGEN_LOGS [OUT/logs]; each task's JSON report to OUT/last-run.shard-K-of-N.json.
# BRIEFGEN (the executable on the nodes), SBATCH_* and the rest of this environment
# pass to the jobs.  Exit 0 when both are queued, 2 for bad usage, else sbatch's code
# (its message on stderr).  See contrib/README.md ("Slurm").
set -euo pipefail

usage="usage: $(basename "$0") INPUTS OUT N [sbatch options...]"
die() {
  echo "$(basename "$0"): $*" >&2
  echo "$usage" >&2
  exit 2
}

case "${1:-}" in -h | --help)
  echo "$usage"
  exit 0
  ;;
esac
[ $# -ge 3 ] || die "need INPUTS, OUT and N"
inputs=$1 out=$2 shards=$3
shift 3
[ -d "$inputs" ] || die "INPUTS is not a folder: $inputs"
case "$shards" in
  '' | *[!0-9]* | 0*) die "N must be a positive integer, not '$shards'" ;;
esac
command -v sbatch >/dev/null 2>&1 || {
  echo "$(basename "$0"): sbatch not found: run this on a Slurm submit host" >&2
  exit 127
}

here=$(cd "$(dirname "$0")" && pwd -P)
inputs=$(cd "$inputs" && pwd -P)
mkdir -p "$out"
out=$(cd "$out" && pwd -P)
logs=${BRIEFGEN_LOGS:-$out/logs}
mkdir -p "$logs"  # Slurm does not create the folder of --output: a task would die silently
logs=$(cd "$logs" && pwd -P)

# The jobs read these from the environment they inherit (--export=ALL) rather than from
# --export=ALL,NAME=value, which splits on commas and would cut a path holding one.
export BRIEFGEN_INPUTS=$inputs BRIEFGEN_OUT=$out BRIEFGEN_SHARDS=$shards

# The caller's options come first, so that ours win where they meet: --array must be
# 1-N, the index job must wait for the array, the logs go to $logs.  A --dependency
# given here (e.g. singleton, for a nightly run that must not overlap the last one)
# holds back the array, and so the index job too.  --parsable prints "jobid[;cluster]".
rc=0
array=$(sbatch "$@" --parsable --export=ALL --array="1-$shards" \
  --output="$logs/%x-%A_%a.out" "$here/briefs.sbatch") || rc=$?
if [ "$rc" -ne 0 ]; then
  echo "$(basename "$0"): sbatch refused the array job (exit $rc); nothing was submitted" >&2
  exit "$rc"
fi
array=${array%%;*}

index=$(sbatch "$@" --parsable --export=ALL --dependency="afterany:$array" \
  --output="$logs/%x-%j.out" "$here/merge.sbatch") || rc=$?
if [ "$rc" -ne 0 ]; then
  echo "$(basename "$0"): array job $array ($shards tasks) is queued, but sbatch refused the" \
    "index job (exit $rc): run 'briefgen index $out' once the array has ended, or scancel $array" >&2
  exit "$rc"
fi
index=${index%%;*}

echo "array job $array ($shards tasks), index job $index"
echo "logs: $logs; watch: squeue -j $array,$index"
