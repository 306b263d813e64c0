#!/usr/bin/env bash
# The scale benchmark (issue 8): pgconform against pg_dump --schema-only on
# synthetic schemas of 100, 1,000 and 10,000 tables (bench/gen_schema.py), in
# a throwaway cluster.
#
# For each size N: load the schema into database sN, write its spec with
# `pgconform inspect`, copy sN into dN and make it drift a little (one table in
# a hundred loses an index, has a wider `code` column and a nullable `name`),
# then time, RUNS times each, as separate processes (wall time, peak RSS):
#   check      pgconform check SPEC against sN (conforms: the gate's usual case)
#   check-drift pgconform check SPEC against dN (fails: the data behind each
#              finding is measured too)
#   lint       pgconform lint against sN
#   inspect    pgconform inspect of sN to standard output
#   fix        pgconform fix SPEC against dN (the plan, not applied)
#   pg_dump    pg_dump --schema-only sN
# and, in one process (cargo bench --bench curve), the stages without process
# start-up: spec loading, catalog read, diff, planning (for dN), lint, report.
# Then a fleet: FLEET databases of FLEET_SIZE tables in one spec, checked with
# --jobs 1, 2 and the default (8).
#
# Usage: bench/scale.sh [EXTRA_SIZE…]     e.g. bench/scale.sh 20000
# Environment: SIZES (default "100 1000 10000"; extra sizes are added),
# RUNS (default 5), FLEET (default 50, 0 to skip), FLEET_SIZE (default 100).
# Writes the tables to standard output and to bench/results.md.
# Needs: the PostgreSQL server binaries (PGCONFORM_PG_BINDIR, else
# pg_config --bindir) with pg_dump and psql, python3, cargo.
# Not part of `cargo test`: it takes minutes and its numbers are the machine's.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
bindir="${PGCONFORM_PG_BINDIR:-$(pg_config --bindir)}"
read -r -a sizes <<<"${SIZES:-100 1000 10000}"
sizes+=("$@")
runs="${RUNS:-5}"
fleet="${FLEET:-50}"
fleet_size="${FLEET_SIZE:-100}"
# shellcheck source=bench/cluster.sh
source "$here/bench/cluster.sh" scale

echo "building (release)…" >&2
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
cargo bench --no-run --quiet --manifest-path "$here/Cargo.toml" --bench curve 2>/dev/null
pgconform="$here/target/release/pgconform"
curve() { cargo bench --quiet --manifest-path "$here/Cargo.toml" --bench curve -- "$@"; }
measure() { python3 "$here/bench/measure.py" "$runs" "$@"; }
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

# Durability off (a throwaway cluster); everything else as installed, JIT
# included, except the lock table: pg_dump locks every table it dumps, and the
# server locks each sequence whose position lint and inspect read and each
# table whose index definitions they print, all in one transaction; the default
# (64 per connection) runs out between 10,000 and 20,000 tables ("out of shared
# memory"). check's lean read takes no such locks.
start_cluster "fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 120
max_locks_per_transaction = 1024"
server_version="$(psql_ postgres -At -c 'SHOW server_version')"

results="$work/results.tsv" # kind, size, name, min, median, peak_mib, detail
: >"$results"

drift_sql() { # size → SQL making one table in a hundred differ from the spec
    python3 - "$1" <<'EOF'
import sys
for i in range(50 % int(sys.argv[1]), int(sys.argv[1]), 100):
    print(f"DROP INDEX t{i}_name;")
    print(f"ALTER TABLE t{i} ALTER COLUMN code TYPE varchar(64), ALTER COLUMN name DROP NOT NULL;")
EOF
}

for n in "${sizes[@]}"; do
    echo "size $n: loading…" >&2
    psql_ postgres -c "CREATE DATABASE s$n"
    python3 "$here/bench/gen_schema.py" "$n" >"$work/s$n.sql"
    start=$(date +%s.%N)
    psql_ "s$n" -f "$work/s$n.sql" >/dev/null
    psql_ "s$n" -c "VACUUM ANALYZE" # as a live database's catalog would be
    printf 'load\t%s\tload\t%s\t\t\t\n' "$n" "$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }')" >>"$results"
    spec="$work/s$n.yaml"
    "$pgconform" inspect --url "$(url "s$n")" --database "s$n" -o "$spec" 2>"$work/inspect.err" ||
        { cat "$work/inspect.err" >&2; exit 2; }
    psql_ postgres -c "CREATE DATABASE d$n TEMPLATE s$n"
    drift_sql "$n" | psql_ "d$n"

    echo "size $n: measuring…" >&2
    tool() { # name, command… → a results line
        local name="$1"
        shift
        printf 'tool\t%s\t%s\t%s\n' "$n" "$name" "$(measure "$@" | awk '{print $1 "\t" $2 "\t" $3 "\texit " $4}')" >>"$results"
    }
    tool pg_dump "$bindir/pg_dump" --schema-only -d "$(url "s$n")" -f /dev/null
    tool check "$pgconform" check "$spec" --url "$(url "s$n")" -q
    tool check-drift "$pgconform" check "$spec" --url "$(url "d$n")" -q
    tool lint "$pgconform" lint --url "$(url "s$n")" -q
    tool inspect "$pgconform" inspect --url "$(url "s$n")" --database "s$n"
    tool fix "$pgconform" fix "$spec" --url "$(url "d$n")"
    curve "$spec" "$(url "s$n")" "$(url "d$n")" "$runs" | while IFS=$'\t' read -r stage min median detail; do
        printf 'stage\t%s\t%s\t%s\t%s\t\t%s\n' "$n" "$stage" "$(awk -v v="$min" 'BEGIN { print v / 1000 }')" \
            "$(awk -v v="$median" 'BEGIN { print v / 1000 }')" "$detail" >>"$results"
    done
done

if [ "$fleet" -gt 0 ]; then
    echo "fleet: $fleet databases of $fleet_size tables…" >&2
    psql_ postgres -c "CREATE DATABASE fleet_template"
    python3 "$here/bench/gen_schema.py" "$fleet_size" | psql_ fleet_template >/dev/null
    "$pgconform" inspect --url "$(url fleet_template)" --database fleet_template -o "$work/fleet_one.yaml" 2>/dev/null
    for i in $(seq -w 1 "$fleet"); do psql_ postgres -c "CREATE DATABASE fleet_$i TEMPLATE fleet_template"; done
    python3 - "$work/fleet_one.yaml" "$fleet" "$(url 'fleet_{}')" >"$work/fleet.yaml" <<'EOF'
import sys
lines = open(sys.argv[1]).read().splitlines()
body = lines[lines.index("  fleet_template:") + 1:]
print("version: 1\ndatabases:")
for i in range(1, int(sys.argv[2]) + 1):
    name = f"{i:0{len(sys.argv[2])}d}"
    print(f"  fleet_{name}:\n    url: \"{sys.argv[3].format(name)}\"")
    print("\n".join(body))
EOF
    for jobs in 1 2 8; do
        printf 'fleet\t%s\tjobs %s\t%s\n' "$fleet" "$jobs" \
            "$(measure "$pgconform" check "$work/fleet.yaml" -q --jobs "$jobs" | awk '{print $1 "\t" $2 "\t" $3 "\texit " $4}')" >>"$results"
    done
fi

load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$results" "$runs" "$fleet_size" "$server_version" "$load_before" "$load_after" \
    "$(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo unknown)" <<'EOF' | tee "$here/bench/results.md"
import collections, os, platform, sys
path, runs, fleet_size, server, load_before, load_after, rev = sys.argv[1:]
rows = [line.rstrip("\n").split("\t") for line in open(path) if line.strip()]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
mem = next(int(l.split()[1]) // 1024 for l in open("/proc/meminfo") if l.startswith("MemTotal"))
print("# pgconform scale benchmark (bench/scale.sh)\n")
print(f"Machine: {os.cpu_count()} CPU(s), {cpu}, {mem} MiB RAM; PostgreSQL {server} (throwaway cluster, "
      f"fsync off, JIT as installed); pgconform {rev}. Load average before {load_before}, after {load_after}. "
      f"{runs} runs of each; times in seconds, wall clock, process start-up included.\n")
tools = collections.defaultdict(dict)
for kind, size, name, *rest in rows:
    if kind == "tool":
        tools[int(size)][name] = rest
sizes = sorted(tools)
print("## Commands against pg_dump --schema-only\n")
print("| tables | tool | min (s) | median (s) | median ÷ pg_dump | peak RSS (MiB) |")
print("|---:|---|---:|---:|---:|---:|")
for size in sizes:
    dump = float(tools[size]["pg_dump"][1])
    for name, (lo, med, peak, status) in tools[size].items():
        ratio = float(med) / dump if dump else float("nan")
        print(f"| {size:,} | {name} | {float(lo):.3f} | {float(med):.3f} | {ratio:.2f} | {float(peak):.0f} |")
print()
print("`check`: against the database its spec was inspected from (conforms). `check-drift` and `fix`: against")
print("a copy where one table in a hundred lost an index, has a wider column and a nullable one.\n")
stages = collections.defaultdict(dict)
for kind, size, name, *rest in rows:
    if kind == "stage":
        stages[name][int(size)] = rest
if stages:
    print("## Stages in one process (cargo bench --bench curve): median, and per table\n")
    print("| stage | " + " | ".join(f"{s:,} tables" for s in sizes) + " | growth |")
    print("|---|" + "---:|" * (len(sizes) + 1))
    for name, by_size in stages.items():
        cells, per = [], []
        for s in sizes:
            if s in by_size:
                med = float(by_size[s][1])
                cells.append(f"{med * 1000:.1f} ms ({med * 1e6 / s:.0f} µs/table)")
                per.append(med / s)
            else:
                cells.append("")
        growth = "" if len(per) < 2 or per[0] == 0 else f"×{per[-1] / per[0]:.2f} per table"
        print(f"| {name} | " + " | ".join(cells) + f" | {growth} |")
    print()
    print("`plan` plans for the drifted copy; the others read or diff the conforming database. 'growth':")
    print("the cost per table at the largest size over the cost per table at the smallest (≤ 1: linear or better).\n")
loads = [(int(size), float(lo)) for kind, size, name, lo, *_ in rows if kind == "load"]
if loads:
    print("Schema load (psql, one statement per transaction): " +
          ", ".join(f"{s:,} tables {t:.1f} s" for s, t in loads) + ".\n")
fleet = [(size, name, rest) for kind, size, name, *rest in rows if kind == "fleet"]
if fleet:
    base = float(fleet[0][2][1])
    print(f"## Fleet: {fleet[0][0]} databases of {fleet_size} tables in one spec\n")
    print("| --jobs | min (s) | median (s) | speed-up | peak RSS (MiB) |")
    print("|---:|---:|---:|---:|---:|")
    for size, name, (lo, med, peak, status) in fleet:
        print(f"| {name.split()[1]} | {float(lo):.3f} | {float(med):.3f} | ×{base / float(med):.2f} | {float(peak):.0f} |")
    print()
EOF
