// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title SparseMerkleTree
/// @notice Proofs against Sluice's compacted binary sparse Merkle tree (protocol.md §3): verifying a
///         proof, and computing the root after a write or a deletion of the proven key from that same
///         proof.
/// @dev The tree has 256 levels over 32-byte keys; bit `i` of a key counts from the most significant
///      bit and 0 goes left. A subtree holding exactly one leaf is represented by that leaf's hash at
///      the subtree's root. Because a leaf's hash does not depend on its depth, a deletion can move
///      the remaining sibling leaf up without knowing anything but its hash.
library SparseMerkleTree {
    /// @notice A proof for one key (protocol.md §3.1).
    /// @custom:field siblings             `siblings[i]` is the sibling of the path node at depth `i + 1`.
    /// @custom:field terminal             TERMINAL_EMPTY or TERMINAL_LEAF: what the path ends in at depth
    ///                                    `siblings.length`.
    /// @custom:field leafKey              The leaf the path ends in, when `terminal` is TERMINAL_LEAF.
    /// @custom:field leafValueHash        That leaf's value hash.
    /// @custom:field siblingLeafKey       When `siblings[d-1]` is a leaf: its key; otherwise zero.
    /// @custom:field siblingLeafValueHash When `siblings[d-1]` is a leaf: its value hash; otherwise zero.
    struct Proof {
        bytes32[] siblings;
        uint8 terminal;
        bytes32 leafKey;
        bytes32 leafValueHash;
        bytes32 siblingLeafKey;
        bytes32 siblingLeafValueHash;
    }

    /// @notice The path ends in an empty subtree.
    uint8 internal constant TERMINAL_EMPTY = 0;

    /// @notice The path ends in a leaf (the proven key's own leaf, or another key's).
    uint8 internal constant TERMINAL_LEAF = 1;

    /// @notice Number of levels below the root.
    uint256 internal constant MAX_DEPTH = 256;

    /// @notice Hash of a leaf: keccak(0x00 ‖ key ‖ valueHash).
    function hashLeaf(bytes32 key, bytes32 valueHash) internal pure returns (bytes32 result) {
        assembly ("memory-safe") {
            // Scratch space above the free memory pointer: nothing is allocated.
            let ptr := mload(0x40)
            mstore8(ptr, 0x00)
            mstore(add(ptr, 1), key)
            mstore(add(ptr, 33), valueHash)
            result := keccak256(ptr, 65)
        }
    }

    /// @notice Hash of an internal node: keccak(0x01 ‖ left ‖ right).
    function hashInternal(bytes32 left, bytes32 right) internal pure returns (bytes32 result) {
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore8(ptr, 0x01)
            mstore(add(ptr, 1), left)
            mstore(add(ptr, 33), right)
            result := keccak256(ptr, 65)
        }
    }

    /// @notice Bit `i` of `key`, counted from the most significant bit.
    function bitAt(bytes32 key, uint256 i) internal pure returns (uint256) {
        return (uint256(key) >> (255 - i)) & 1;
    }

    /// @notice Checks a proof for `key` against `root` (protocol.md §3.1).
    /// @return True when the proof is well formed and hashes up to `root`.
    function verify(bytes32 root, bytes32 key, Proof calldata proof) internal pure returns (bool) {
        uint256 depth = proof.siblings.length;
        if (depth > MAX_DEPTH) return false;

        bytes32 node;
        if (proof.terminal == TERMINAL_LEAF) {
            // A leaf sits on the path of every key that shares its first `depth` bits; without this
            // check a leaf of an unrelated key could be passed off as the end of `key`'s path.
            if (!sharesPrefix(key, proof.leafKey, depth)) return false;
            node = hashLeaf(proof.leafKey, proof.leafValueHash);
        } else if (proof.terminal != TERMINAL_EMPTY) {
            return false;
        }

        if (hasSiblingLeaf(proof)) {
            if (depth == 0) return false;
            if (hashLeaf(proof.siblingLeafKey, proof.siblingLeafValueHash) != proof.siblings[depth - 1]) {
                return false;
            }
        }

        return hashUp(node, key, proof.siblings, depth) == root;
    }

    /// @notice Whether a (verified) proof shows `key` present.
    function isMember(bytes32 key, Proof calldata proof) internal pure returns (bool) {
        return proof.terminal == TERMINAL_LEAF && proof.leafKey == key;
    }

    /// @notice Whether the proof names the leaf that `siblings[d-1]` is.
    function hasSiblingLeaf(Proof calldata proof) internal pure returns (bool) {
        return proof.siblingLeafKey != bytes32(0) || proof.siblingLeafValueHash != bytes32(0);
    }

    /// @notice The root after writing `valueHash` at `key` (protocol.md §3.2, put).
    /// @dev `proof` must already have been verified for `key` against the current root.
    function rootAfterPut(bytes32 key, bytes32 valueHash, Proof calldata proof) internal pure returns (bytes32) {
        uint256 depth = proof.siblings.length;
        bytes32 node = hashLeaf(key, valueHash);

        if (proof.terminal == TERMINAL_LEAF && proof.leafKey != key) {
            // Another key's leaf occupies the slot: both leaves move down to the first bit where
            // the keys differ, under a chain of internal nodes with one empty child each.
            uint256 split = firstDifferingBit(key, proof.leafKey);
            bytes32 other = hashLeaf(proof.leafKey, proof.leafValueHash);
            node = bitAt(key, split) == 0 ? hashInternal(node, other) : hashInternal(other, node);
            for (uint256 i = split; i > depth;) {
                unchecked {
                    --i;
                }
                node = bitAt(key, i) == 0 ? hashInternal(node, bytes32(0)) : hashInternal(bytes32(0), node);
            }
        }

        return hashUp(node, key, proof.siblings, depth);
    }

    /// @notice The root after deleting `key` (protocol.md §3.2, delete).
    /// @dev `proof` must already have been verified for `key` against `root`.
    ///
    ///      The result depends on whether `siblings[d-1]` is a leaf, which its hash alone cannot
    ///      tell: the proof asserts it by naming the leaf (checked by `verify`), and asserts the
    ///      opposite by leaving the sibling-leaf fields zero, which nothing checks. That second
    ///      assertion is returned as `unprovenInternalSibling` (zero when the result does not rely on
    ///      it), so that a caller facing an adversarial prover can demand evidence for it.
    /// @return newRoot                 The root without `key`.
    /// @return unprovenInternalSibling The node taken to be internal on the proof's word, or zero.
    function rootAfterDelete(bytes32 root, bytes32 key, Proof calldata proof)
        internal
        pure
        returns (bytes32 newRoot, bytes32 unprovenInternalSibling)
    {
        if (!isMember(key, proof)) return (root, bytes32(0));

        uint256 depth = proof.siblings.length;
        if (depth == 0) return (bytes32(0), bytes32(0));

        if (hasSiblingLeaf(proof)) {
            // The sibling leaf is now alone under the parent: it takes the parent's place, and
            // keeps rising while the subtree above holds nothing else.
            uint256 level = depth - 1;
            while (level > 0 && proof.siblings[level - 1] == bytes32(0)) {
                unchecked {
                    --level;
                }
            }
            return (hashUp(proof.siblings[depth - 1], key, proof.siblings, level), bytes32(0));
        }

        return (hashUp(bytes32(0), key, proof.siblings, depth), proof.siblings[depth - 1]);
    }

    /// @notice Folds `node`, sitting at `depth` on `key`'s path, up to the root with
    ///         `siblings[depth-1] … siblings[0]`.
    function hashUp(bytes32 node, bytes32 key, bytes32[] calldata siblings, uint256 depth)
        internal
        pure
        returns (bytes32)
    {
        for (uint256 i = depth; i > 0;) {
            unchecked {
                --i;
            }
            node = bitAt(key, i) == 0 ? hashInternal(node, siblings[i]) : hashInternal(siblings[i], node);
        }
        return node;
    }

    /// @notice Whether `a` and `b` agree on their first `bits` bits.
    function sharesPrefix(bytes32 a, bytes32 b, uint256 bits) internal pure returns (bool) {
        if (bits == 0) return true;
        return (uint256(a ^ b) >> (256 - bits)) == 0;
    }

    /// @notice Index of the first bit where `a` and `b` differ; they must differ.
    function firstDifferingBit(bytes32 a, bytes32 b) internal pure returns (uint256 index) {
        uint256 x = uint256(a ^ b);
        // Binary search for the most significant set bit; the index counts from the top.
        index = 255;
        if (x >= 1 << 128) {
            x >>= 128;
            index -= 128;
        }
        if (x >= 1 << 64) {
            x >>= 64;
            index -= 64;
        }
        if (x >= 1 << 32) {
            x >>= 32;
            index -= 32;
        }
        if (x >= 1 << 16) {
            x >>= 16;
            index -= 16;
        }
        if (x >= 1 << 8) {
            x >>= 8;
            index -= 8;
        }
        if (x >= 1 << 4) {
            x >>= 4;
            index -= 4;
        }
        if (x >= 1 << 2) {
            x >>= 2;
            index -= 2;
        }
        if (x >= 1 << 1) {
            index -= 1;
        }
    }
}
