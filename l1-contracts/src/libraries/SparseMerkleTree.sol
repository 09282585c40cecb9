// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title SparseMerkleTree
/// @notice Proofs against Sluice's compacted binary sparse Merkle tree (protocol.md §3): verifying a
///         proof, and computing the root after a write or a deletion of the proven key from that same
///         proof.
/// @dev The tree has 256 levels over 32-byte keys; bit `i` of a key counts from the most significant
///      bit and 0 goes left. A subtree holding exactly one leaf is represented by that leaf's hash at
///      the subtree's root, so a deletion must know whether the node beside the deleted leaf is a
///      leaf (which then rises) or an internal node (which stays). A hash does not tell, so proofs
///      open that node and verification checks the opening.
library SparseMerkleTree {
    /// @notice A proof for one key (protocol.md §3.1).
    /// @custom:field siblings      `siblings[i]` is the sibling of the path node at depth `i + 1`.
    /// @custom:field terminal      TERMINAL_EMPTY or TERMINAL_LEAF: what the path ends in at depth
    ///                             `siblings.length`.
    /// @custom:field leafKey       The leaf the path ends in, when `terminal` is TERMINAL_LEAF; zero
    ///                             otherwise.
    /// @custom:field leafValueHash That leaf's value hash; zero when `terminal` is TERMINAL_EMPTY.
    /// @custom:field siblingKind   What `siblings[d-1]` is, opened: SIBLING_NONE, SIBLING_LEAF or
    ///                             SIBLING_INTERNAL.
    /// @custom:field siblingFirst  The opened node's first half: a leaf's key, or an internal node's
    ///                             left child; zero for SIBLING_NONE.
    /// @custom:field siblingSecond The opened node's second half: a leaf's value hash, or an internal
    ///                             node's right child; zero for SIBLING_NONE.
    struct Proof {
        bytes32[] siblings;
        uint8 terminal;
        bytes32 leafKey;
        bytes32 leafValueHash;
        uint8 siblingKind;
        bytes32 siblingFirst;
        bytes32 siblingSecond;
    }

    /// @notice The path ends in an empty subtree.
    uint8 internal constant TERMINAL_EMPTY = 0;

    /// @notice The path ends in a leaf (the proven key's own leaf, or another key's).
    uint8 internal constant TERMINAL_LEAF = 1;

    /// @notice The proof does not open `siblings[d-1]`.
    uint8 internal constant SIBLING_NONE = 0;

    /// @notice `siblings[d-1]` is the leaf `(siblingFirst, siblingSecond)`.
    uint8 internal constant SIBLING_LEAF = 1;

    /// @notice `siblings[d-1]` is the internal node with children `(siblingFirst, siblingSecond)`.
    uint8 internal constant SIBLING_INTERNAL = 2;

    /// @notice Number of levels below the root.
    uint256 internal constant MAX_DEPTH = 256;

    /// @notice A proof used to delete a present key below the root does not open its sibling, so the
    ///         new root cannot be told (protocol.md §3.2).
    error DeletionSiblingNotOpened(bytes32 key);

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
    /// @dev Besides hashing up to `root`, a proof must be in its one canonical shape: leaf fields zero
    ///      when the path ends empty, sibling halves zero when the sibling is not opened. A field
    ///      that nothing reads could otherwise carry anything, and two encodings of one proof would
    ///      be two witnesses for one access.
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
        } else if (proof.terminal != TERMINAL_EMPTY || proof.leafKey != bytes32(0) || proof.leafValueHash != bytes32(0))
        {
            return false;
        }

        if (!openingHolds(proof, depth)) return false;

        return hashUp(node, key, proof.siblings, depth) == root;
    }

    /// @notice Whether the proof's opening of `siblings[depth-1]` is well formed and hashes to it.
    /// @dev Leaves and internal nodes hash under different prefixes, so an opening of one kind cannot
    ///      match a node of the other kind.
    function openingHolds(Proof calldata proof, uint256 depth) private pure returns (bool) {
        uint8 kind = proof.siblingKind;
        if (kind == SIBLING_NONE) return proof.siblingFirst == bytes32(0) && proof.siblingSecond == bytes32(0);
        if (depth == 0) return false;
        bytes32 opened;
        if (kind == SIBLING_LEAF) {
            opened = hashLeaf(proof.siblingFirst, proof.siblingSecond);
        } else if (kind == SIBLING_INTERNAL) {
            opened = hashInternal(proof.siblingFirst, proof.siblingSecond);
        } else {
            return false;
        }
        return opened == proof.siblings[depth - 1];
    }

    /// @notice Whether a (verified) proof shows `key` present.
    function isMember(bytes32 key, Proof calldata proof) internal pure returns (bool) {
        return proof.terminal == TERMINAL_LEAF && proof.leafKey == key;
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
    /// @dev `proof` must already have been verified for `key` against `root`. Reverts with
    ///      DeletionSiblingNotOpened when `key` is present below the root and the proof does not open
    ///      `siblings[d-1]`: taking the sibling to be internal on the prover's word would let a forged
    ///      witness hide a sibling leaf and get a wrong root for an honest deletion.
    function rootAfterDelete(bytes32 root, bytes32 key, Proof calldata proof) internal pure returns (bytes32) {
        if (!isMember(key, proof)) return root;

        uint256 depth = proof.siblings.length;
        if (depth == 0) return bytes32(0);

        uint8 kind = proof.siblingKind;
        if (kind == SIBLING_INTERNAL) return hashUp(bytes32(0), key, proof.siblings, depth);
        if (kind != SIBLING_LEAF) revert DeletionSiblingNotOpened(key);

        // The sibling leaf is now alone under the parent: it takes the parent's place, and keeps
        // rising while the subtree above holds nothing else.
        uint256 level = depth - 1;
        while (level > 0 && proof.siblings[level - 1] == bytes32(0)) {
            unchecked {
                --level;
            }
        }
        return hashUp(proof.siblings[depth - 1], key, proof.siblings, level);
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
