#!/bin/sh
# node-routeros 1.6.9 (npm) drives tikdeck-sim on the 7.17 profile (it
# cannot handle !empty).  Skipped (77) without node and npm; the npm
# dependencies are installed once with `npm ci` from the committed
# package-lock.json into $builddir/tests/sim/node/.
srcdir=${srcdir:-.}
builddir=$(pwd)
here=$(cd "$srcdir/tests/sim" 2>/dev/null && pwd) || here=$(cd "$(dirname "$0")" && pwd)
sim=${TIKDECK_SIM:-$builddir/tikdeck-sim}

command -v node >/dev/null 2>&1 || { echo "SKIP: no node"; exit 77; }
command -v npm >/dev/null 2>&1 || { echo "SKIP: no npm"; exit 77; }
[ -x "$sim" ] || { echo "SKIP: no simulator at $sim"; exit 77; }

work=$builddir/tests/sim/node
mkdir -p "$work" || exit 1
if [ ! -f "$work/node_modules/node-routeros/package.json" ]; then
	cp "$here/package.json" "$here/package-lock.json" "$work/" || exit 1
	(cd "$work" && npm ci --no-audit --no-fund --loglevel=error) ||
	    { echo "SKIP: npm ci failed (no registry?)"; exit 77; }
fi
cp "$here/node_client.js" "$work/" || exit 1

# A long password with special characters (node-routeros's own test).
LONGPW='p@ss w0rd!"#$%&'"'"'()*+,-./:;<=>?[\]^_`{|}~'$(printf 'x%.0s' $(seq 100))
export LONGPW
out=$(mktemp) || exit 1
"$sim" --frozen --profile 7.17 --api-port 0 --api-ssl-port 0 \
    --api-ssl-mode adh --user "longpw:$LONGPW:full" >"$out" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$out"' EXIT
i=0
while [ "$(wc -l <"$out")" -lt 2 ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
api=$(sed -n 's/^api 127.0.0.1://p' "$out")
ssl=$(sed -n 's/^api-ssl 127.0.0.1://p' "$out")
[ -n "$api" ] && [ -n "$ssl" ] || { echo "FAIL: simulator did not start"; exit 1; }
cd "$work" && timeout 60 node node_client.js "$api" "$ssl"
