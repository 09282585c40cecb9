// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {SluiceRollup} from "../../src/SluiceRollup.sol";
import {BatchHeader} from "../../src/libraries/BatchHeader.sol";
import {Records} from "../../src/libraries/Records.sol";
import {StateTransition} from "../../src/libraries/StateTransition.sol";
import {StateModel} from "./StateModel.sol";

/// @title RollupFixture
/// @notice Builds real batches for SluiceRollup tests: records signed by test keys in the rollup's
///         EIP-712 domain, applied to a StateModel for their per-record roots and witnesses, with
///         the header and the fraud proofs that follow from them.
abstract contract RollupFixture is Test {
    uint256 internal constant L2_CHAIN_ID = 901;
    uint256 internal constant MIN_BOND = 1 ether;
    uint256 internal constant WINDOW = 1 hours;

    bytes32 internal constant RECORD_TYPEHASH =
        keccak256("Record(uint64 nonce,uint8 op,string stream,bytes key,bytes value)");

    /// @notice What a record should do; the nonce is filled in when it is applied.
    struct RecordSpec {
        uint256 signer;
        uint8 op;
        bytes stream;
        bytes key;
        bytes value;
    }

    struct SignedRecord {
        Records.Record record;
        bytes signature;
        uint64 timestamp;
        bytes32 digest;
    }

    struct Batch {
        BatchHeader.Header header;
        bytes data;
        SignedRecord[] records;
        StateModel.Execution[] executions;
        // The per-record roots the batch claims (honest unless corrupted).
        bytes32[] roots;
        bytes32[] leaves;
    }

    address internal proposer = makeAddr("proposer");
    address internal challenger = makeAddr("challenger");
    SluiceRollup internal rollup;
    StateModel internal model;
    uint64 internal clock = 1_700_000_000_000;

    function setUp() public virtual {
        vm.warp(1_700_000_000);
        rollup = new SluiceRollup(proposer, MIN_BOND, WINDOW, L2_CHAIN_ID);
        model = new StateModel();
        vm.deal(proposer, 100 ether);
        vm.prank(proposer);
        rollup.depositBond{value: MIN_BOND}();
    }

    // ----- keys and records ------------------------------------------------------------------

    function privateKey(uint256 signer) internal pure returns (uint256) {
        return 0xA11CE + signer;
    }

    function addressOf(uint256 signer) internal pure returns (address) {
        return vm.addr(privateKey(signer));
    }

    function put(uint256 signer, bytes memory stream, bytes memory key, bytes memory value)
        internal
        pure
        returns (RecordSpec memory)
    {
        return RecordSpec(signer, Records.OP_PUT, stream, key, value);
    }

    function del(uint256 signer, bytes memory stream, bytes memory key) internal pure returns (RecordSpec memory) {
        return RecordSpec(signer, Records.OP_DELETE, stream, key, "");
    }

    function grant(uint256 signer, bytes memory stream, address writer) internal pure returns (RecordSpec memory) {
        return RecordSpec(signer, Records.OP_GRANT, stream, abi.encodePacked(writer), "");
    }

    function revoke(uint256 signer, bytes memory stream, address writer) internal pure returns (RecordSpec memory) {
        return RecordSpec(signer, Records.OP_REVOKE, stream, abi.encodePacked(writer), "");
    }

    function digestOf(Records.Record memory record) internal view returns (bytes32) {
        bytes32 structHash = keccak256(
            abi.encode(
                RECORD_TYPEHASH,
                record.nonce,
                record.op,
                keccak256(record.stream),
                keccak256(record.key),
                keccak256(record.value)
            )
        );
        return keccak256(abi.encodePacked(hex"1901", rollup.DOMAIN_SEPARATOR(), structHash));
    }

    function sign(uint256 signer, Records.Record memory record) internal returns (SignedRecord memory signed) {
        signed.record = record;
        signed.digest = digestOf(record);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(privateKey(signer), signed.digest);
        signed.signature = abi.encodePacked(r, s, v);
        signed.timestamp = clock++;
    }

    // ----- batches ---------------------------------------------------------------------------

    function one(RecordSpec memory a) internal pure returns (RecordSpec[] memory specs) {
        specs = new RecordSpec[](1);
        specs[0] = a;
    }

    function two(RecordSpec memory a, RecordSpec memory b) internal pure returns (RecordSpec[] memory specs) {
        specs = new RecordSpec[](2);
        specs[0] = a;
        specs[1] = b;
    }

    function three(RecordSpec memory a, RecordSpec memory b, RecordSpec memory c)
        internal
        pure
        returns (RecordSpec[] memory specs)
    {
        specs = new RecordSpec[](3);
        specs[0] = a;
        specs[1] = b;
        specs[2] = c;
    }

    /// @notice Signs and applies `specs` in order on the model and builds the honest batch that
    ///         follows the rollup's current head.
    function buildBatch(RecordSpec[] memory specs) internal returns (Batch memory b) {
        uint256 n = specs.length;
        b.records = new SignedRecord[](n);
        b.executions = new StateModel.Execution[](n);
        b.roots = new bytes32[](n);
        b.leaves = new bytes32[](n);
        for (uint256 i = 0; i < n; ++i) {
            RecordSpec memory spec = specs[i];
            address sender = addressOf(spec.signer);
            Records.Record memory record = Records.Record({
                nonce: model.nonceOf(sender), op: spec.op, stream: spec.stream, key: spec.key, value: spec.value
            });
            b.records[i] = sign(spec.signer, record);
            b.executions[i] = model.apply_(record, b.records[i].digest, sender);
            afterRecordApplied(i);
            b.roots[i] = model.root();
            b.leaves[i] =
                keccak256(abi.encodePacked(b.records[i].digest, b.records[i].signature, b.records[i].timestamp));
        }
        b.data = abi.encode(b.leaves, b.roots);
        uint64 index = rollup.batchCount();
        b.header = BatchHeader.Header({
            index: index,
            prevHeaderHash: rollup.headHeaderHash(),
            firstSequence: rollup.nextSequence(),
            recordCount: uint32(n),
            dataHash: keccak256(b.data),
            recordsRoot: merkleRoot(b.leaves),
            rootsRoot: merkleRoot(b.roots),
            preStateRoot: index == 0 ? bytes32(0) : rollup.getBatch(index - 1).postStateRoot,
            postStateRoot: b.roots[n - 1]
        });
    }

    /// @notice Called by buildBatch after record `i` is applied, before its root is taken: lets a
    ///         test change the state between records (the batch then claims the changed root).
    function afterRecordApplied(uint256 i) internal virtual {}

    /// @notice Makes the batch claim `bad` as the root after record `i`, keeping the header
    ///         consistent (postStateRoot follows the last root).
    function corrupt(Batch memory b, uint256 i, bytes32 bad) internal pure {
        b.roots[i] = bad;
        b.header.rootsRoot = merkleRoot(b.roots);
        if (i == b.roots.length - 1) b.header.postStateRoot = bad;
    }

    function append(Batch memory b) internal {
        vm.prank(proposer);
        rollup.appendBatch(b.header, b.data);
    }

    function appendHonest(RecordSpec[] memory specs) internal returns (Batch memory b) {
        b = buildBatch(specs);
        append(b);
    }

    function fraudProof(Batch memory b, uint256 i) internal pure returns (SluiceRollup.FraudProof memory p) {
        SignedRecord memory r = b.records[i];
        p.record = r.record;
        p.signature = r.signature;
        p.timestamp = r.timestamp;
        p.recordIndex = i;
        p.recordProof = merkleProof(b.leaves, i);
        if (i == 0) {
            p.preStateRoot = b.header.preStateRoot;
        } else {
            p.preStateRoot = b.roots[i - 1];
            p.preStateRootProof = merkleProof(b.roots, i - 1);
        }
        p.postStateRoot = b.roots[i];
        p.postStateRootProof = merkleProof(b.roots, i);
        p.witness = b.executions[i].witness;
    }

    function proveFraud(Batch memory b, uint256 i) internal {
        SluiceRollup.FraudProof memory p = fraudProof(b, i);
        vm.prank(challenger);
        rollup.proveFraud(b.header.index, b.header, p);
    }

    // ----- binary Merkle (§5.1), written out for the tests ------------------------------------

    function merkleRoot(bytes32[] memory leaves) internal pure returns (bytes32) {
        bytes32[] memory level = padded(leaves);
        while (level.length > 1) {
            level = parents(level);
        }
        return level[0];
    }

    function merkleProof(bytes32[] memory leaves, uint256 index) internal pure returns (bytes32[] memory proof) {
        bytes32[] memory level = padded(leaves);
        uint256 depth;
        while ((uint256(1) << depth) < level.length) ++depth;
        proof = new bytes32[](depth);
        for (uint256 d = 0; d < depth; ++d) {
            proof[d] = level[index ^ 1];
            level = parents(level);
            index >>= 1;
        }
    }

    function padded(bytes32[] memory leaves) private pure returns (bytes32[] memory level) {
        uint256 size = 1;
        while (size < leaves.length) size <<= 1;
        level = new bytes32[](size);
        for (uint256 i = 0; i < leaves.length; ++i) {
            level[i] = leaves[i];
        }
    }

    function parents(bytes32[] memory level) private pure returns (bytes32[] memory up) {
        up = new bytes32[](level.length / 2);
        for (uint256 i = 0; i < up.length; ++i) {
            up[i] = keccak256(abi.encodePacked(level[2 * i], level[2 * i + 1]));
        }
    }
}
