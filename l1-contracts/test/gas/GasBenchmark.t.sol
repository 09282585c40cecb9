// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {console} from "forge-std/Test.sol";
import {SluiceRollup} from "../../src/SluiceRollup.sol";
import {RollupFixture} from "../utils/RollupFixture.sol";

/// @notice Gas of the rollup's entry points in representative situations, for docs/benchmarks.md.
///         `FOUNDRY_PROFILE=gas forge test -vv` logs the execution gas of each case (the call's own
///         frame, without the transaction's intrinsic and calldata cost);
///         `FOUNDRY_PROFILE=gas forge test --gas-report --no-match-test Blobs` runs every call as its
///         own transaction and reports transaction gas (blob hashes cannot be set in that mode).
/// @dev The state holds FILLER unrelated leaves besides the records' own (about log2(FILLER) + 2
///      siblings per proof), and fraud-proven batches hold BATCH_SIZE records (log2 of it per
///      Merkle proof).
contract GasBenchmarkTest is RollupFixture {
    uint256 internal constant FILLER = 1000;
    uint256 internal constant BATCH_SIZE = 1000;
    bytes internal constant STREAM = "iot/plant-7/pressure";
    uint256 internal constant OWNER = 1;
    uint256 internal constant WRITER = 2;
    uint256 internal constant STRANGER = 3;

    bool internal fill;

    function setUp() public override {
        super.setUp();
        // A challenger sends its own transaction, so it exists: paying it must not be charged as
        // the creation of a new account.
        vm.deal(challenger, 1 wei);
    }

    /// @notice Adds the filler leaves just before the measured record (index 5), so that only its
    ///         own witness pays for building proofs in a large reference tree.
    function afterRecordApplied(uint256 i) internal override {
        if (!fill || i != 4) return;
        fill = false;
        for (uint256 f = 0; f < FILLER; ++f) {
            model.tree().put(keccak256(abi.encode("filler", f)), keccak256(abi.encode(f)));
        }
    }

    /// @notice Builds a batch whose record 5 (`target`) claims a wrong root, in a state of FILLER
    ///         leaves plus a stream with entries and a granted writer, padded to BATCH_SIZE records.
    function fraudulentBatch(RecordSpec memory target) internal returns (Batch memory b) {
        fill = true;
        RecordSpec[] memory specs = new RecordSpec[](6);
        specs[0] = put(OWNER, STREAM, "p0", "1013");
        specs[1] = put(OWNER, STREAM, "p1", "1009");
        specs[2] = put(OWNER, STREAM, "p2", "1011");
        specs[3] = grant(OWNER, STREAM, addressOf(WRITER));
        specs[4] = put(WRITER, STREAM, "p3", "999");
        specs[5] = target;
        b = buildBatch(specs);
        corrupt(b, 5, keccak256("wrong"));
        pad(b, BATCH_SIZE);
    }

    /// @notice Extends the batch's commitments to `size` records with made-up leaves and roots.
    function pad(Batch memory b, uint256 size) internal pure {
        bytes32[] memory leaves = new bytes32[](size);
        bytes32[] memory roots = new bytes32[](size);
        for (uint256 i = 0; i < size; ++i) {
            leaves[i] = i < b.leaves.length ? b.leaves[i] : keccak256(abi.encode("leaf", i));
            roots[i] = i < b.roots.length ? b.roots[i] : keccak256(abi.encode("root", i));
        }
        b.leaves = leaves;
        b.roots = roots;
        b.header.recordCount = uint32(size);
        b.header.recordsRoot = merkleRoot(leaves);
        b.header.rootsRoot = merkleRoot(roots);
        b.header.postStateRoot = roots[size - 1];
    }

    /// @notice Gas used by the last call's own frame: the caller's argument encoding excluded.
    function callGas() internal view returns (uint256) {
        return vm.lastCallGas().gasTotalUsed;
    }

    function measureFraud(string memory name, RecordSpec memory target) internal {
        Batch memory b = fraudulentBatch(target);
        append(b);
        SluiceRollup.FraudProof memory p = fraudProof(b, 5);
        bytes memory callData = abi.encodeCall(SluiceRollup.proveFraud, (0, b.header, p));
        vm.prank(challenger);
        rollup.proveFraud(0, b.header, p);
        uint256 used = callGas();
        console.log(name);
        console.log("  execution gas:", used);
        console.log("  calldata bytes:", callData.length, "accesses:", p.witness.length);
        console.log("  siblings per state proof:", p.witness.length == 0 ? 0 : p.witness[0].proof.siblings.length);
    }

    function test_gas_proveFraud_putNewEntry() public {
        measureFraud("proveFraud: PUT of a new entry by the owner", put(OWNER, STREAM, "p9", "1000"));
    }

    function test_gas_proveFraud_putOverwriteByWriter() public {
        measureFraud("proveFraud: PUT overwrite by a granted writer", put(WRITER, STREAM, "p1", "1001"));
    }

    function test_gas_proveFraud_putLargeValue() public {
        measureFraud("proveFraud: PUT of a 4 KiB value", put(OWNER, STREAM, "big", new bytes(4096)));
    }

    function test_gas_proveFraud_delete() public {
        measureFraud("proveFraud: DELETE by the owner", del(OWNER, STREAM, "p0"));
    }

    function test_gas_proveFraud_grant() public {
        measureFraud("proveFraud: GRANT", grant(OWNER, STREAM, addressOf(STRANGER)));
    }

    function test_gas_proveFraud_revoke() public {
        measureFraud("proveFraud: REVOKE", revoke(OWNER, STREAM, addressOf(WRITER)));
    }

    function test_gas_proveFraud_permissionDenied() public {
        measureFraud("proveFraud: PUT by a stranger (PERMISSION_DENIED)", put(STRANGER, STREAM, "p1", "0"));
    }

    function test_gas_appendBatch_calldata() public {
        uint256[5] memory sizes = [uint256(1024), 16 * 1024, 64 * 1024, 128 * 1024, 256 * 1024];
        Batch memory b = buildBatch(one(put(OWNER, STREAM, "p0", "1")));
        for (uint256 i = 0; i < sizes.length; ++i) {
            bytes memory data = new bytes(sizes[i]);
            for (uint256 j = 0; j < data.length; j += 32) {
                data[j] = 0x5a;
            }
            b.header.dataHash = keccak256(data);
            b.header.index = rollup.batchCount();
            b.header.prevHeaderHash = rollup.headHeaderHash();
            b.header.firstSequence = rollup.nextSequence();
            b.header.preStateRoot = b.header.index == 0 ? bytes32(0) : b.header.postStateRoot;
            vm.prank(proposer);
            rollup.appendBatch(b.header, data);
            console.log("appendBatch execution gas, KiB of data:", sizes[i] / 1024, callGas());
        }
    }

    function test_gas_appendBatchFromBlobs() public {
        Batch memory b = buildBatch(one(put(OWNER, STREAM, "p0", "1")));
        for (uint256 n = 1; n <= 6; n += 5) {
            bytes32[] memory hashes = new bytes32[](n);
            for (uint256 i = 0; i < n; ++i) {
                hashes[i] = bytes32((uint256(1) << 248) | uint256(keccak256(abi.encode(n, i))) >> 8);
            }
            b.header.dataHash = keccak256(abi.encodePacked(hashes));
            b.header.index = rollup.batchCount();
            b.header.prevHeaderHash = rollup.headHeaderHash();
            b.header.firstSequence = rollup.nextSequence();
            b.header.preStateRoot = b.header.index == 0 ? bytes32(0) : b.header.postStateRoot;
            vm.blobhashes(hashes);
            vm.prank(proposer);
            rollup.appendBatchFromBlobs(b.header);
            console.log("appendBatchFromBlobs execution gas, blobs:", n, callGas());
        }
    }

    function test_gas_finalize() public {
        Batch memory b = buildBatch(one(put(OWNER, STREAM, "p0", "1")));
        append(b);
        for (uint256 i = 1; i < 10; ++i) {
            b.header.index = uint64(i);
            b.header.prevHeaderHash = rollup.headHeaderHash();
            b.header.firstSequence = rollup.nextSequence();
            b.header.preStateRoot = b.header.postStateRoot;
            append(b);
        }
        vm.warp(block.timestamp + WINDOW);
        rollup.finalize(0);
        console.log("finalize, one batch:", callGas());
        rollup.finalize(9);
        console.log("finalize, nine batches:", callGas());
    }
}
