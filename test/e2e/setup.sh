#!/usr/bin/env bash
# Installs the real VS Code the end-to-end tests drive: code-server 4.100.3
# (VS Code 1.100.3, the last release that runs on Node 20) from the npm
# registry, without any download outside the npm and Debian registries.
# A plain `npm install code-server` cannot work offline (its postinstall
# fetches ripgrep from GitHub and needs --unsafe-perm as root), so this runs
# the steps of that postinstall by hand: install without scripts, rebuild the
# native modules against the local Node headers, link Debian's ripgrep, build
# the built-in extensions.
#
# Idempotent: a complete install leaves a stamp file and a second run returns
# at once. The install is made in a scratch folder and moved into place only
# when every step and the final checks passed, so a failed run never leaves
# something that looks installed. Fails loudly (set -e, named steps).
#
# Usage: bash test/e2e/setup.sh            (installs into test/e2e/.cache/)
#   REWIND_E2E_CACHE=DIR  install somewhere else
# Prints the install folder on its last line.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
here="$(cd "$(dirname "$0")" && pwd)"
cache="${REWIND_E2E_CACHE:-$here/.cache}"
dest="$cache/code-server-$CODE_SERVER_VERSION"
stamp="$dest/.rewind-install-complete"

step() { printf '\n== e2e setup (%ss): %s\n' "$(( $(date +%s) - started ))" "$*" >&2; }
die() { printf 'e2e setup FAILED: %s\n' "$*" >&2; exit 1; }

started=$(date +%s)
if [ -f "$stamp" ]; then
  echo "code-server $CODE_SERVER_VERSION already installed ($(cat "$stamp"))" >&2
  echo "$dest"
  exit 0
fi

# ---- Debian packages: chromium (the browser), ripgrep (VS Code's search),
# libkrb5-dev (code-server's kerberos module builds against it), and a C++
# toolchain for node-gyp.
need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v rg >/dev/null || need_apt+=(ripgrep)
command -v krb5-config >/dev/null || need_apt+=(libkrb5-dev)
command -v g++ >/dev/null || need_apt+=(g++)
command -v make >/dev/null || need_apt+=(make)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    step "apt-get install ${need_apt[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=600 update -qq
    apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    die "missing Debian packages: ${need_apt[*]} (install them as root: apt-get install ${need_apt[*]})"
  fi
fi
[ -f /usr/include/node/node.h ] || die "Node headers not found in /usr/include/node (native modules are built against them)"

work="$dest.partial"
rm -rf "$work"
mkdir -p "$work"
cd "$work"
# Native modules build against the headers of the Node that runs them;
# pointing node-gyp at /usr stops it downloading headers.
export npm_config_nodedir=/usr
# node-gyp compiles with both cores (the machine has two).
export JOBS=2
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

step "npm install --ignore-scripts code-server@$CODE_SERVER_VERSION"
echo '{ "name": "rewind-e2e-code-server", "private": true }' > package.json
npm install --ignore-scripts --no-save --loglevel=error "code-server@$CODE_SERVER_VERSION"

top="$work/node_modules/code-server"
vscode="$top/lib/vscode"
[ -d "$vscode" ] || die "no lib/vscode in the code-server package"

step "VS Code's production dependencies (lib/vscode)"
(cd "$vscode" && npm install --omit=dev --ignore-scripts --loglevel=error)

step "native modules of VS Code"
(cd "$vscode" && npm rebuild --loglevel=error kerberos native-watchdog @parcel/watcher @vscode/deviceid @vscode/spdlog) \
  || die "rebuilding VS Code's native modules"
# node-pty's install script ends with an optional compile_commands_json step
# that fails without network; only pty.node matters.
(cd "$vscode" && npm rebuild --loglevel=error node-pty) || echo "(node-pty's post-build step failed; checking pty.node)" >&2
[ -f "$vscode/node_modules/node-pty/build/Release/pty.node" ] || die "node-pty did not build pty.node"

step "argon2 (loaded even with --auth none), from source"
# npm hoists it next to code-server in this scratch project.
(cd "$work" && npm_config_build_from_source=true npm rebuild --loglevel=error argon2) || die "rebuilding argon2"

step "links the skipped postinstall would have made"
mkdir -p "$vscode/node_modules/@vscode/ripgrep/bin"
ln -sfn "$(command -v rg)" "$vscode/node_modules/@vscode/ripgrep/bin/rg"
ln -sfn node_modules "$vscode/node_modules.asar"
ln -sfn code-linux.sh "$vscode/bin/remote-cli/code-server"
ln -sfn browser-linux.sh "$vscode/bin/helpers/browser.sh"

step "built-in extensions (their TypeScript and dependencies)"
(cd "$vscode/extensions" && npm install --omit=dev --ignore-scripts --loglevel=error && node postinstall.mjs)

step "checks"
# --config: without it code-server writes a default config under ~/.config.
echo 'auth: none' > "$work/check-config.yaml"
version=$(node "$top/out/node/entry.js" --config "$work/check-config.yaml" --version | grep -E '^[0-9]+\.[0-9]+\.[0-9]+ ' | head -1 || true)
case "$version" in
  "$CODE_SERVER_VERSION "*) ;;
  *) die "code-server --version printed '$version', expected $CODE_SERVER_VERSION" ;;
esac
for native in \
  "$vscode/node_modules/kerberos/build/Release/kerberos.node" \
  "$vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node" \
  "$vscode/node_modules/native-watchdog/build/Release/watchdog.node"; do
  [ -f "$native" ] || die "missing native module $native"
done
(cd "$top" && node -e "require('argon2')") || die "argon2 does not load"
command -v chromium >/dev/null || die "chromium is not installed"

cd "$cache"
rm -rf "$dest"
mv "$work" "$dest"
echo "code-server $version installed in $(( $(date +%s) - started )) s on $(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$stamp"
step "done: $(cat "$stamp")"
echo "$dest"
