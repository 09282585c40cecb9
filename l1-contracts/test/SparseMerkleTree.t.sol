// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {SparseMerkleTree} from "../src/libraries/SparseMerkleTree.sol";
import {ReferenceTree} from "./utils/ReferenceTree.sol";
import {SparseMerkleTreeHarness} from "./utils/Harnesses.sol";

contract SparseMerkleTreeTest is Test {
    SparseMerkleTreeHarness internal smt;
    ReferenceTree internal ref;

    function setUp() public {
        smt = new SparseMerkleTreeHarness();
        ref = new ReferenceTree();
    }

    // ----- helpers -----------------------------------------------------------------------------

    function leaf(bytes32 k, bytes32 vh) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(uint8(0), k, vh));
    }

    function node(bytes32 l, bytes32 r) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(uint8(1), l, r));
    }

    function proofOf(bytes32 k) internal view returns (SparseMerkleTree.Proof memory) {
        return ref.prove(k);
    }

    /// @notice A key that shares its first `prefixBits` bits with `prefix` and is random after.
    function clusteredKey(bytes32 prefix, uint256 prefixBits, bytes32 seed) internal pure returns (bytes32) {
        bytes32 random = keccak256(abi.encode(seed));
        if (prefixBits == 0) return random;
        uint256 mask = prefixBits >= 256 ? type(uint256).max : ~(type(uint256).max >> prefixBits);
        return bytes32((uint256(prefix) & mask) | (uint256(random) & ~mask));
    }

    /// @notice Fills the reference tree with `count` keys, half of them clustered under `prefix`.
    function populate(uint256 seed, uint256 count, uint256 prefixBits) internal returns (bytes32 prefix) {
        prefix = keccak256(abi.encode("prefix", seed));
        for (uint256 i = 0; i < count; ++i) {
            bytes32 seedI = keccak256(abi.encode(seed, i));
            bytes32 k = i % 2 == 0 ? clusteredKey(prefix, prefixBits, seedI) : keccak256(abi.encode(seedI));
            ref.put(k, keccak256(abi.encode("value", seedI)));
        }
    }

    function assertPutMatches(bytes32 k, bytes32 vh) internal {
        bytes32 rootBefore = ref.root();
        SparseMerkleTree.Proof memory p = proofOf(k);
        assertTrue(smt.verify(rootBefore, k, p), "proof verifies");
        bytes32 computed = smt.rootAfterPut(k, vh, p);
        ref.put(k, vh);
        assertEq(computed, ref.root(), "root after put");
    }

    function assertDeleteMatches(bytes32 k) internal {
        bytes32 rootBefore = ref.root();
        SparseMerkleTree.Proof memory p = proofOf(k);
        assertTrue(smt.verify(rootBefore, k, p), "proof verifies");
        bytes32 computed = smt.rootAfterDelete(rootBefore, k, p);
        ref.remove(k);
        assertEq(computed, ref.root(), "root after delete");
    }

    /// @notice Three leaves: `a` alone on the right of the root, `b` and `c` under an internal node
    ///         on the left. Deleting `a` has an internal sibling; deleting `b` a leaf sibling.
    function threeLeaves() internal returns (bytes32 a, bytes32 b, bytes32 c) {
        a = bytes32(uint256(1) << 255);
        b = bytes32(uint256(1));
        c = bytes32(uint256(2));
        ref.put(a, keccak256("a"));
        ref.put(b, keccak256("b"));
        ref.put(c, keccak256("c"));
    }

    // ----- verification --------------------------------------------------------------------------

    function test_verify_succeeds_forEmptyTree() public view {
        SparseMerkleTree.Proof memory p;
        assertTrue(smt.verify(bytes32(0), keccak256("k"), p));
        assertFalse(smt.verify(keccak256("not empty"), keccak256("k"), p));
    }

    function test_verify_succeeds_forSingleLeafTree() public {
        bytes32 k = keccak256("k");
        ref.put(k, keccak256("v"));
        bytes32 root = ref.root();
        assertEq(root, leaf(k, keccak256("v")));
        assertTrue(smt.verify(root, k, proofOf(k)));
        // Non-membership of another key through the same leaf.
        bytes32 other = keccak256("other");
        SparseMerkleTree.Proof memory p = proofOf(other);
        assertEq(p.terminal, 1);
        assertEq(p.leafKey, k);
        assertTrue(smt.verify(root, other, p));
    }

    function test_verify_fails_whenTerminalUnknown() public {
        populate(1, 5, 0);
        bytes32 k = ref.allKeys()[0];
        SparseMerkleTree.Proof memory p = proofOf(k);
        p.terminal = 2;
        assertFalse(smt.verify(ref.root(), k, p));
    }

    function test_verify_fails_whenDeeperThan256() public view {
        SparseMerkleTree.Proof memory p;
        p.siblings = new bytes32[](257);
        assertFalse(smt.verify(bytes32(0), bytes32(0), p));
    }

    function test_verify_fails_whenLeafKeyOffPath() public {
        // Two leaves split at bit 0. The proof for a key on the right may not end in the left leaf.
        bytes32 left = bytes32(uint256(1));
        bytes32 right = bytes32(uint256(1) << 255);
        ref.put(left, keccak256("l"));
        ref.put(right, keccak256("r"));
        bytes32 root = ref.root();
        bytes32 probe = bytes32((uint256(1) << 255) | 7);
        SparseMerkleTree.Proof memory p = proofOf(probe);
        assertTrue(smt.verify(root, probe, p));
        // Swap in the left leaf while hashing it on the right: the prefix check must refuse it.
        p.leafKey = left;
        p.leafValueHash = keccak256("l");
        p.siblings[0] = node(leaf(left, keccak256("l")), leaf(right, keccak256("r")));
        assertFalse(smt.verify(root, probe, p));
    }

    function test_prove_opensSibling_whenBelowRoot() public {
        (bytes32 a, bytes32 b, bytes32 c) = threeLeaves();
        SparseMerkleTree.Proof memory pa = proofOf(a);
        assertEq(pa.siblingKind, SparseMerkleTree.SIBLING_INTERNAL);
        assertEq(node(pa.siblingFirst, pa.siblingSecond), pa.siblings[0]);
        SparseMerkleTree.Proof memory pb = proofOf(b);
        assertEq(pb.siblingKind, SparseMerkleTree.SIBLING_LEAF);
        assertEq(pb.siblingFirst, c);
        assertEq(pb.siblingSecond, keccak256("c"));
        assertTrue(smt.verify(ref.root(), a, pa));
        assertTrue(smt.verify(ref.root(), b, pb));
    }

    function test_verify_succeeds_withoutOpening() public {
        // Opening is required to delete, not to verify: a read or a write does not need it.
        (bytes32 a,,) = threeLeaves();
        SparseMerkleTree.Proof memory p = proofOf(a);
        p.siblingKind = SparseMerkleTree.SIBLING_NONE;
        p.siblingFirst = bytes32(0);
        p.siblingSecond = bytes32(0);
        assertTrue(smt.verify(ref.root(), a, p));
    }

    function test_verify_fails_whenSiblingLeafMismatch() public {
        populate(2, 6, 0);
        bytes32 k = ref.allKeys()[3];
        SparseMerkleTree.Proof memory p = proofOf(k);
        p.siblingKind = SparseMerkleTree.SIBLING_LEAF;
        p.siblingFirst = keccak256("someone else");
        p.siblingSecond = keccak256("x");
        assertFalse(smt.verify(ref.root(), k, p));
    }

    function test_verify_fails_whenInternalSiblingCalledLeaf() public {
        // The children of an internal node, hashed as a leaf: the prefixes differ, so no match.
        (bytes32 a,,) = threeLeaves();
        SparseMerkleTree.Proof memory p = proofOf(a);
        assertEq(p.siblingKind, SparseMerkleTree.SIBLING_INTERNAL);
        p.siblingKind = SparseMerkleTree.SIBLING_LEAF;
        assertFalse(smt.verify(ref.root(), a, p));
    }

    function test_verify_fails_whenSiblingLeafCalledInternal() public {
        (, bytes32 b,) = threeLeaves();
        SparseMerkleTree.Proof memory p = proofOf(b);
        assertEq(p.siblingKind, SparseMerkleTree.SIBLING_LEAF);
        p.siblingKind = SparseMerkleTree.SIBLING_INTERNAL;
        assertFalse(smt.verify(ref.root(), b, p));
    }

    function test_verify_fails_whenSiblingKindUnknown() public {
        (bytes32 a,,) = threeLeaves();
        SparseMerkleTree.Proof memory p = proofOf(a);
        p.siblingKind = 3;
        assertFalse(smt.verify(ref.root(), a, p));
    }

    function test_verify_fails_whenUnopenedSiblingHasHalves() public {
        (bytes32 a,,) = threeLeaves();
        SparseMerkleTree.Proof memory p = proofOf(a);
        p.siblingKind = SparseMerkleTree.SIBLING_NONE;
        p.siblingFirst = bytes32(0);
        p.siblingSecond = keccak256("x");
        assertFalse(smt.verify(ref.root(), a, p), "second half left");
        p.siblingFirst = keccak256("x");
        p.siblingSecond = bytes32(0);
        assertFalse(smt.verify(ref.root(), a, p), "first half left");
        p.siblingFirst = bytes32(0);
        assertTrue(smt.verify(ref.root(), a, p), "both zero");
    }

    function test_verify_fails_whenSiblingOpenedAtDepthZero() public {
        bytes32 k = keccak256("k");
        ref.put(k, keccak256("v"));
        SparseMerkleTree.Proof memory p = proofOf(k);
        assertEq(p.siblingKind, SparseMerkleTree.SIBLING_NONE);
        p.siblingKind = SparseMerkleTree.SIBLING_LEAF;
        p.siblingFirst = keccak256("x");
        assertFalse(smt.verify(ref.root(), k, p));
    }

    function test_verify_fails_whenEmptyTerminalCarriesLeafFields() public {
        // b and c share their first 254 bits: a key starting 01 ends in the empty slot at depth 2.
        threeLeaves();
        bytes32 absent = bytes32(uint256(1) << 254);
        SparseMerkleTree.Proof memory p = proofOf(absent);
        assertEq(p.terminal, SparseMerkleTree.TERMINAL_EMPTY);
        assertEq(p.siblings.length, 2);
        assertTrue(smt.verify(ref.root(), absent, p));
        p.leafValueHash = keccak256("junk");
        assertFalse(smt.verify(ref.root(), absent, p), "value hash");
        p.leafValueHash = bytes32(0);
        p.leafKey = absent;
        assertFalse(smt.verify(ref.root(), absent, p), "key");
    }

    function test_verify_fails_whenSiblingTampered() public {
        populate(3, 8, 0);
        bytes32 k = ref.allKeys()[5];
        SparseMerkleTree.Proof memory p = proofOf(k);
        assertGt(p.siblings.length, 0);
        p.siblings[0] = bytes32(uint256(p.siblings[0]) ^ 1);
        assertFalse(smt.verify(ref.root(), k, p));
    }

    function test_verify_fails_whenPathPaddedWithEmptySiblings() public {
        // An empty slot claimed one level deeper than it is: internal(0, 0) is not 0.
        ref.put(bytes32(uint256(1)), keccak256("a"));
        ref.put(bytes32(uint256(2)), keccak256("b"));
        bytes32 probe = bytes32(uint256(1) << 255);
        SparseMerkleTree.Proof memory p = proofOf(probe);
        assertTrue(smt.verify(ref.root(), probe, p));
        bytes32[] memory longer = new bytes32[](p.siblings.length + 1);
        for (uint256 i = 0; i < p.siblings.length; ++i) {
            longer[i] = p.siblings[i];
        }
        p.siblings = longer;
        assertFalse(smt.verify(ref.root(), probe, p));
    }

    // ----- put ---------------------------------------------------------------------------------

    function test_rootAfterPut_succeeds_intoEmptyTree() public {
        assertPutMatches(keccak256("k"), keccak256("v"));
        assertEq(ref.root(), leaf(keccak256("k"), keccak256("v")));
    }

    function test_rootAfterPut_succeeds_whenReplacing() public {
        populate(4, 7, 0);
        assertPutMatches(ref.allKeys()[2], keccak256("new value"));
    }

    function test_rootAfterPut_succeeds_whenSplittingDeep() public {
        // Keys equal up to bit 200: the split builds a chain of internal nodes with empty children.
        bytes32 a = bytes32(uint256(0xabcdef) << 100);
        bytes32 b = bytes32(uint256(a) | (uint256(1) << 55));
        ref.put(a, keccak256("a"));
        assertPutMatches(b, keccak256("b"));
        assertEq(smt.firstDifferingBit(a, b), 200);
    }

    function test_rootAfterPut_succeeds_whenKeysDifferInLastBit() public {
        bytes32 a = bytes32(uint256(0x1234) << 200);
        bytes32 b = bytes32(uint256(a) | 1);
        ref.put(a, keccak256("a"));
        assertPutMatches(b, keccak256("b"));
        SparseMerkleTree.Proof memory p = proofOf(b);
        assertEq(p.siblings.length, 256);
        assertEq(p.siblingKind, SparseMerkleTree.SIBLING_LEAF);
        assertTrue(smt.verify(ref.root(), b, p));
    }

    function test_rootAfterPut_succeeds_intoEmptySlotBesideInternalNode() public {
        // Three keys under the left half, none under the right: the right child of the root is empty.
        ref.put(bytes32(uint256(1)), keccak256("a"));
        ref.put(bytes32(uint256(2)), keccak256("b"));
        ref.put(bytes32(uint256(3)), keccak256("c"));
        assertPutMatches(bytes32(uint256(1) << 255), keccak256("d"));
    }

    // ----- delete ------------------------------------------------------------------------------

    function test_rootAfterDelete_succeeds_forOnlyLeaf() public {
        bytes32 k = keccak256("k");
        ref.put(k, keccak256("v"));
        assertDeleteMatches(k);
        assertEq(ref.root(), bytes32(0));
    }

    function test_rootAfterDelete_returnsRootUnchanged_whenAbsent() public {
        populate(5, 6, 0);
        bytes32 root = ref.root();
        bytes32 absent = keccak256("absent");
        SparseMerkleTree.Proof memory p = proofOf(absent);
        assertEq(smt.rootAfterDelete(root, absent, p), root);
        // Nothing is removed, so the sibling's kind does not matter.
        p.siblingKind = SparseMerkleTree.SIBLING_NONE;
        p.siblingFirst = bytes32(0);
        p.siblingSecond = bytes32(0);
        assertEq(smt.rootAfterDelete(root, absent, p), root);
    }

    function test_rootAfterDelete_succeeds_whenSiblingLeafRisesSeveralLevels() public {
        // a and b share 100 bits; c sits on the other side of the root. Deleting b lets a rise to
        // depth 1, past 99 empty siblings.
        bytes32 a = bytes32(uint256(1) << 150);
        bytes32 b = bytes32(uint256(1) << 155);
        bytes32 c = bytes32(uint256(1) << 255);
        ref.put(a, keccak256("a"));
        ref.put(b, keccak256("b"));
        ref.put(c, keccak256("c"));
        SparseMerkleTree.Proof memory p = proofOf(b);
        assertEq(p.siblingKind, SparseMerkleTree.SIBLING_LEAF);
        assertEq(p.siblingFirst, a);
        assertDeleteMatches(b);
        assertEq(ref.root(), node(leaf(a, keccak256("a")), leaf(c, keccak256("c"))));
    }

    function test_rootAfterDelete_succeeds_whenSiblingIsInternal() public {
        (bytes32 a,,) = threeLeaves();
        assertEq(proofOf(a).siblingKind, SparseMerkleTree.SIBLING_INTERNAL);
        assertDeleteMatches(a);
    }

    function test_rootAfterDelete_succeeds_atDepthZeroWithoutOpening() public {
        bytes32 k = keccak256("k");
        ref.put(k, keccak256("v"));
        SparseMerkleTree.Proof memory p = proofOf(k);
        assertEq(p.siblings.length, 0);
        assertEq(smt.rootAfterDelete(ref.root(), k, p), bytes32(0));
    }

    function test_rootAfterDelete_reverts_whenSiblingNotOpened() public {
        // Taking an unopened sibling for an internal node would give a wrong root whenever it is a
        // leaf; taking it for a leaf, whenever it is internal. Neither is guessed.
        (bytes32 a, bytes32 b,) = threeLeaves();
        bytes32 root = ref.root();
        bytes32[2] memory keys = [a, b];
        for (uint256 i = 0; i < 2; ++i) {
            SparseMerkleTree.Proof memory p = proofOf(keys[i]);
            p.siblingKind = SparseMerkleTree.SIBLING_NONE;
            p.siblingFirst = bytes32(0);
            p.siblingSecond = bytes32(0);
            assertTrue(smt.verify(root, keys[i], p));
            vm.expectRevert(abi.encodeWithSelector(SparseMerkleTree.DeletionSiblingNotOpened.selector, keys[i]));
            smt.rootAfterDelete(root, keys[i], p);
        }
    }

    // ----- fuzz against the reference tree -----------------------------------------------------

    function testFuzz_rootAfterPut_matchesReference(uint256 seed, uint8 count, uint8 prefixBits, bool existing) public {
        count = uint8(bound(count, 0, 12));
        bytes32 prefix = populate(seed, count, prefixBits);
        // Clustered keys may coincide: pick among the keys actually stored.
        uint256 stored = ref.size();
        bytes32 k = existing && stored > 0
            ? ref.allKeys()[seed % stored]
            : clusteredKey(prefix, prefixBits, keccak256(abi.encode("new", seed)));
        assertPutMatches(k, keccak256(abi.encode("fresh", seed)));
    }

    function testFuzz_rootAfterDelete_matchesReference(uint256 seed, uint8 count, uint8 prefixBits, bool existing)
        public
    {
        count = uint8(bound(count, 0, 12));
        bytes32 prefix = populate(seed, count, prefixBits);
        // Clustered keys may coincide: pick among the keys actually stored.
        uint256 stored = ref.size();
        bytes32 k = existing && stored > 0
            ? ref.allKeys()[seed % stored]
            : clusteredKey(prefix, prefixBits, keccak256(abi.encode("new", seed)));
        assertDeleteMatches(k);
    }

    function testFuzz_writes_areOrderIndependent(uint256 seed, uint8 count) public {
        // The same set reached through a sequence of library updates gives the reference root.
        count = uint8(bound(count, 1, 10));
        bytes32 prefix = keccak256(abi.encode(seed));
        bytes32[] memory ks = new bytes32[](count);
        for (uint256 i = 0; i < count; ++i) {
            ks[i] = clusteredKey(prefix, (seed >> i) % 64, keccak256(abi.encode(seed, i)));
            assertPutMatches(ks[i], keccak256(abi.encode(i)));
        }
        for (uint256 i = 0; i < count; i += 2) {
            assertDeleteMatches(ks[i]);
        }
    }

    function testFuzz_verify_fails_forTamperedProof(uint256 seed, uint8 count, uint256 which) public {
        count = uint8(bound(count, 2, 10));
        populate(seed, count, 8);
        bytes32 k = ref.allKeys()[seed % ref.size()];
        SparseMerkleTree.Proof memory p = proofOf(k);
        bytes32 root = ref.root();
        // Two or more leaves: the proof of a stored key ends below the root and opens its sibling.
        assertTrue(p.siblingKind != SparseMerkleTree.SIBLING_NONE);
        which = bound(which, 0, p.siblings.length + 3);
        if (which < p.siblings.length) {
            p.siblings[which] = keccak256(abi.encode(p.siblings[which]));
        } else if (which == p.siblings.length) {
            p.leafValueHash = keccak256(abi.encode(p.leafValueHash));
        } else if (which == p.siblings.length + 1) {
            p.leafKey = keccak256(abi.encode(p.leafKey));
        } else if (which == p.siblings.length + 2) {
            p.siblingFirst = keccak256(abi.encode(p.siblingFirst));
        } else {
            p.siblingSecond = keccak256(abi.encode(p.siblingSecond));
        }
        assertFalse(smt.verify(root, k, p));
    }

    function testFuzz_firstDifferingBit_matchesLoop(bytes32 a, bytes32 b) public view {
        vm.assume(a != b);
        uint256 expected;
        while (((uint256(a) >> (255 - expected)) & 1) == ((uint256(b) >> (255 - expected)) & 1)) {
            ++expected;
        }
        assertEq(smt.firstDifferingBit(a, b), expected);
    }
}
