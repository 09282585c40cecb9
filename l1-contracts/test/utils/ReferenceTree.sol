// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {SparseMerkleTree} from "../../src/libraries/SparseMerkleTree.sol";

/// @title ReferenceTree
/// @notice A test-only sparse Merkle tree that holds all its leaves and computes roots and proofs
///         from scratch, by recursive partitioning of the key set (protocol.md §3). It shares only
///         the two hash functions with SparseMerkleTree, so it serves as an independent reference
///         for the library's incremental updates.
contract ReferenceTree {
    bytes32[] internal keys;
    mapping(bytes32 key => uint256 positionPlusOne) internal positions;
    mapping(bytes32 key => bytes32 valueHash) public valueHashOf;

    function size() external view returns (uint256) {
        return keys.length;
    }

    function contains(bytes32 key) public view returns (bool) {
        return positions[key] != 0;
    }

    function allKeys() external view returns (bytes32[] memory) {
        return keys;
    }

    function put(bytes32 key, bytes32 valueHash) external {
        if (!contains(key)) {
            keys.push(key);
            positions[key] = keys.length;
        }
        valueHashOf[key] = valueHash;
    }

    function remove(bytes32 key) external {
        uint256 position = positions[key];
        if (position == 0) return;
        bytes32 last = keys[keys.length - 1];
        keys[position - 1] = last;
        positions[last] = position;
        keys.pop();
        delete positions[key];
        delete valueHashOf[key];
    }

    function root() external view returns (bytes32) {
        return subtreeRoot(keys, 0);
    }

    /// @notice The canonical proof for `key` (membership or not), opening siblings[d-1] whenever
    ///         d ≥ 1, as every proof builder does (protocol.md §3.1).
    function prove(bytes32 key) external view returns (SparseMerkleTree.Proof memory result) {
        bytes32[] memory current = keys;
        bytes32[] memory lastOther;
        bytes32[] memory siblings = new bytes32[](256);
        uint256 depth = 0;
        while (current.length >= 2) {
            (bytes32[] memory same, bytes32[] memory other) = partition(current, depth, bit(key, depth));
            siblings[depth] = subtreeRoot(other, depth + 1);
            lastOther = other;
            current = same;
            ++depth;
        }
        assembly ("memory-safe") {
            mstore(siblings, depth)
        }
        result.siblings = siblings;
        if (current.length == 1) {
            result.terminal = SparseMerkleTree.TERMINAL_LEAF;
            result.leafKey = current[0];
            result.leafValueHash = valueHashOf[current[0]];
        }
        if (depth > 0) {
            // siblings[depth-1] is never empty: a compacted tree does not split a one-leaf subtree.
            if (lastOther.length == 1) {
                result.siblingKind = SparseMerkleTree.SIBLING_LEAF;
                result.siblingFirst = lastOther[0];
                result.siblingSecond = valueHashOf[lastOther[0]];
            } else {
                // An internal node at depth `depth` whose keys share bits up to it; its children
                // split them on bit `depth`, and may themselves be chains down to the real split.
                (bytes32[] memory zeros, bytes32[] memory ones) = partition(lastOther, depth, 0);
                result.siblingKind = SparseMerkleTree.SIBLING_INTERNAL;
                result.siblingFirst = subtreeRoot(zeros, depth + 1);
                result.siblingSecond = subtreeRoot(ones, depth + 1);
            }
        }
    }

    /// @notice Root of the subtree at `depth` holding `set` (all of whose keys share the path to it).
    /// @dev Skips straight to the first bit that splits the set, so recursion depth is bounded by the
    ///      number of leaves rather than by the length of shared key prefixes.
    function subtreeRoot(bytes32[] memory set, uint256 depth) internal view returns (bytes32) {
        if (set.length == 0) return bytes32(0);
        if (set.length == 1) return SparseMerkleTree.hashLeaf(set[0], valueHashOf[set[0]]);
        uint256 split = 255;
        for (uint256 i = 1; i < set.length; ++i) {
            uint256 d = firstDifference(set[0], set[i]);
            if (d < split) split = d;
        }
        (bytes32[] memory zeros, bytes32[] memory ones) = partition(set, split, 0);
        bytes32 result = SparseMerkleTree.hashInternal(subtreeRoot(zeros, split + 1), subtreeRoot(ones, split + 1));
        // Every level between `depth` and the split has the whole set on one side.
        for (uint256 i = split; i > depth;) {
            --i;
            result = bit(set[0], i) == 0
                ? SparseMerkleTree.hashInternal(result, bytes32(0))
                : SparseMerkleTree.hashInternal(bytes32(0), result);
        }
        return result;
    }

    function firstDifference(bytes32 a, bytes32 b) internal pure returns (uint256 i) {
        while (bit(a, i) == bit(b, i)) ++i;
    }

    /// @notice Splits `set` by bit `depth`: keys whose bit equals `side` first.
    function partition(bytes32[] memory set, uint256 depth, uint256 side)
        internal
        pure
        returns (bytes32[] memory same, bytes32[] memory other)
    {
        uint256 count;
        for (uint256 i = 0; i < set.length; ++i) {
            if (bit(set[i], depth) == side) ++count;
        }
        same = new bytes32[](count);
        other = new bytes32[](set.length - count);
        uint256 s;
        uint256 o;
        for (uint256 i = 0; i < set.length; ++i) {
            if (bit(set[i], depth) == side) same[s++] = set[i];
            else other[o++] = set[i];
        }
    }

    function bit(bytes32 key, uint256 i) internal pure returns (uint256) {
        return (uint256(key) >> (255 - i)) & 1;
    }
}
