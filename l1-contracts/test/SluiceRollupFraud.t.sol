// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {SluiceRollup} from "../src/SluiceRollup.sol";
import {BatchHeader} from "../src/libraries/BatchHeader.sol";
import {Records} from "../src/libraries/Records.sol";
import {SparseMerkleTree} from "../src/libraries/SparseMerkleTree.sol";
import {StateLeaves} from "../src/libraries/StateLeaves.sol";
import {StateTransition} from "../src/libraries/StateTransition.sol";
import {ReferenceTree} from "./utils/ReferenceTree.sol";
import {RollupFixture} from "./utils/RollupFixture.sol";
import {StateModel} from "./utils/StateModel.sol";

/// @notice proveFraud, proveHeaderFault and verifyEntry.
contract SluiceRollupFraudTest is RollupFixture {
    bytes internal constant STREAM = "iot/plant-7/pressure";
    uint256 internal constant OWNER = 1;
    uint256 internal constant WRITER = 2;
    uint256 internal constant STRANGER = 3;
    bytes32 internal constant BAD_ROOT = keccak256("a root no honest execution gives");

    event BatchesReverted(uint64 indexed firstIndex, uint64 lastIndex);
    event FraudProven(
        uint64 indexed batchIndex,
        SluiceRollup.Fault fault,
        uint256 recordIndex,
        address indexed challenger,
        uint256 reward
    );

    /// @notice Batch 0: a populated state, so that proofs have some depth. Stays honest.
    function setUp() public override {
        super.setUp();
        RecordSpec[] memory specs = new RecordSpec[](8);
        for (uint256 i = 0; i < 8; ++i) {
            specs[i] = put(OWNER, STREAM, abi.encodePacked("p", vm.toString(i)), abi.encodePacked(i * 1000));
        }
        appendHonest(specs);
        vm.warp(block.timestamp + 60);
    }

    /// @notice A three-record batch whose record 1 claims a wrong root.
    function fraudulentBatch() internal returns (Batch memory b) {
        b = buildBatch(
            three(
                put(OWNER, STREAM, "p1", "1015"),
                put(OWNER, STREAM, "p9", "998"),
                grant(OWNER, STREAM, addressOf(WRITER))
            )
        );
        corrupt(b, 1, BAD_ROOT);
    }

    // ----- success -----------------------------------------------------------------------------

    function test_proveFraud_succeeds_andRevertsLaterBatches() public {
        Batch memory bad = fraudulentBatch();
        append(bad);
        vm.warp(block.timestamp + 5);
        appendHonest(one(put(WRITER, "other", "k", "v")));
        assertEq(rollup.batchCount(), 3);
        bytes32 headBefore = rollup.getBatch(0).headerHash;
        uint256 balanceBefore = challenger.balance;

        vm.expectEmit(address(rollup));
        emit BatchesReverted(1, 2);
        vm.expectEmit(address(rollup));
        emit FraudProven(1, SluiceRollup.Fault.STATE_TRANSITION, 1, challenger, MIN_BOND);
        proveFraud(bad, 1);

        assertEq(rollup.batchCount(), 1);
        assertEq(rollup.headHeaderHash(), headBefore);
        assertEq(rollup.nextSequence(), 8);
        assertEq(rollup.bond(), 0);
        assertEq(challenger.balance, balanceBefore + MIN_BOND);
        vm.expectRevert(abi.encodeWithSelector(SluiceRollup.UnknownBatch.selector, 1));
        rollup.getBatch(1);
    }

    function test_proveFraud_succeeds_forFirstRecordAgainstHeaderPreStateRoot() public {
        Batch memory b = buildBatch(two(put(OWNER, STREAM, "p1", "1"), put(OWNER, STREAM, "p2", "2")));
        corrupt(b, 0, BAD_ROOT);
        append(b);
        proveFraud(b, 0);
        assertEq(rollup.batchCount(), 1);
    }

    function test_proveFraud_succeeds_forLastRecord() public {
        Batch memory b = buildBatch(two(put(OWNER, STREAM, "p1", "1"), put(OWNER, STREAM, "p2", "2")));
        corrupt(b, 1, BAD_ROOT);
        append(b);
        proveFraud(b, 1);
        assertEq(rollup.batchCount(), 1);
    }

    function test_proveFraud_succeeds_whenBadSignatureRecordChangesState() public {
        // A high-s signature is invalid: the record must leave the state as it was.
        Batch memory b = buildBatch(one(put(OWNER, STREAM, "p1", "1")));
        b = withHighS(b);
        assertEq(uint8(b.executions[0].status), uint8(StateTransition.Status.BAD_SIGNATURE));
        assertEq(b.roots[0], b.header.preStateRoot);
        assertEq(b.executions[0].witness.length, 0);
        corrupt(b, 0, BAD_ROOT);
        append(b);
        proveFraud(b, 0);
        assertEq(rollup.batchCount(), 1);
    }

    function test_proveFraud_succeeds_whenRejectionClaimedApplied() public {
        // The stranger's put is PERMISSION_DENIED; the batch claims the root of an applied put.
        Batch memory b = buildBatch(one(put(STRANGER, STREAM, "p1", "0")));
        assertEq(uint8(b.executions[0].status), uint8(StateTransition.Status.PERMISSION_DENIED));
        corrupt(b, 0, BAD_ROOT);
        append(b);
        proveFraud(b, 0);
        assertEq(rollup.batchCount(), 1);
    }

    function test_proveFraud_succeeds_forDeleteNextToInternalSibling() public {
        (Batch memory b, bool found) = deleteWithSibling(true);
        assertTrue(found, "no entry with an internal sibling");
        corrupt(b, 0, BAD_ROOT);
        append(b);
        proveFraud(b, 0);
        assertEq(rollup.batchCount(), 1);
    }

    function test_proveFraud_succeeds_forDeleteNextToSiblingLeaf() public {
        (Batch memory b, bool found) = deleteWithSibling(false);
        assertTrue(found, "no entry with a sibling leaf");
        corrupt(b, 0, BAD_ROOT);
        append(b);
        proveFraud(b, 0);
        assertEq(rollup.batchCount(), 1);
    }

    function test_proveFraud_succeeds_forRevoke() public {
        appendHonest(one(grant(OWNER, STREAM, addressOf(WRITER))));
        Batch memory b = buildBatch(one(revoke(OWNER, STREAM, addressOf(WRITER))));
        StateModel.Execution memory e = b.executions[0];
        assertEq(uint8(e.status), uint8(StateTransition.Status.APPLIED));
        // The revocation deletes the writer's acl leaf, which is present.
        SparseMerkleTree.Proof memory last = e.witness[e.witness.length - 1].proof;
        assertEq(last.terminal, SparseMerkleTree.TERMINAL_LEAF);
        assertTrue(last.siblingKind != SparseMerkleTree.SIBLING_NONE);
        corrupt(b, 0, BAD_ROOT);
        append(b);
        proveFraud(b, 0);
        assertEq(rollup.batchCount(), 2);
    }

    function test_proveFraud_succeeds_forDeleteOfStreamsLastEntry() public {
        Batch memory b = buildBatch(one(put(WRITER, "solo", "only", "1")));
        append(b);
        Batch memory d = buildBatch(one(del(WRITER, "solo", "only")));
        assertEq(uint8(d.executions[0].status), uint8(StateTransition.Status.APPLIED));
        corrupt(d, 0, BAD_ROOT);
        append(d);
        proveFraud(d, 0);
        assertEq(rollup.batchCount(), 2);
    }

    function test_proveFraud_paysBondOnce_andProposerMustRebond() public {
        Batch memory bad = fraudulentBatch();
        append(bad);
        proveFraud(bad, 1);
        assertEq(rollup.bond(), 0);

        // The same fraud cannot be proven twice: the batch is gone.
        SluiceRollup.FraudProof memory p = fraudProof(bad, 1);
        vm.expectRevert(abi.encodeWithSelector(SluiceRollup.UnknownBatch.selector, 1));
        vm.prank(challenger);
        rollup.proveFraud(1, bad.header, p);

        // No appending without a fresh bond.
        model = new StateModel();
        Batch memory next = buildBatchOnRollupHead();
        vm.expectRevert(abi.encodeWithSelector(SluiceRollup.InsufficientBond.selector, 0, MIN_BOND));
        append(next);
        vm.prank(proposer);
        rollup.depositBond{value: MIN_BOND}();
        append(next);
        assertEq(rollup.batchCount(), 2);
    }

    function test_proveFraud_paysNothing_forEarlierFraudAfterBondTaken() public {
        Batch memory first = buildBatch(one(put(OWNER, STREAM, "p1", "1")));
        corrupt(first, 0, BAD_ROOT);
        append(first);
        Batch memory second = buildBatch(one(put(OWNER, STREAM, "p2", "2")));
        second.header.postStateRoot = keccak256("not the last root");
        append(second);

        // Whoever proves the later batch first takes the bond ...
        vm.expectEmit(address(rollup));
        emit FraudProven(2, SluiceRollup.Fault.POST_STATE_ROOT, 0, challenger, MIN_BOND);
        vm.prank(challenger);
        rollup.proveHeaderFault(2, second.header, second.roots[0], new bytes32[](0));
        // ... and proving the earlier one still reverts it, for nothing.
        vm.expectEmit(address(rollup));
        emit FraudProven(1, SluiceRollup.Fault.STATE_TRANSITION, 0, challenger, 0);
        proveFraud(first, 0);
        assertEq(rollup.batchCount(), 1);
    }

    // ----- no fraud ----------------------------------------------------------------------------

    function test_proveFraud_reverts_whenBatchHonest() public {
        Batch memory b = appendHonest(
            three(
                put(OWNER, STREAM, "p1", "1015"), grant(OWNER, STREAM, addressOf(WRITER)), put(WRITER, STREAM, "p3", "")
            )
        );
        for (uint256 i = 0; i < 3; ++i) {
            SluiceRollup.FraudProof memory p = fraudProof(b, i);
            vm.expectRevert(abi.encodeWithSelector(SluiceRollup.NoFraud.selector, b.roots[i]));
            vm.prank(challenger);
            rollup.proveFraud(1, b.header, p);
        }
        assertEq(rollup.batchCount(), 2);
        assertEq(rollup.bond(), MIN_BOND);
    }

    /// @notice An honest batch whose one record deletes an entry beside a leaf or an internal node,
    ///         and the fraud proof a challenger would build for it, with the deletion's proof last.
    function honestDelete(bool internalSibling)
        internal
        returns (Batch memory b, SluiceRollup.FraudProof memory p, SparseMerkleTree.Proof memory last)
    {
        bool found;
        (b, found) = deleteWithSibling(internalSibling);
        assertTrue(found, "no entry with the wanted sibling");
        append(b);
        p = fraudProof(b, 0);
        last = p.witness[p.witness.length - 1].proof;
    }

    /// @notice Expects `p` against the honest batch `b` to revert with `error` and change nothing.
    function expectHonestProposerSafe(Batch memory b, SluiceRollup.FraudProof memory p, bytes memory error) internal {
        expectProofRevert(b, p, error);
        assertEq(rollup.batchCount(), 2, "honest batch kept");
        assertEq(rollup.bond(), MIN_BOND, "bond kept");
    }

    function test_proveFraud_reverts_whenWitnessHidesSiblingLeaf() public {
        // Taking the unopened sibling for an internal node would give a root other than the honest
        // one, and "prove" the honest batch wrong: the contract refuses to guess.
        (Batch memory b, SluiceRollup.FraudProof memory p, SparseMerkleTree.Proof memory last) = honestDelete(false);
        last.siblingKind = SparseMerkleTree.SIBLING_NONE;
        last.siblingFirst = bytes32(0);
        last.siblingSecond = bytes32(0);
        expectHonestProposerSafe(
            b, p, abi.encodeWithSelector(SparseMerkleTree.DeletionSiblingNotOpened.selector, deletedKey(b))
        );
    }

    function test_proveFraud_reverts_whenWitnessHidesInternalSibling() public {
        (Batch memory b, SluiceRollup.FraudProof memory p, SparseMerkleTree.Proof memory last) = honestDelete(true);
        last.siblingKind = SparseMerkleTree.SIBLING_NONE;
        last.siblingFirst = bytes32(0);
        last.siblingSecond = bytes32(0);
        expectHonestProposerSafe(
            b, p, abi.encodeWithSelector(SparseMerkleTree.DeletionSiblingNotOpened.selector, deletedKey(b))
        );
    }

    function test_proveFraud_reverts_whenWitnessCallsSiblingLeafInternal() public {
        // Whatever halves come with the wrong kind, they must hash to the sibling under the other
        // kind's prefix: a preimage no one can find.
        (Batch memory b, SluiceRollup.FraudProof memory p, SparseMerkleTree.Proof memory last) = honestDelete(false);
        last.siblingKind = SparseMerkleTree.SIBLING_INTERNAL;
        uint256 deletion = p.witness.length - 1;
        expectHonestProposerSafe(b, p, abi.encodeWithSelector(StateTransition.StateProofInvalid.selector, deletion));
    }

    function test_proveFraud_reverts_whenWitnessCallsInternalSiblingLeaf() public {
        (Batch memory b, SluiceRollup.FraudProof memory p, SparseMerkleTree.Proof memory last) = honestDelete(true);
        last.siblingKind = SparseMerkleTree.SIBLING_LEAF;
        uint256 deletion = p.witness.length - 1;
        expectHonestProposerSafe(b, p, abi.encodeWithSelector(StateTransition.StateProofInvalid.selector, deletion));
    }

    function test_proveFraud_reverts_whenPresenceReadCarriesPreimage() public {
        // A DELETE's entry read is `has`: its witness carries no value, so none can be smuggled in.
        (Batch memory b, SluiceRollup.FraudProof memory p,) = honestDelete(false);
        // Accesses: account, stream, entry (has), account put, stream put, entry delete.
        assertEq(p.witness.length, 6);
        p.witness[2].preimage = "x";
        expectHonestProposerSafe(b, p, abi.encodeWithSelector(StateTransition.PreimageUnexpected.selector, 2));
    }

    function deletedKey(Batch memory b) internal view returns (bytes32) {
        Records.Record memory r = b.records[0].record;
        return model.entryKey(keccak256(r.stream), r.key);
    }

    // ----- batch state -------------------------------------------------------------------------

    function test_proveFraud_reverts_whenUnknownBatch() public {
        Batch memory bad = fraudulentBatch();
        SluiceRollup.FraudProof memory p = fraudProof(bad, 1);
        vm.expectRevert(abi.encodeWithSelector(SluiceRollup.UnknownBatch.selector, 1));
        rollup.proveFraud(1, bad.header, p);
    }

    function test_proveFraud_reverts_whenBatchFinal() public {
        Batch memory bad = fraudulentBatch();
        append(bad);
        vm.warp(block.timestamp + WINDOW);
        rollup.finalize(1);
        SluiceRollup.FraudProof memory p = fraudProof(bad, 1);
        vm.expectRevert(abi.encodeWithSelector(SluiceRollup.BatchAlreadyFinalized.selector, 1));
        rollup.proveFraud(1, bad.header, p);
    }

    function test_proveFraud_reverts_whenWindowClosed() public {
        Batch memory bad = fraudulentBatch();
        append(bad);
        uint256 deadline = block.timestamp + WINDOW;
        vm.warp(deadline);
        SluiceRollup.FraudProof memory p = fraudProof(bad, 1);
        vm.expectRevert(abi.encodeWithSelector(SluiceRollup.ChallengeWindowClosed.selector, 1, deadline));
        rollup.proveFraud(1, bad.header, p);
    }

    function test_proveFraud_reverts_whenHeaderMismatch() public {
        Batch memory bad = fraudulentBatch();
        append(bad);
        SluiceRollup.FraudProof memory p = fraudProof(bad, 1);
        bad.header.recordsRoot = keccak256("other records");
        vm.expectRevert(abi.encodeWithSelector(SluiceRollup.HeaderMismatch.selector, 1));
        rollup.proveFraud(1, bad.header, p);
    }

    // ----- record fields no decoder accepts ----------------------------------------------------

    function appendedFraud() internal returns (Batch memory bad, SluiceRollup.FraudProof memory p) {
        bad = fraudulentBatch();
        append(bad);
        p = fraudProof(bad, 1);
    }

    function expectProofRevert(Batch memory bad, SluiceRollup.FraudProof memory p, bytes memory error) internal {
        vm.expectRevert(error);
        vm.prank(challenger);
        rollup.proveFraud(bad.header.index, bad.header, p);
    }

    function test_proveFraud_reverts_whenOpUnknown() public {
        (Batch memory bad, SluiceRollup.FraudProof memory p) = appendedFraud();
        p.record.op = 5;
        expectProofRevert(bad, p, abi.encodeWithSelector(Records.UnknownOp.selector, 5));
        p.record.op = 0;
        expectProofRevert(bad, p, abi.encodeWithSelector(Records.UnknownOp.selector, 0));
    }

    function test_proveFraud_reverts_whenStreamEmpty() public {
        (Batch memory bad, SluiceRollup.FraudProof memory p) = appendedFraud();
        p.record.stream = "";
        expectProofRevert(bad, p, abi.encodeWithSelector(Records.StreamLengthOutOfRange.selector, 0));
    }

    function test_proveFraud_reverts_whenStreamTooLong() public {
        (Batch memory bad, SluiceRollup.FraudProof memory p) = appendedFraud();
        p.record.stream = new bytes(65);
        expectProofRevert(bad, p, abi.encodeWithSelector(Records.StreamLengthOutOfRange.selector, 65));
    }

    function test_proveFraud_reverts_whenStreamHasSpace() public {
        (Batch memory bad, SluiceRollup.FraudProof memory p) = appendedFraud();
        p.record.stream = "iot plant";
        expectProofRevert(bad, p, abi.encodeWithSelector(Records.StreamByteOutOfRange.selector, 3));
    }

    function test_proveFraud_reverts_whenStreamHasDel() public {
        (Batch memory bad, SluiceRollup.FraudProof memory p) = appendedFraud();
        p.record.stream = hex"617f";
        expectProofRevert(bad, p, abi.encodeWithSelector(Records.StreamByteOutOfRange.selector, 1));
    }

    function test_proveFraud_reverts_whenEntryKeyEmpty() public {
        (Batch memory bad, SluiceRollup.FraudProof memory p) = appendedFraud();
        p.record.key = "";
        expectProofRevert(bad, p, abi.encodeWithSelector(Records.KeyLengthOutOfRange.selector, Records.OP_PUT, 0));
    }

    function test_proveFraud_reverts_whenEntryKeyTooLong() public {
        (Batch memory bad, SluiceRollup.FraudProof memory p) = appendedFraud();
        p.record.key = new bytes(257);
        expectProofRevert(bad, p, abi.encodeWithSelector(Records.KeyLengthOutOfRange.selector, Records.OP_PUT, 257));
    }

    function test_proveFraud_reverts_whenGrantKeyNotAnAddress() public {
        (Batch memory bad, SluiceRollup.FraudProof memory p) = appendedFraud();
        p.record.op = Records.OP_GRANT;
        p.record.key = new bytes(21);
        p.record.value = "";
        expectProofRevert(bad, p, abi.encodeWithSelector(Records.KeyLengthOutOfRange.selector, Records.OP_GRANT, 21));
    }

    function test_proveFraud_reverts_whenValueTooLong() public {
        (Batch memory bad, SluiceRollup.FraudProof memory p) = appendedFraud();
        p.record.value = new bytes(61_441);
        expectProofRevert(
            bad, p, abi.encodeWithSelector(Records.ValueLengthOutOfRange.selector, Records.OP_PUT, 61_441)
        );
    }

    function test_proveFraud_reverts_whenDeleteHasValue() public {
        (Batch memory bad, SluiceRollup.FraudProof memory p) = appendedFraud();
        p.record.op = Records.OP_DELETE;
        p.record.value = "x";
        expectProofRevert(bad, p, abi.encodeWithSelector(Records.ValueLengthOutOfRange.selector, Records.OP_DELETE, 1));
    }

    function test_proveFraud_reverts_whenSignatureNot65Bytes() public {
        (Batch memory bad, SluiceRollup.FraudProof memory p) = appendedFraud();
        p.signature = new bytes(64);
        expectProofRevert(bad, p, abi.encodeWithSelector(Records.SignatureLengthInvalid.selector, 64));
    }

    function test_proveFraud_reverts_whenSignatureVNotCanonical() public {
        (Batch memory bad, SluiceRollup.FraudProof memory p) = appendedFraud();
        p.signature[64] = bytes1(uint8(1));
        expectProofRevert(bad, p, abi.encodeWithSelector(Records.SignatureVInvalid.selector, 1));
    }

    // ----- commitments -------------------------------------------------------------------------

    function test_proveFraud_reverts_whenRecordIndexOutOfRange() public {
        (Batch memory bad, SluiceRollup.FraudProof memory p) = appendedFraud();
        p.recordIndex = 3;
        expectProofRevert(bad, p, abi.encodeWithSelector(SluiceRollup.RecordIndexOutOfRange.selector, 3, 3));
    }

    function test_proveFraud_reverts_whenRecordNotInBatch() public {
        (Batch memory bad, SluiceRollup.FraudProof memory p) = appendedFraud();
        p.timestamp += 1;
        expectProofRevert(bad, p, abi.encodeWithSelector(SluiceRollup.RecordNotIncluded.selector));
    }

    function test_proveFraud_reverts_whenRecordAtOtherIndex() public {
        (Batch memory bad, SluiceRollup.FraudProof memory p) = appendedFraud();
        p.recordIndex = 2;
        expectProofRevert(bad, p, abi.encodeWithSelector(SluiceRollup.RecordNotIncluded.selector));
    }

    function test_proveFraud_reverts_whenRecordProofTooShort() public {
        (Batch memory bad, SluiceRollup.FraudProof memory p) = appendedFraud();
        bytes32[] memory shorter = new bytes32[](1);
        shorter[0] = p.recordProof[0];
        p.recordProof = shorter;
        expectProofRevert(bad, p, abi.encodeWithSelector(SluiceRollup.RecordNotIncluded.selector));
    }

    function test_proveFraud_reverts_whenPreStateRootNotCommitted() public {
        (Batch memory bad, SluiceRollup.FraudProof memory p) = appendedFraud();
        p.preStateRoot = keccak256("elsewhere");
        expectProofRevert(bad, p, abi.encodeWithSelector(SluiceRollup.PreStateRootNotIncluded.selector));
    }

    function test_proveFraud_reverts_whenFirstRecordPreStateRootNotHeaders() public {
        Batch memory b = buildBatch(two(put(OWNER, STREAM, "p1", "1"), put(OWNER, STREAM, "p2", "2")));
        corrupt(b, 0, BAD_ROOT);
        append(b);
        SluiceRollup.FraudProof memory p = fraudProof(b, 0);
        p.preStateRoot = keccak256("elsewhere");
        expectProofRevert(b, p, abi.encodeWithSelector(SluiceRollup.PreStateRootNotIncluded.selector));
    }

    function test_proveFraud_reverts_whenPostStateRootNotCommitted() public {
        (Batch memory bad, SluiceRollup.FraudProof memory p) = appendedFraud();
        p.postStateRoot = keccak256("whatever the challenger likes");
        expectProofRevert(bad, p, abi.encodeWithSelector(SluiceRollup.PostStateRootNotIncluded.selector));
    }

    // ----- witness -----------------------------------------------------------------------------

    function test_proveFraud_reverts_whenWitnessTooShort() public {
        (Batch memory bad, SluiceRollup.FraudProof memory p) = appendedFraud();
        uint256 n = p.witness.length;
        StateTransition.Access[] memory shorter = new StateTransition.Access[](n - 1);
        for (uint256 i = 0; i < n - 1; ++i) {
            shorter[i] = p.witness[i];
        }
        p.witness = shorter;
        expectProofRevert(bad, p, abi.encodeWithSelector(StateTransition.WitnessTooShort.selector, n - 1));
    }

    function test_proveFraud_reverts_whenWitnessTooLong() public {
        (Batch memory bad, SluiceRollup.FraudProof memory p) = appendedFraud();
        uint256 n = p.witness.length;
        StateTransition.Access[] memory longer = new StateTransition.Access[](n + 1);
        for (uint256 i = 0; i < n; ++i) {
            longer[i] = p.witness[i];
        }
        longer[n] = p.witness[0];
        p.witness = longer;
        expectProofRevert(bad, p, abi.encodeWithSelector(StateTransition.WitnessTooLong.selector, n, n + 1));
    }

    function test_proveFraud_reverts_whenStateProofInvalid() public {
        (Batch memory bad, SluiceRollup.FraudProof memory p) = appendedFraud();
        // Access 2 is the put of the account: its proof must be against the root after access 1.
        p.witness[2].proof.siblings[0] = keccak256("tampered");
        expectProofRevert(bad, p, abi.encodeWithSelector(StateTransition.StateProofInvalid.selector, 2));
    }

    function test_proveFraud_reverts_whenPreimageMismatch() public {
        (Batch memory bad, SluiceRollup.FraudProof memory p) = appendedFraud();
        // Access 0 reads the owner's account: its preimage is the nonce.
        assertEq(p.witness[0].preimage.length, 8);
        p.witness[0].preimage = abi.encodePacked(uint64(1_000));
        expectProofRevert(bad, p, abi.encodeWithSelector(StateTransition.PreimageMismatch.selector, 0));
    }

    function test_proveFraud_reverts_whenWitnessFromOtherState() public {
        (Batch memory bad, SluiceRollup.FraudProof memory p) = appendedFraud();
        // The witness of record 0 does not fit record 1's pre-state.
        p.witness = bad.executions[0].witness;
        expectProofRevert(bad, p, abi.encodeWithSelector(StateTransition.StateProofInvalid.selector, 0));
    }

    function test_proveFraud_reverts_whenBondTransferFails() public {
        Batch memory bad = fraudulentBatch();
        append(bad);
        SluiceRollup.FraudProof memory p = fraudProof(bad, 1);
        RejectingChallenger rejecting = new RejectingChallenger();
        vm.expectRevert(SluiceRollup.BondTransferFailed.selector);
        rejecting.challenge(rollup, 1, bad.header, p);
        assertEq(rollup.batchCount(), 2);
        assertEq(rollup.bond(), MIN_BOND);
    }

    // ----- proveHeaderFault --------------------------------------------------------------------

    function test_proveHeaderFault_succeeds() public {
        Batch memory b = buildBatch(two(put(OWNER, STREAM, "p1", "1"), put(OWNER, STREAM, "p2", "2")));
        b.header.postStateRoot = BAD_ROOT;
        append(b);
        bytes32[] memory proof = merkleProof(b.roots, 1);
        vm.expectEmit(address(rollup));
        emit FraudProven(1, SluiceRollup.Fault.POST_STATE_ROOT, 1, challenger, MIN_BOND);
        vm.prank(challenger);
        rollup.proveHeaderFault(1, b.header, b.roots[1], proof);
        assertEq(rollup.batchCount(), 1);
        assertEq(rollup.bond(), 0);
    }

    function test_proveHeaderFault_reverts_whenConsistent() public {
        Batch memory b = appendHonest(two(put(OWNER, STREAM, "p1", "1"), put(OWNER, STREAM, "p2", "2")));
        bytes32[] memory proof = merkleProof(b.roots, 1);
        vm.expectRevert(abi.encodeWithSelector(SluiceRollup.NoFraud.selector, b.roots[1]));
        rollup.proveHeaderFault(1, b.header, b.roots[1], proof);
    }

    function test_proveHeaderFault_reverts_whenRootNotLast() public {
        Batch memory b = buildBatch(two(put(OWNER, STREAM, "p1", "1"), put(OWNER, STREAM, "p2", "2")));
        b.header.postStateRoot = BAD_ROOT;
        append(b);
        // Root 0 is committed, but not as the last one.
        bytes32[] memory proof = merkleProof(b.roots, 0);
        vm.expectRevert(SluiceRollup.PostStateRootNotIncluded.selector);
        rollup.proveHeaderFault(1, b.header, b.roots[0], proof);
    }

    function test_proveHeaderFault_reverts_whenWindowClosed() public {
        Batch memory b = buildBatch(one(put(OWNER, STREAM, "p1", "1")));
        b.header.postStateRoot = BAD_ROOT;
        append(b);
        uint256 deadline = block.timestamp + WINDOW;
        vm.warp(deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(SluiceRollup.ChallengeWindowClosed.selector, 1, deadline));
        rollup.proveHeaderFault(1, b.header, b.roots[0], new bytes32[](0));
    }

    // ----- verifyEntry -------------------------------------------------------------------------

    function finalizeFirstBatch() internal {
        vm.warp(block.timestamp + WINDOW);
        rollup.finalize(0);
    }

    function entryProof(bytes memory stream, bytes memory key) internal view returns (SparseMerkleTree.Proof memory) {
        return model.tree().prove(model.entryKey(keccak256(stream), key));
    }

    function test_verifyEntry_succeeds_forFinalisedEntry() public {
        finalizeFirstBatch();
        assertTrue(rollup.verifyEntry(0, STREAM, "p3", abi.encodePacked(uint256(3000)), entryProof(STREAM, "p3")));
    }

    function test_verifyEntry_returnsFalse_forWrongValue() public {
        finalizeFirstBatch();
        assertFalse(rollup.verifyEntry(0, STREAM, "p3", abi.encodePacked(uint256(3001)), entryProof(STREAM, "p3")));
    }

    function test_verifyEntry_returnsFalse_forAbsentEntry() public {
        finalizeFirstBatch();
        assertFalse(rollup.verifyEntry(0, STREAM, "nope", "", entryProof(STREAM, "nope")));
    }

    function test_verifyEntry_returnsFalse_forProofOfOtherKey() public {
        finalizeFirstBatch();
        assertFalse(rollup.verifyEntry(0, STREAM, "p3", abi.encodePacked(uint256(3000)), entryProof(STREAM, "p4")));
    }

    function test_verifyEntry_reverts_whenBatchNotFinal() public {
        SparseMerkleTree.Proof memory p = entryProof(STREAM, "p3");
        vm.expectRevert(abi.encodeWithSelector(SluiceRollup.BatchNotFinalized.selector, 0));
        rollup.verifyEntry(0, STREAM, "p3", abi.encodePacked(uint256(3000)), p);
    }

    // ----- helpers -----------------------------------------------------------------------------

    /// @notice Replaces record 0's signature with its high-s twin and re-applies it.
    function withHighS(Batch memory b) internal returns (Batch memory) {
        // Rebuild from scratch: the model already applied the valid signature.
        model = new StateModel();
        replayChain();
        SignedRecord memory r = b.records[0];
        (bytes32 rr, bytes32 s, uint8 v) = split(r.signature);
        uint256 n = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;
        r.signature = abi.encodePacked(rr, bytes32(n - uint256(s)), v == 27 ? uint8(28) : uint8(27));
        b.executions[0] = model.apply_(r.record, r.digest, address(0));
        b.roots[0] = b.executions[0].postRoot;
        b.leaves[0] = keccak256(abi.encodePacked(r.digest, r.signature, r.timestamp));
        b.header.recordsRoot = merkleRoot(b.leaves);
        b.header.rootsRoot = merkleRoot(b.roots);
        b.header.postStateRoot = b.roots[0];
        return b;
    }

    function split(bytes memory signature) internal pure returns (bytes32 r, bytes32 s, uint8 v) {
        assembly {
            r := mload(add(signature, 32))
            s := mload(add(signature, 64))
            v := byte(0, mload(add(signature, 96)))
        }
    }

    /// @notice Re-applies batch 0 (the setUp batch) to a fresh model.
    function replayChain() internal {
        for (uint256 i = 0; i < 8; ++i) {
            Records.Record memory record = Records.Record({
                nonce: uint64(i),
                op: Records.OP_PUT,
                stream: STREAM,
                key: abi.encodePacked("p", vm.toString(i)),
                value: abi.encodePacked(i * 1000)
            });
            model.apply_(record, digestOf(record), addressOf(OWNER));
        }
    }

    function buildBatchOnRollupHead() internal returns (Batch memory) {
        replayChain();
        return buildBatch(one(put(WRITER, "fresh", "k", "v")));
    }

    /// @notice A one-record batch deleting an entry whose sibling, at the moment of the delete, is
    ///         internal (`internalSibling`) or a leaf. Tries entries until one fits.
    function deleteWithSibling(bool internalSibling) internal returns (Batch memory b, bool found) {
        for (uint256 i = 0; i < 8; ++i) {
            uint256 snapshot = vm.snapshotState();
            b = buildBatch(one(del(OWNER, STREAM, abi.encodePacked("p", vm.toString(i)))));
            StateModel.Execution memory e = b.executions[0];
            StateTransition.Access memory last = e.witness[e.witness.length - 1];
            uint8 wanted = internalSibling ? SparseMerkleTree.SIBLING_INTERNAL : SparseMerkleTree.SIBLING_LEAF;
            if (last.proof.siblingKind == wanted) {
                assertEq(uint8(e.status), uint8(StateTransition.Status.APPLIED));
                assertGt(last.proof.siblings.length, 0);
                return (b, true);
            }
            vm.revertToState(snapshot);
        }
    }
}

/// @notice A challenger contract that refuses the reward.
contract RejectingChallenger {
    function challenge(
        SluiceRollup rollup,
        uint64 batchIndex,
        BatchHeader.Header calldata header,
        SluiceRollup.FraudProof calldata proof
    ) external {
        rollup.proveFraud(batchIndex, header, proof);
    }

    receive() external payable {
        revert("no thanks");
    }
}
