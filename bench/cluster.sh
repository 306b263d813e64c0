# A throwaway PostgreSQL cluster for the bench scripts (sourced, not run).
#
# Sets `work` (a temporary folder, removed on exit with the cluster in it),
# `port`, and the functions `start_cluster [CONF]` (CONF: lines appended to
# postgresql.conf), `url DB` and `psql_ DB ARGS…`. Needs `bindir`: the server
# binaries. As root, the server runs as the `postgres` user.

work="$(mktemp -d "/tmp/pgconform-$1.XXXXXX")"
chmod 755 "$work"
port=$((20000 + RANDOM % 20000))
as_pg=()
if [ "$(id -u)" = 0 ]; then as_pg=(runuser -u postgres --); fi

cleanup() {
    "${as_pg[@]}" "$bindir/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

start_cluster() {
    mkdir "$work/data"
    [ "$(id -u)" = 0 ] && chown postgres "$work/data" "$work"
    "${as_pg[@]}" "$bindir/initdb" -D "$work/data" -U postgres -A trust --no-sync >"$work/initdb.log" 2>&1
    if [ -n "${1:-}" ]; then printf '%s\n' "$1" >>"$work/data/postgresql.conf"; fi
    "${as_pg[@]}" "$bindir/pg_ctl" -D "$work/data" -l "$work/server.log" -w \
        -o "-p $port -k $work -c listen_addresses=''" start >/dev/null
}

url() { echo "host=$work port=$port user=postgres dbname=$1"; }
psql_() { "$bindir/psql" -X -q -v ON_ERROR_STOP=1 "$(url "$1")" "${@:2}"; }
