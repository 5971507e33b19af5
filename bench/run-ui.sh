#!/bin/sh
# bench/run-ui.sh BUILDDIR: the console benchmarks (bench/README.md,
# "Console"): the table model's sort alone (bench/bench-sort), then the real
# tikdeck on a pty (bench/ui_bench.py: the big table, the live refresh, the
# dashboard with a traffic and the log pane on a quiet router).  Everything
# on loopback; the simulators listen on port 0 and are stopped on exit.
# Environment: ROWS (1000000), SECONDS (60), LOADS (4), HANG (15); see
# bench/ui_bench.py.  SCENARIOS ("big live panes") picks the ui_bench.py
# scenarios; bench-sort runs only with big.
set -eu
B=${1:?usage: run-ui.sh BUILDDIR}
ROWS=${ROWS:-1000000}
SCENARIOS=${SCENARIOS:-big live panes}
PY=/usr/bin/python3
HERE=$(cd "$(dirname "$0")" && pwd)

if [ "${TIKDECK_TEST_HOOKS:-yes}" != yes ]; then
	echo "bench-ui: configure with --enable-test-hooks (the console's" \
	    "idle signal times the keys)" >&2
	exit 1
fi
if ! $PY -c 'import pyte' 2>/dev/null; then
	echo "bench-ui: python3-pyte is missing" >&2
	exit 1
fi

case " $SCENARIOS " in
*" big "*)
	echo "== the table model alone: bench/bench-sort, $ROWS routes"
	out=$(mktemp)
	"$B/tikdeck-sim" --api-port 0 --seed 1 --frozen --routes "$ROWS" \
	    >"$out" &
	sim=$!
	trap 'kill $sim 2>/dev/null || true; rm -f "$out"' EXIT
	for _ in $(seq 1 100); do [ -s "$out" ] && break; sleep 0.1; done
	port=$(sed -n 's/^api 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$out")
	"$B/bench/bench-sort" "$port"
	kill $sim
	wait $sim 2>/dev/null || true
	;;
esac

# shellcheck disable=SC2086  # SCENARIOS is a list of words
ROWS=$ROWS $PY "$HERE/ui_bench.py" "$B" $SCENARIOS
