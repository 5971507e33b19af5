#!/bin/sh
# bench/run.sh BUILDDIR [ROWS]: the 1M-row /ip/route read benchmark.
# Runs a raw socket read, tikdeck exec --count, the engine into a row store
# and, when python3-librouteros is installed, librouteros on the same bytes.
set -eu
B=${1:?usage: run.sh BUILDDIR [ROWS]}
ROWS=${2:-1000000}
PY=/usr/bin/python3
HERE=$(cd "$(dirname "$0")" && pwd)

ms() { date +%s%N | cut -b1-13; }

out=$(mktemp)
"$B/bench/routes-server" --rows "$ROWS" >"$out" &
srv=$!
trap 'kill $srv 2>/dev/null; rm -f "$out"' EXIT
for _ in $(seq 1 600); do [ -s "$out" ] && break; sleep 0.1; done
read -r _ port _ bytes _ rows <"$out"
echo "reply: $rows rows, $bytes bytes ($(( bytes / rows )) bytes a row)"

for i in 1 2 3; do
	"$B/bench/rawread" "$port" "$bytes"
done
for i in 1 2 3; do
	t0=$(ms)
	n=$(TIKDECK_PASSWORD= "$B/tikdeck" exec --plain "127.0.0.1:$port" /ip/route/print --count)
	t1=$(ms)
	echo "exec --count: $n rows in $(( t1 - t0 )) ms (connect and login included)"
done
for i in 1 2 3; do
	"$B/bench/bench-engine" "$port"
done
if [ "${SKIP_LIBROUTEROS:-0}" = 0 ] && $PY -c 'import librouteros' 2>/dev/null; then
	$PY "$HERE/librouteros_read.py" "$port"
fi
