#!/usr/bin/env bash
# The round trip on schemas this project did not write: Debian's packaged
# PostgreSQL schemas of Zabbix, Icinga 2 (IDO), MediaWiki and PowerDNS.
#
# For each: fetch the package (apt-get download + dpkg -x into a temporary
# folder; nothing is kept), load its schema into a database of a throwaway
# cluster, `pgconform inspect` it, `pgconform check` it against its own spec,
# build an empty database from that spec with `pgconform fix --apply`,
# inspect that one too and compare the two specs; then make an older version
# of the schema (a copy with tables, columns, indexes, defaults and NOT NULLs
# missing and some types changed, bench/older_version.sql), `fix --apply` it
# to the spec and check that it converged (check passes, a second fix plans
# nothing). One result line per schema.
#
# Usage: bench/realworld.sh [zabbix|icinga|mediawiki|pdns …]   (default: all four)
# Needs: apt-get (Debian or Ubuntu with the package lists), the PostgreSQL
# server binaries (PGCONFORM_PG_BINDIR, else pg_config --bindir), python3.
# Not part of `cargo test`: it downloads packages.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
bindir="${PGCONFORM_PG_BINDIR:-$(pg_config --bindir)}"
# shellcheck source=bench/cluster.sh
source "$here/bench/cluster.sh" realworld

cargo build --release --quiet --manifest-path "$here/Cargo.toml"
pgconform="$here/target/release/pgconform"

start_cluster

fetch() { # package, path inside it → prints the extracted file's path
    local pkg="$1" path="$2"
    if [ ! -d "$work/$pkg" ]; then
        (cd "$work" && apt-get download "$pkg" >/dev/null 2>&1) || {
            apt-get update >/dev/null 2>&1
            (cd "$work" && apt-get download "$pkg" >/dev/null)
        }
        dpkg -x "$work"/"${pkg}"_*.deb "$work/$pkg"
    fi
    echo "$work/$pkg/$path"
}

load() { # name → loads the schema into database NAME
    local name="$1" file
    psql_ postgres -c "CREATE DATABASE $name"
    case "$name" in
        zabbix)
            file="$(fetch zabbix-server-pgsql usr/share/zabbix-server-pgsql/schema.sql.gz)"
            zcat "$file" | psql_ "$name" >/dev/null ;;
        icinga)
            file="$(fetch icinga2-ido-pgsql usr/share/icinga2-ido-pgsql/schema/pgsql.sql)"
            psql_ "$name" -f "$file" >/dev/null ;;
        mediawiki)
            file="$(fetch mediawiki usr/share/mediawiki/maintenance/postgres/tables-generated.sql)"
            psql_ "$name" -f "$file" >/dev/null ;;
        pdns)
            file="$(fetch pdns-backend-pgsql usr/share/pdns-backend-pgsql/schema/schema.pgsql.sql)"
            psql_ "$name" -f "$file" >/dev/null ;;
        *) echo "unknown schema $name (zabbix, icinga, mediawiki, pdns)" >&2; return 2 ;;
    esac
}

summary() { # check's JSON → "passed P, failed F, skipped S"
    python3 -c 'import json,sys; s=json.load(sys.stdin)["summary"]; print("passed %d, failed %d, skipped %d" % (s["pass"], s["fail"], s["skip"]))'
}

steps() { # fix's JSON plan → how many steps and withheld repairs it holds
    python3 -c 'import json,sys; d=json.load(sys.stdin); print(sum(len(p["steps"]) + len(p.get("blockers") or []) for p in d["databases"]))'
}
status=0
for name in "${@:-zabbix icinga mediawiki pdns}"; do
  for name in $name; do
    load "$name"
    spec="$work/$name.yaml"
    "$pgconform" inspect --url "$(url "$name")" --database "$name" -o "$spec" 2>/dev/null
    tables=$(python3 -c "import re,sys; print(re.search(r'(\d+) table\(s\)', open(sys.argv[1]).read()).group(1))" "$spec")
    checked=$("$pgconform" check "$spec" --url "$(url "$name")" --format json | summary) || true
    psql_ postgres -c "CREATE DATABASE ${name}_rebuilt"
    if "$pgconform" fix "$spec" --url "$(url "${name}_rebuilt")" --apply -q >"$work/fix.log" 2>&1; then
        "$pgconform" inspect --url "$(url "${name}_rebuilt")" --database "$name" -o "$work/$name.rebuilt.yaml" 2>/dev/null
        if diff -u "$spec" "$work/$name.rebuilt.yaml" >"$work/$name.diff"; then
            round="round trip: equal"
        elif ! grep '^[-+][^-+]' "$work/$name.diff" | grep -qv '^[-+] *#'; then
            # Only the header differs: objects listed as not expressed,
            # which fix cannot create, are missing from the rebuilt database.
            round="round trip: equal but for $(grep -c '^-  #   - ' "$work/$name.diff") not-expressed object(s) fix cannot create"
        else
            round="round trip: differs ($(grep -c '^[-+][^-+]' "$work/$name.diff") lines)"
            status=1
            sed 's/^/    /' "$work/$name.diff" | head -40 >&2
        fi
    else
        round="round trip: fix --apply failed"
        status=1
        sed 's/^/    /' "$work/fix.log" | tail -20 >&2
    fi
    case "$checked" in *"failed 0, skipped 0"*) ;; *) status=1 ;; esac
    # An older version of the same schema, brought up to the spec.
    psql_ postgres -c "CREATE DATABASE ${name}_old TEMPLATE $name"
    psql_ "${name}_old" -f "$here/bench/older_version.sql" >/dev/null
    drift=$("$pgconform" check "$spec" --url "$(url "${name}_old")" --format json | summary) || true
    if "$pgconform" fix "$spec" --url "$(url "${name}_old")" --apply --allow-destructive -q >"$work/fix-old.log" 2>&1 \
        && after=$("$pgconform" check "$spec" --url "$(url "${name}_old")" --format json | summary) \
        && [ "$("$pgconform" fix "$spec" --url "$(url "${name}_old")" --format json | steps)" = 0 ]; then
        older="older version: $drift → fixed, $after, second fix empty"
    else
        older="older version: $drift → did not converge"
        status=1
        sed 's/^/    /' "$work/fix-old.log" | tail -20 >&2
    fi
    printf '%-10s %4s tables  check: %s  %s\n           %s\n' "$name" "$tables" "$checked" "$round" "$older"
  done
done
exit $status
