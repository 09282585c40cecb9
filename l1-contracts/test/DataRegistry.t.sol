// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {DataRegistry} from "../src/DataRegistry.sol";

/// @notice The benchmark baseline: ownership, ordering, the hash chain and the limits.
contract DataRegistryTest is Test {
    bytes32 internal constant STREAM = bytes32("site-0001/telemetry");

    event Appended(
        bytes32 indexed stream, address indexed writer, uint64 indexed index, bytes key, bytes value, bytes32 head
    );

    DataRegistry internal registry;
    address internal owner = makeAddr("owner");
    address internal writer = makeAddr("writer");
    address internal stranger = makeAddr("stranger");

    function setUp() public {
        registry = new DataRegistry();
    }

    function chain(bytes32 head, address from, uint64 index, bytes memory key, bytes memory value)
        internal
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(head, from, index, keccak256(key), keccak256(value)));
    }

    function test_append_createsStreamOwnedByFirstWriter() public {
        vm.prank(owner);
        uint64 index = registry.append(STREAM, "th-00", hex"0102");
        (address streamOwner, uint64 count, bytes32 head) = registry.streamOf(STREAM);
        assertEq(index, 0);
        assertEq(streamOwner, owner);
        assertEq(count, 1);
        assertEq(head, chain(bytes32(0), owner, 0, "th-00", hex"0102"));
        assertEq(registry.entryValueHash(keccak256(abi.encode(STREAM, bytes("th-00")))), keccak256(hex"0102"));
    }

    function test_append_extendsHashChainInOrder() public {
        vm.startPrank(owner);
        registry.append(STREAM, "th-00", "a");
        bytes32 expected = chain(bytes32(0), owner, 0, "th-00", "a");
        expected = chain(expected, owner, 1, "th-01", "b");
        vm.expectEmit(true, true, true, true);
        emit Appended(STREAM, owner, 1, "th-01", "b", expected);
        uint64 index = registry.append(STREAM, "th-01", "b");
        vm.stopPrank();
        (, uint64 count, bytes32 head) = registry.streamOf(STREAM);
        assertEq(index, 1);
        assertEq(count, 2);
        assertEq(head, expected);
        assertEq(registry.nextHead(chain(bytes32(0), owner, 0, "th-00", "a"), owner, 1, "th-01", "b"), expected);
    }

    function test_append_overwritesEntryValueHash() public {
        vm.startPrank(owner);
        registry.append(STREAM, "th-00", "old");
        registry.append(STREAM, "th-00", "new");
        vm.stopPrank();
        assertEq(registry.entryValueHash(keccak256(abi.encode(STREAM, bytes("th-00")))), keccak256("new"));
    }

    function test_append_reverts_whenSenderNeitherOwnerNorWriter() public {
        vm.prank(owner);
        registry.append(STREAM, "th-00", "a");
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(DataRegistry.NotWriter.selector, STREAM, stranger));
        registry.append(STREAM, "th-00", "b");
    }

    function test_grant_letsWriterAppend_andRevokeStopsIt() public {
        vm.prank(owner);
        registry.append(STREAM, "th-00", "a");
        vm.prank(owner);
        registry.grant(STREAM, writer);
        assertTrue(registry.isWriter(STREAM, writer));
        vm.prank(writer);
        assertEq(registry.append(STREAM, "th-01", "b"), 1);
        vm.prank(owner);
        registry.revoke(STREAM, writer);
        vm.prank(writer);
        vm.expectRevert(abi.encodeWithSelector(DataRegistry.NotWriter.selector, STREAM, writer));
        registry.append(STREAM, "th-01", "c");
    }

    function test_grant_reverts_whenNotOwner() public {
        vm.prank(owner);
        registry.append(STREAM, "th-00", "a");
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(DataRegistry.NotOwner.selector, STREAM, stranger));
        registry.grant(STREAM, stranger);
    }

    function test_grant_reverts_onStreamNobodyCreated() public {
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(DataRegistry.NotOwner.selector, STREAM, owner));
        registry.grant(STREAM, writer);
    }

    function test_append_reverts_onEmptyStreamName() public {
        vm.expectRevert(DataRegistry.EmptyStream.selector);
        registry.append(bytes32(0), "k", "v");
    }

    function test_append_reverts_onOversizedKeyOrValue() public {
        bytes memory longKey = new bytes(257);
        vm.expectRevert(abi.encodeWithSelector(DataRegistry.KeyTooLong.selector, 257));
        registry.append(STREAM, longKey, "v");
        bytes memory longValue = new bytes(61_441);
        vm.expectRevert(abi.encodeWithSelector(DataRegistry.ValueTooLong.selector, 61_441));
        registry.append(STREAM, "k", longValue);
    }

    function testFuzz_append_countsEveryAppend(uint8 appends, bytes calldata value) public {
        vm.assume(value.length <= 1024);
        bytes32 head;
        vm.startPrank(owner);
        for (uint64 i = 0; i < appends; i++) {
            head = chain(head, owner, i, "k", value);
            assertEq(registry.append(STREAM, "k", value), i);
        }
        vm.stopPrank();
        (, uint64 count, bytes32 stored) = registry.streamOf(STREAM);
        assertEq(count, appends);
        assertEq(stored, head);
    }
}
