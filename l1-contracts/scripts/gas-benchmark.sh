#!/usr/bin/env bash
# Gas figures for docs/benchmarks.md (L1 contract):
#  1. execution gas of each entry point from the Foundry benchmarks (FOUNDRY_PROFILE=gas);
#  2. full transaction gas of calldata appends, from receipts of a local anvil (Osaka rules,
#     EIP-7623 calldata floor included);
#  3. runtime bytecode sizes.
set -euo pipefail
cd "$(dirname "$0")/.."

forge=node_modules/@foundry-rs/forge-linux-amd64/bin/forge
anvil=node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil
[ -x "$forge" ] || forge=$(command -v forge)
[ -x "$anvil" ] || anvil=$(command -v anvil)

echo "== execution gas (forge test, profile gas) =="
FOUNDRY_PROFILE=gas "$forge" test -vv | grep -E '^  ' || true

echo
echo "== transaction gas of appendBatch on anvil =="
log=$(mktemp)
"$anvil" --port 0 >"$log" 2>&1 &
anvil_pid=$!
trap 'kill "$anvil_pid" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 100); do
  port=$(sed -n 's/^Listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "${port:-}" ] || { echo "anvil did not start:" >&2; cat "$log" >&2; exit 1; }
# anvil's first default account.
key=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80
"$forge" script script/AppendGas.s.sol:AppendGas --rpc-url "http://127.0.0.1:$port" \
  --private-key "$key" --broadcast --slow --disable-code-size-limit >/dev/null
node -e '
  const run = require(process.argv[1]);
  const appends = run.transactions
    .map((tx, i) => ({ tx, receipt: run.receipts[i] }))
    .filter(({ tx }) => tx.function && tx.function.startsWith("appendBatch("));
  console.log("data bytes | calldata bytes | gasUsed");
  for (const { tx, receipt } of appends) {
    const input = tx.transaction.input || tx.transaction.data;
    const calldata = (input.length - 2) / 2;
    const data = Number(BigInt(tx.arguments[1].length) / 2n - 1n);
    console.log(`${data} | ${calldata} | ${BigInt(receipt.gasUsed)}`);
  }
' "$PWD/broadcast/AppendGas.s.sol/31337/run-latest.json"

echo
echo "== runtime bytecode size =="
"$forge" build --sizes | grep -E 'Contract|SluiceRollup'
