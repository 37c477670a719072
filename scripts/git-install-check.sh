#!/usr/bin/env bash
# Installs this checkout's HEAD the way a git dependency is installed, into fresh projects, and
# checks what docs/install.md says about it: npm builds dist/ while installing (it runs `prepare` in
# the clone), and with --strict-allow-scripts the install needs an allowScripts entry for the URL.
# A git+file:// URL of a local clone stands in for a git host; the npm cache serves the packages
# when it holds them (--prefer-offline). Too slow for `npm test` (about a minute per install).
#
#   scripts/git-install-check.sh
set -euo pipefail
checkout=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone -q "$checkout" "$work/repo"
url="git+file://$work/repo"
commit=$(git -C "$work/repo" rev-parse HEAD)
failed=0

install() { # NAME ALLOW_SCRIPTS_JSON NPM_FLAGS...: installs $url#$commit into $work/NAME
  local name=$1 allow=$2
  shift 2
  mkdir "$work/$name"
  printf '{"name":"%s","version":"1.0.0","private":true,"allowScripts":%s}\n' "$name" "$allow" > "$work/$name/package.json"
  local start=$SECONDS
  if (cd "$work/$name" && npm install --prefer-offline --no-audit --no-fund "$@" "$url#$commit" > install.log 2>&1); then
    echo "$name: installed in $((SECONDS - start)) s"
  else
    echo "$name: install failed after $((SECONDS - start)) s"
  fi
}

expect() { # DESCRIPTION COMMAND...
  if "${@:2}" > /dev/null 2>&1; then echo "  ok    $1"; else echo "  FAIL  $1"; failed=1; fi
}

install plain '{}'
expect 'dist/ was built by prepare' test -f "$work/plain/node_modules/ism-webhook-contract/dist/src/generated/api.d.ts"
expect 'ism-webhooks --version runs' "$work/plain/node_modules/.bin/ism-webhooks" --version
expect 'npm lists prepare as not covered by allowScripts' grep -q 'prepare: node scripts/build.js --if-stale' "$work/plain/install.log"

install strict-unlisted '{}' --strict-allow-scripts
expect '--strict-allow-scripts without an entry fails the install' grep -q ESTRICTALLOWSCRIPTS "$work/strict-unlisted/install.log"

install strict-allowed "{\"$url\":true}" --strict-allow-scripts
expect '--strict-allow-scripts with the URL allowed installs a built package' "$work/strict-allowed/node_modules/.bin/ism-webhooks" --version

exit "$failed"
