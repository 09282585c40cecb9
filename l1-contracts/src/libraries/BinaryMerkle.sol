// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title BinaryMerkle
/// @notice The binary Merkle commitments of a batch (protocol.md §5.1): `recordsRoot` over the
///         record leaves and `rootsRoot` over the per-record post-state roots.
/// @dev The leaf list is padded with zero leaves to the next power of two, a parent is
///      keccak(left ‖ right), and a single leaf is its own root. Leaves and parents are not domain
///      separated, so a verifier must insist on the exact tree depth: a shorter proof would pass an
///      inner node off as a leaf.
library BinaryMerkle {
    /// @notice Depth of the tree over `leafCount` leaves: log2 of the padded size.
    function depth(uint256 leafCount) internal pure returns (uint256 result) {
        while ((uint256(1) << result) < leafCount) {
            unchecked {
                ++result;
            }
        }
    }

    /// @notice Checks that `leaf` is leaf `index` of a tree of `leafCount` leaves with root `root`.
    /// @param proof The siblings from the leaf level up; exactly `depth(leafCount)` of them.
    /// @return True when `index < leafCount`, the proof has the tree's depth and hashes to `root`.
    function verify(bytes32 root, bytes32 leaf, uint256 index, uint256 leafCount, bytes32[] calldata proof)
        internal
        pure
        returns (bool)
    {
        if (index >= leafCount || proof.length != depth(leafCount)) return false;
        bytes32 node = leaf;
        for (uint256 level = 0; level < proof.length; ++level) {
            node = (index >> level) & 1 == 0 ? hashPair(node, proof[level]) : hashPair(proof[level], node);
        }
        return node == root;
    }

    /// @notice The root over `leaves`, padded with zero leaves to the next power of two.
    /// @dev Overwrites `leaves` with intermediate levels. An empty list has the zero root.
    function computeRoot(bytes32[] memory leaves) internal pure returns (bytes32) {
        uint256 width = leaves.length;
        if (width == 0) return bytes32(0);
        // Root of an all-padding subtree at the current level: 0, keccak(0 ‖ 0), ...
        bytes32 padding = bytes32(0);
        while (width > 1) {
            uint256 parents = (width + 1) / 2;
            for (uint256 i = 0; i < parents; ++i) {
                bytes32 left = leaves[2 * i];
                bytes32 right = 2 * i + 1 < width ? leaves[2 * i + 1] : padding;
                leaves[i] = hashPair(left, right);
            }
            padding = hashPair(padding, padding);
            width = parents;
        }
        return leaves[0];
    }

    /// @notice keccak(left ‖ right).
    function hashPair(bytes32 left, bytes32 right) internal pure returns (bytes32 result) {
        assembly ("memory-safe") {
            mstore(0x00, left)
            mstore(0x20, right)
            result := keccak256(0x00, 0x40)
        }
    }
}
