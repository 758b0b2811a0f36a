#!/usr/bin/env bash
# Installs what the end-to-end suite needs and is missing: Debian chromium, ripgrep and libkrb5-dev
# (code-server's native kerberos module builds against it), and code-server from npm into a cache
# folder OUTSIDE the checkout, reused by later runs (recipe: shared/design/E2E.md).
# Idempotent; a lock makes two concurrent runs wait for each other instead of racing.
# Prints the code-server executable's path as its last line of stdout.
set -euo pipefail

CS_VERSION=4.100.3
CACHE_ROOT="${NETZ_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/netz-e2e}"
CS_DIR="$CACHE_ROOT/code-server-$CS_VERSION"
CS_BIN="$CS_DIR/node_modules/code-server/out/node/entry.js"
# Written last, so a half-finished install (killed, out of disk) is redone instead of trusted.
CS_DONE="$CS_DIR/.netz-install-complete"

mkdir -p "$CACHE_ROOT"
exec 9>"$CACHE_ROOT/install.lock"
# 15 minutes covers apt and npm on a slow mirror; past that the other holder is presumed stuck.
if ! flock -w 900 9; then
    echo "install-e2e-deps: another install still holds $CACHE_ROOT/install.lock after 15 min" >&2
    exit 1
fi

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
dpkg-query -W -f='${Status}' libkrb5-dev 2>/dev/null | grep -q 'install ok installed' || missing+=(libkrb5-dev)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "install-e2e-deps: need Debian packages ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
        exit 1
    fi
    echo "install-e2e-deps: installing Debian packages ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

if [ ! -f "$CS_DONE" ] || [ ! -f "$CS_BIN" ]; then
    echo "install-e2e-deps: installing code-server@$CS_VERSION into $CS_DIR (about 1.5 min)" >&2
    rm -rf "$CS_DIR"
    mkdir -p "$CS_DIR"
    # @vscode/ripgrep's postinstall downloads from GitHub unless its cache already holds the archive.
    RG_CACHE="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-1.15.11"
    mkdir -p "$RG_CACHE"
    RG_ARCHIVE="$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
    [ -f "$RG_ARCHIVE" ] || tar czf "$RG_ARCHIVE" -C "$(dirname "$(command -v rg)")" rg
    # Postinstall refuses root without unsafe-perm; node-pty runs `npx node-gyp` (yes); nodedir avoids a header download.
    (cd "$CS_DIR" && npm_config_yes=true npm_config_unsafe_perm=true npm_config_nodedir=/usr \
        npm install --prefix "$CS_DIR" --no-audit --no-fund --foreground-scripts "code-server@$CS_VERSION" >&2)
    [ -f "$CS_BIN" ] || { echo "install-e2e-deps: npm finished but $CS_BIN is missing" >&2; exit 1; }
    touch "$CS_DONE"
fi
echo "$CS_BIN"
