#!/usr/bin/env bash
# Build steps for the L1 contracts, called by Maven (pom.xml) and usable by hand:
#
#   scripts/build.sh install            npm ci, when node_modules is missing or older than package-lock.json
#   scripts/build.sh build <outDir>     forge build, then write ABI + bytecode of the deployable
#                                       contracts to <outDir>/dev/sluice/contracts/<Name>.json
#   scripts/build.sh test [forge args]  forge test
#
# Forge and anvil come from node_modules; a forge already on PATH is the fallback.
set -euo pipefail
cd "$(dirname "$0")/.."

# Contracts whose artifacts the Java side deploys.
DEPLOYABLE=(SluiceRollup DataRegistry)

require_node() {
  local major
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "Building l1-contracts needs Node.js 18+ with npm on PATH: install it (e.g. 'apt-get install nodejs npm' or https://nodejs.org) and re-run." >&2
    exit 1
  fi
  major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$major" -lt 18 ]; then
    echo "Building l1-contracts needs Node.js 18+ with npm, found Node.js $(node --version): install a newer one and re-run." >&2
    exit 1
  fi
}

install_toolchain() {
  require_node
  # npm ci wipes and re-creates node_modules: only pay for it when the lock file changed.
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

forge_bin() {
  local local_forge=node_modules/@foundry-rs/forge-linux-amd64/bin/forge
  if [ -x "$local_forge" ]; then
    echo "$local_forge"
  elif command -v forge >/dev/null 2>&1; then
    command -v forge
  else
    echo "No forge found: run 'scripts/build.sh install' (needs Node.js 18+ with npm) or put Foundry's forge on PATH." >&2
    exit 1
  fi
}

build() {
  local out_dir=${1:?usage: build.sh build <outDir>}
  require_node
  "$(forge_bin)" build
  mkdir -p "$out_dir/dev/sluice/contracts"
  for name in "${DEPLOYABLE[@]}"; do
    node -e '
      const fs = require("fs");
      const [artifact, target, name] = process.argv.slice(1);
      const a = JSON.parse(fs.readFileSync(artifact, "utf8"));
      const bytecode = a.bytecode.object;
      if (!bytecode || bytecode === "0x" || a.bytecode.linkReferences && Object.keys(a.bytecode.linkReferences).length) {
        console.error(name + ": no deployable bytecode (empty or needs library linking)");
        process.exit(1);
      }
      fs.writeFileSync(target, JSON.stringify({
        contractName: name,
        abi: a.abi,
        bytecode: bytecode,
        deployedBytecode: a.deployedBytecode.object
      }, null, 2) + "\n");
    ' "out/$name.sol/$name.json" "$out_dir/dev/sluice/contracts/$name.json" "$name"
  done
}

run_tests() {
  "$(forge_bin)" test "$@"
}

case "${1:-}" in
  install) install_toolchain ;;
  build) shift; build "$@" ;;
  test) shift; run_tests "$@" ;;
  *) echo "usage: scripts/build.sh install | build <outDir> | test [forge args]" >&2; exit 2 ;;
esac
