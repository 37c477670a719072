#!/usr/bin/env bash
# Times `npx ism-webhooks --help` in a checkout as a newcomer meets it right after `npm ci`: the
# first run (npm links the checkout into its npx cache, which runs `prepare`) with a cold page
# cache, then warm runs; and the bin run directly, cold and warm. Prints one line per measure.
#
#   scripts/cold-start.sh [CHECKOUT] [WARM_RUNS]     (default: this checkout, 3)
#
# Cold without root: every file the command reads (npm itself, node, the checkout, the npx
# cache) is dropped from the page cache with `dd iflag=nocache count=0` (posix_fadvise
# DONTNEED). The npx cache entry of this checkout alone is removed first, so the run is a first run.
set -euo pipefail
checkout=$(cd "${1:-$(dirname "$0")/..}" && pwd)
warm_runs=${2:-3}
npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
node_bin=$(readlink -f "$(command -v node)")
npx_cache="$(npm config get cache)/_npx"
# npx names the folder after the first 16 hex digits of sha512 of the package spec (the path).
npx_entry="$npx_cache/$(node -e "process.stdout.write(require('crypto').createHash('sha512').update(process.argv[1]).digest('hex').slice(0, 16))" "$checkout")"

evict() {
  find "$@" -type f -print0 2>/dev/null | xargs -0 -r -n 500 -P 2 sh -c 'for f; do dd if="$f" iflag=nocache count=0 status=none 2>/dev/null || true; done' _
}

seconds() { # wall and CPU (user + system) seconds of "$@", its output discarded
  /usr/bin/time -f '%e s wall, %U + %S s CPU' "$@" 2>&1 > /dev/null | tail -1
}

cd "$checkout"
rm -rf "$npx_entry"
evict "$npm_dir" "$node_bin" "$checkout" "$npx_cache"
echo "npx ism-webhooks --help, first run, cold cache: $(seconds npx ism-webhooks --help)"
for i in $(seq 1 "$warm_runs"); do
  echo "npx ism-webhooks --help, warm run $i:          $(seconds npx ism-webhooks --help)"
done
evict "$node_bin" "$checkout"
echo "node dist/cli/index.js --help, cold cache: $(seconds node dist/cli/index.js --help)"
echo "node dist/cli/index.js --help, warm:       $(seconds node dist/cli/index.js --help)"
