#!/usr/bin/env node
// Signs one Sluice record with ethers (EIP-712), submits it to a node over JSON-RPC, then fetches
// the entry with its sparse Merkle proof and verifies that proof here, against the state root of
// a receipt. Everything follows docs/protocol.md (§1.1 signing, §2 tree keys, §3.1
// proofs) and docs/rpc.md; nothing comes from the Java code.
//
//   npm ci
//   SLUICE_PRIVATE_KEY=0x... node submit.mjs --rpc-url http://127.0.0.1:8645/ plant/7 sensor-1 21.5
//
// Prints one JSON object with the receipt and the verified value; exits non-zero on any failure.

import { Wallet, concat, getBytes, hexlify, keccak256, toUtf8Bytes, toUtf8String } from "ethers";

const USAGE =
  "usage: node submit.mjs [--rpc-url URL] [--private-key HEX] STREAM KEY VALUE\n" +
  "  the key may also come from SLUICE_PRIVATE_KEY, the URL from SLUICE_RPC_URL";

// EIP-712 type of a record (protocol.md §1.1). Op codes: 1 PUT, 2 DELETE, 3 GRANT, 4 REVOKE.
const RECORD_TYPES = {
  Record: [
    { name: "nonce", type: "uint64" },
    { name: "op", type: "uint8" },
    { name: "stream", type: "string" },
    { name: "key", type: "bytes" },
    { name: "value", type: "bytes" },
  ],
};
const OP_PUT = 1;

function parseArguments(argv) {
  const options = {
    rpcUrl: process.env.SLUICE_RPC_URL || "http://127.0.0.1:8645/",
    privateKey: process.env.SLUICE_PRIVATE_KEY,
  };
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--rpc-url") options.rpcUrl = argv[++i];
    else if (argv[i] === "--private-key") options.privateKey = argv[++i];
    else if (argv[i] === "--help" || argv[i] === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else positional.push(argv[i]);
  }
  if (positional.length !== 3 || !options.privateKey || !options.rpcUrl) {
    throw new Error(USAGE);
  }
  [options.stream, options.key, options.value] = positional;
  return options;
}

let requestId = 0;

/** One JSON-RPC 2.0 call over HTTP; throws with the node's message on an error answer. */
async function rpc(url, method, params) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: ++requestId, method, params }),
    signal: AbortSignal.timeout(30_000),
  });
  const answer = await response.json();
  if (answer.error) {
    throw new Error(`${method}: ${answer.error.message} (code ${answer.error.code})`);
  }
  return answer.result;
}

// ---- sparse Merkle proof verification, protocol.md §3 and §3.1 ----

const ZERO = "0x" + "00".repeat(32);
const leafHash = (key, valueHash) => keccak256(concat(["0x00", key, valueHash]));
const internalHash = (left, right) => keccak256(concat(["0x01", left, right]));
const bit = (keyBytes, i) => (keyBytes[i >> 3] >> (7 - (i & 7))) & 1;

/** The entry leaf's tree key: keccak(0x04 ‖ keccak(stream) ‖ key) (protocol.md §2). */
function entryTreeKey(stream, keyBytes) {
  return keccak256(concat(["0x04", keccak256(toUtf8Bytes(stream)), keyBytes]));
}

/**
 * Checks `proof` for `treeKey` against `root` and returns the value hash it proves, or null when
 * it proves the key absent. Throws when the proof does not verify.
 */
function verifyProof(root, treeKey, proof) {
  const keyBytes = getBytes(treeKey);
  const siblings = proof.siblings;
  const depth = siblings.length;
  if (depth > 256) throw new Error("proof deeper than 256");
  if (!proof.terminalIsLeaf && (proof.leafKey !== ZERO || proof.leafValueHash !== ZERO)) {
    throw new Error("an empty terminal carries a leaf");
  }
  if (proof.terminalIsLeaf) {
    const leafBytes = getBytes(proof.leafKey);
    for (let i = 0; i < depth; i++) {
      if (bit(leafBytes, i) !== bit(keyBytes, i)) throw new Error("the leaf is not on the key's path");
    }
  }
  if (proof.siblingKind === "none") {
    if (proof.siblingFirst !== ZERO || proof.siblingSecond !== ZERO) throw new Error("unopened sibling has halves");
  } else {
    if (depth < 1) throw new Error("an opened sibling needs depth >= 1");
    const opened =
      proof.siblingKind === "leaf"
        ? leafHash(proof.siblingFirst, proof.siblingSecond)
        : internalHash(proof.siblingFirst, proof.siblingSecond);
    if (opened !== siblings[depth - 1]) throw new Error("the opened sibling does not hash to its sibling");
  }
  let node = proof.terminalIsLeaf ? leafHash(proof.leafKey, proof.leafValueHash) : ZERO;
  for (let i = depth - 1; i >= 0; i--) {
    node = bit(keyBytes, i) === 0 ? internalHash(node, siblings[i]) : internalHash(siblings[i], node);
  }
  if (node !== root) throw new Error(`the proof leads to ${node}, not to the root ${root}`);
  return proof.terminalIsLeaf && proof.leafKey === treeKey ? proof.leafValueHash : null;
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const wallet = new Wallet(options.privateKey);
  const url = options.rpcUrl;

  // The signing domain and the sender's next nonce, from the node (rpc.md §3).
  const domain = await rpc(url, "sluice_signingDomain", []);
  const nonce = BigInt(await rpc(url, "sluice_getNonce", [wallet.address]));
  const keyBytes = toUtf8Bytes(options.key);
  const valueBytes = toUtf8Bytes(options.value);
  const record = {
    nonce,
    op: OP_PUT,
    stream: options.stream,
    key: hexlify(keyBytes),
    value: hexlify(valueBytes),
  };
  // ethers produces r ‖ s ‖ v with low s and v in {27, 28}: the form protocol.md §1.1 requires.
  const signature = await wallet.signTypedData(
    {
      name: domain.name,
      version: domain.version,
      chainId: BigInt(domain.chainId),
      verifyingContract: domain.verifyingContract,
    },
    RECORD_TYPES,
    record
  );

  const receipt = await rpc(url, "sluice_sendRecordSync", [
    {
      nonce: "0x" + nonce.toString(16),
      op: "put",
      stream: record.stream,
      key: record.key,
      value: record.value,
      signature,
    },
  ]);
  if (receipt.sender.toLowerCase() !== wallet.address.toLowerCase()) {
    throw new Error(`the node recovered sender ${receipt.sender}, not ${wallet.address}: signing disagrees`);
  }
  if (receipt.status !== "applied") {
    throw new Error(`the record was sequenced but not applied: ${receipt.status}`);
  }

  // The entry with its proof against the node's latest state, and the receipt whose state root
  // that is: the proof is verified here against the receipt's root. (A node serves proofs at its
  // head and at its checkpoints, so other writers' records may have come after ours.)
  const entry = await rpc(url, "sluice_getEntry", [record.stream, record.key]);
  const rootReceipt = await rpc(url, "sluice_getReceipt", [entry.sequence]);
  if (rootReceipt === null || entry.root !== rootReceipt.postStateRoot) {
    throw new Error(`the proof is against ${entry.root}, not the root of the receipt of record ${entry.sequence}`);
  }
  if (BigInt(entry.sequence) < BigInt(receipt.sequence)) {
    throw new Error(`the proof is at record ${entry.sequence}, before ours (${receipt.sequence})`);
  }
  const treeKey = entryTreeKey(record.stream, keyBytes);
  const provenValueHash = verifyProof(entry.root, treeKey, entry.proof);
  if (entry.value === null || provenValueHash !== keccak256(entry.value)) {
    throw new Error("the proof does not prove the value the node returned");
  }
  if (entry.value !== record.value) {
    throw new Error(`the entry holds ${entry.value}, not the value just written`);
  }

  console.log(
    JSON.stringify(
      {
        sender: wallet.address,
        sequence: BigInt(receipt.sequence).toString(),
        recordHash: receipt.recordHash,
        postStateRoot: receipt.postStateRoot,
        provenAtSequence: BigInt(entry.sequence).toString(),
        provenRoot: entry.root,
        stream: record.stream,
        key: options.key,
        value: toUtf8String(entry.value),
        treeKey,
        proofVerified: true,
      },
      null,
      2
    )
  );
}

main().catch((failure) => {
  console.error(`submit.mjs: ${failure.message}`);
  process.exit(1);
});
