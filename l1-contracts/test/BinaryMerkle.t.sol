// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {BatchHeader} from "../src/libraries/BatchHeader.sol";
import {BinaryMerkleHarness, RecordsHarness} from "./utils/Harnesses.sol";
import {RollupFixture} from "./utils/RollupFixture.sol";

/// @notice BinaryMerkle against the fixture's written-out tree, and BatchHeader hashing.
contract BinaryMerkleTest is RollupFixture {
    BinaryMerkleHarness internal merkle;

    function setUp() public override {
        merkle = new BinaryMerkleHarness();
    }

    function leavesOf(uint256 seed, uint256 n) internal pure returns (bytes32[] memory leaves) {
        leaves = new bytes32[](n);
        for (uint256 i = 0; i < n; ++i) {
            leaves[i] = keccak256(abi.encode(seed, i));
        }
    }

    function copy(bytes32[] memory a) internal pure returns (bytes32[] memory b) {
        b = new bytes32[](a.length);
        for (uint256 i = 0; i < a.length; ++i) {
            b[i] = a[i];
        }
    }

    function test_depth_succeeds() public view {
        assertEq(merkle.depth(1), 0);
        assertEq(merkle.depth(2), 1);
        assertEq(merkle.depth(3), 2);
        assertEq(merkle.depth(4), 2);
        assertEq(merkle.depth(5), 3);
        assertEq(merkle.depth(65_536), 16);
    }

    function test_computeRoot_ofSingleLeafIsTheLeaf() public view {
        bytes32[] memory one_ = new bytes32[](1);
        one_[0] = keccak256("leaf");
        assertEq(merkle.computeRoot(one_), keccak256("leaf"));
    }

    function test_computeRoot_padsWithZeroSubtrees() public view {
        // Five leaves pad to eight: the right half is keccak(keccak(l4 ‖ 0) ‖ keccak(0 ‖ 0)).
        bytes32[] memory l = leavesOf(1, 5);
        bytes32 left = keccak256(
            abi.encodePacked(keccak256(abi.encodePacked(l[0], l[1])), keccak256(abi.encodePacked(l[2], l[3])))
        );
        bytes32 right = keccak256(
            abi.encodePacked(
                keccak256(abi.encodePacked(l[4], bytes32(0))), keccak256(abi.encodePacked(bytes32(0), bytes32(0)))
            )
        );
        assertEq(merkle.computeRoot(l), keccak256(abi.encodePacked(left, right)));
    }

    function testFuzz_computeRoot_matchesReference(uint256 seed, uint8 n) public view {
        n = uint8(bound(n, 1, 70));
        bytes32[] memory leaves = leavesOf(seed, n);
        assertEq(merkle.computeRoot(copy(leaves)), merkleRoot(leaves));
    }

    function testFuzz_verify_succeedsForEveryIndex(uint256 seed, uint8 n) public view {
        n = uint8(bound(n, 1, 40));
        bytes32[] memory leaves = leavesOf(seed, n);
        bytes32 root = merkleRoot(leaves);
        for (uint256 i = 0; i < n; ++i) {
            assertTrue(merkle.verify(root, leaves[i], i, n, merkleProof(leaves, i)));
        }
    }

    function testFuzz_verify_failsForWrongLeafOrIndex(uint256 seed, uint8 n, uint256 index) public view {
        n = uint8(bound(n, 2, 40));
        index = bound(index, 0, n - 1);
        bytes32[] memory leaves = leavesOf(seed, n);
        bytes32 root = merkleRoot(leaves);
        bytes32[] memory proof = merkleProof(leaves, index);
        assertFalse(merkle.verify(root, keccak256("other"), index, n, proof));
        assertFalse(merkle.verify(root, leaves[index], index ^ 1 < n ? index ^ 1 : index - 1, n, proof));
    }

    function test_verify_fails_whenIndexNotBelowCount() public view {
        // Index 3 of a 3-leaf tree is padding: it exists in the padded tree but is no record.
        bytes32[] memory leaves = leavesOf(2, 3);
        bytes32[] memory paddedLeaves = new bytes32[](4);
        for (uint256 i = 0; i < 3; ++i) {
            paddedLeaves[i] = leaves[i];
        }
        bytes32 root = merkleRoot(leaves);
        assertTrue(merkle.verify(root, leaves[2], 2, 3, merkleProof(leaves, 2)));
        assertFalse(merkle.verify(root, bytes32(0), 3, 3, merkleProof(paddedLeaves, 3)));
    }

    function test_verify_fails_whenInnerNodePassedAsLeaf() public view {
        bytes32[] memory leaves = leavesOf(3, 4);
        bytes32 root = merkleRoot(leaves);
        bytes32 inner = keccak256(abi.encodePacked(leaves[0], leaves[1]));
        bytes32[] memory shortProof = new bytes32[](1);
        shortProof[0] = keccak256(abi.encodePacked(leaves[2], leaves[3]));
        assertFalse(merkle.verify(root, inner, 0, 4, shortProof));
        // Only the committed count tells the two apart: the caller must take it from the header.
        assertTrue(merkle.verify(root, inner, 0, 2, shortProof));
        assertTrue(merkle.verify(root, leaves[0], 0, 4, merkleProof(leaves, 0)));
    }

    function test_verify_fails_whenProofTooLong() public view {
        bytes32[] memory leaves = leavesOf(4, 2);
        bytes32[] memory proof = new bytes32[](2);
        proof[0] = leaves[1];
        assertFalse(merkle.verify(merkleRoot(leaves), leaves[0], 0, 2, proof));
    }

    function testFuzz_headerHash_isNineWords(
        uint64 index,
        bytes32 prev,
        uint64 firstSequence,
        uint32 recordCount,
        bytes32 dataHash,
        bytes32 recordsRoot,
        bytes32 rootsRoot,
        bytes32 preStateRoot,
        bytes32 postStateRoot
    ) public {
        RecordsHarness h = new RecordsHarness();
        BatchHeader.Header memory header = BatchHeader.Header(
            index, prev, firstSequence, recordCount, dataHash, recordsRoot, rootsRoot, preStateRoot, postStateRoot
        );
        bytes memory words = abi.encodePacked(
            uint256(index),
            prev,
            uint256(firstSequence),
            uint256(recordCount),
            dataHash,
            recordsRoot,
            rootsRoot,
            preStateRoot,
            postStateRoot
        );
        assertEq(words.length, 288);
        assertEq(h.headerHash(header), keccak256(words));
    }
}
