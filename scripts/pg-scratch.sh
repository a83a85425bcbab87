#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and benchmarks: `scripts/pg-scratch.sh start DIR` creates a
# cluster in DIR (owned by an unprivileged user, since initdb refuses root), starts it listening only on a
# unix socket in DIR, and prints its DSN; `scripts/pg-scratch.sh stop DIR` stops it. Nothing outside DIR
# is touched except, when run as root, creating the system user pgtest once.
set -euo pipefail

cmd=${1:-}
dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ]; then
  echo "usage: $0 start|stop DIR [postgres -c options...]" >&2
  exit 2
fi
shift 2

bindir=""
for d in /usr/lib/postgresql/*/bin; do
  [ -x "$d/initdb" ] && bindir=$d
done
if [ -z "$bindir" ]; then
  echo "pg-scratch: no PostgreSQL server binaries (install the postgresql package)" >&2
  exit 1
fi

as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u pgtest -- "$@"
  else
    "$@"
  fi
}

case "$cmd" in
start)
  if [ "$(id -u)" = 0 ] && ! id pgtest >/dev/null 2>&1; then
    useradd -r -m pgtest
  fi
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  [ "$(id -u)" = 0 ] && chown pgtest "$dir"
  as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust --no-sync -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  # A unix socket in DIR only: no port to collide with another cluster on the machine.
  opts="-c listen_addresses='' -c unix_socket_directories='$dir' -c max_connections=400 -c shared_buffers=128MB"
  for o in "$@"; do opts="$opts -c $o"; done
  as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "$opts" start >/dev/null ||
    { cat "$dir/server.log" >&2; exit 1; }
  echo "postgres://postgres@/postgres?host=$dir&sslmode=disable"
  ;;
stop)
  as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null
  ;;
*)
  echo "usage: $0 start|stop DIR" >&2
  exit 2
  ;;
esac
