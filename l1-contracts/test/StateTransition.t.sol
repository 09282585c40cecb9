// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {Records} from "../src/libraries/Records.sol";
import {SparseMerkleTree} from "../src/libraries/SparseMerkleTree.sol";
import {StateLeaves} from "../src/libraries/StateLeaves.sol";
import {StateTransition} from "../src/libraries/StateTransition.sol";
import {StateTransitionHarness} from "./utils/Harnesses.sol";
import {ReferenceTree} from "./utils/ReferenceTree.sol";
import {StateModel} from "./utils/StateModel.sol";

/// @notice The witness-driven STF against the plainly written StateModel, outcome by outcome.
contract StateTransitionTest is Test {
    bytes internal constant STREAM = "iot/site-1";

    StateTransitionHarness internal stf;
    StateModel internal model;
    address internal owner = makeAddr("owner");
    address internal writer = makeAddr("writer");
    address internal stranger = makeAddr("stranger");

    function setUp() public {
        stf = new StateTransitionHarness();
        model = new StateModel();
        // Unrelated leaves, so that proofs are not trivially short.
        for (uint256 i = 0; i < 12; ++i) {
            apply_(
                makeAddr(string.concat("filler", vm.toString(i))), Records.OP_PUT, "filler", abi.encodePacked(i), "x"
            );
        }
    }

    function record(address sender, uint8 op, bytes memory stream, bytes memory key, bytes memory value)
        internal
        view
        returns (Records.Record memory)
    {
        return Records.Record({nonce: model.nonceOf(sender), op: op, stream: stream, key: key, value: value});
    }

    /// @notice Applies a record on the model and checks the library agrees on status and root.
    function apply_(address sender, uint8 op, bytes memory stream, bytes memory key, bytes memory value)
        internal
        returns (StateTransition.Status)
    {
        return applyRecord(record(sender, op, stream, key, value), sender);
    }

    function applyRecord(Records.Record memory r, address sender) internal returns (StateTransition.Status) {
        bytes32 digest = keccak256(abi.encode("digest", r.nonce, r.op, r.stream, r.key, r.value, sender));
        StateModel.Execution memory e = model.apply_(r, digest, sender);
        StateTransition.Outcome memory outcome = stf.applyRecord(e.preRoot, r, digest, sender, e.witness);
        assertEq(uint8(outcome.status), uint8(e.status), "status");
        assertEq(outcome.postRoot, e.postRoot, "post root");
        return e.status;
    }

    function assertStatus(StateTransition.Status actual, StateTransition.Status expected) internal pure {
        assertEq(uint8(actual), uint8(expected));
    }

    function createStreamWithWriter() internal {
        assertStatus(apply_(owner, Records.OP_PUT, STREAM, "temp", "21.5"), StateTransition.Status.APPLIED);
        assertStatus(
            apply_(owner, Records.OP_GRANT, STREAM, abi.encodePacked(writer), ""), StateTransition.Status.APPLIED
        );
    }

    // ----- outcomes ----------------------------------------------------------------------------

    function test_applyRecord_put_createsStream() public {
        assertStatus(apply_(owner, Records.OP_PUT, STREAM, "temp", "21.5"), StateTransition.Status.APPLIED);
        bytes memory preimage = model.preimageOf(keccak256(abi.encodePacked(uint8(2), STREAM)));
        StateLeaves.Stream memory s = stf.decodeStream(preimage);
        assertEq(s.owner, owner);
        assertEq(s.count, 1);
        assertEq(model.nonceOf(owner), 1);
    }

    function test_applyRecord_streamHeadChainsDigests() public {
        Records.Record memory first = record(owner, Records.OP_PUT, STREAM, "a", "1");
        applyRecord(first, owner);
        Records.Record memory second = record(owner, Records.OP_PUT, STREAM, "b", "2");
        applyRecord(second, owner);
        bytes32 d1 = keccak256(abi.encode("digest", first.nonce, first.op, first.stream, first.key, first.value, owner));
        bytes32 d2 =
            keccak256(abi.encode("digest", second.nonce, second.op, second.stream, second.key, second.value, owner));
        StateLeaves.Stream memory s = stf.decodeStream(model.preimageOf(keccak256(abi.encodePacked(uint8(2), STREAM))));
        assertEq(s.count, 2);
        assertEq(s.head, keccak256(abi.encodePacked(keccak256(abi.encodePacked(bytes32(0), d1)), d2)));
    }

    function test_applyRecord_put_byWriterAndEmptyValue() public {
        createStreamWithWriter();
        assertStatus(apply_(writer, Records.OP_PUT, STREAM, "empty", ""), StateTransition.Status.APPLIED);
    }

    function test_applyRecord_put_deniedToStranger() public {
        createStreamWithWriter();
        assertStatus(apply_(stranger, Records.OP_PUT, STREAM, "temp", "0"), StateTransition.Status.PERMISSION_DENIED);
        assertEq(model.nonceOf(stranger), 1, "a rejection after the nonce check consumes the nonce");
    }

    function test_applyRecord_delete_outcomes() public {
        createStreamWithWriter();
        assertStatus(apply_(owner, Records.OP_DELETE, "nowhere", "temp", ""), StateTransition.Status.STREAM_NOT_FOUND);
        assertStatus(apply_(stranger, Records.OP_DELETE, STREAM, "temp", ""), StateTransition.Status.PERMISSION_DENIED);
        assertStatus(apply_(writer, Records.OP_DELETE, STREAM, "missing", ""), StateTransition.Status.ENTRY_NOT_FOUND);
        assertStatus(apply_(writer, Records.OP_DELETE, STREAM, "temp", ""), StateTransition.Status.APPLIED);
        assertStatus(apply_(owner, Records.OP_DELETE, STREAM, "temp", ""), StateTransition.Status.ENTRY_NOT_FOUND);
    }

    function test_applyRecord_delete_ofEmptyValueEntry() public {
        // A present entry with an empty value: its presence read carries no preimage either way, so
        // presence must come from the proof, not from the preimage's length.
        assertStatus(apply_(owner, Records.OP_PUT, STREAM, "k", ""), StateTransition.Status.APPLIED);
        assertStatus(apply_(owner, Records.OP_DELETE, STREAM, "k", ""), StateTransition.Status.APPLIED);
    }

    function test_applyRecord_grant_outcomes() public {
        assertStatus(
            apply_(stranger, Records.OP_GRANT, "fresh", abi.encodePacked(owner), ""), StateTransition.Status.APPLIED
        );
        createStreamWithWriter();
        assertStatus(
            apply_(writer, Records.OP_GRANT, STREAM, abi.encodePacked(stranger), ""),
            StateTransition.Status.PERMISSION_DENIED
        );
    }

    function test_applyRecord_revoke_outcomes() public {
        assertStatus(
            apply_(owner, Records.OP_REVOKE, STREAM, abi.encodePacked(writer), ""),
            StateTransition.Status.STREAM_NOT_FOUND
        );
        createStreamWithWriter();
        assertStatus(
            apply_(writer, Records.OP_REVOKE, STREAM, abi.encodePacked(writer), ""),
            StateTransition.Status.PERMISSION_DENIED
        );
        assertStatus(
            apply_(owner, Records.OP_REVOKE, STREAM, abi.encodePacked(stranger), ""), StateTransition.Status.APPLIED
        );
        assertStatus(
            apply_(owner, Records.OP_REVOKE, STREAM, abi.encodePacked(writer), ""), StateTransition.Status.APPLIED
        );
        assertStatus(apply_(writer, Records.OP_PUT, STREAM, "temp", "x"), StateTransition.Status.PERMISSION_DENIED);
    }

    function test_applyRecord_nonceMismatch_leavesStateUntouched() public {
        bytes32 before = model.root();
        Records.Record memory r = record(owner, Records.OP_PUT, STREAM, "k", "v");
        r.nonce = 5;
        assertStatus(applyRecord(r, owner), StateTransition.Status.NONCE_MISMATCH);
        assertEq(model.root(), before);
    }

    function test_applyRecord_badSignature_leavesStateUntouched() public {
        bytes32 before = model.root();
        assertStatus(
            applyRecord(record(owner, Records.OP_PUT, STREAM, "k", "v"), address(0)),
            StateTransition.Status.BAD_SIGNATURE
        );
        assertEq(model.root(), before);
    }

    function test_applyRecord_nonceMismatch_whenNonceAtMaximum() public {
        // An account whose next nonce is 2^64-1 can sign nothing that applies.
        ReferenceTree tree = new ReferenceTree();
        bytes memory preimage = abi.encodePacked(type(uint64).max);
        bytes32 accountKey = keccak256(abi.encodePacked(uint8(1), owner));
        tree.put(accountKey, keccak256(preimage));
        StateTransition.Access[] memory witness = new StateTransition.Access[](1);
        witness[0] = StateTransition.Access(tree.prove(accountKey), preimage);
        Records.Record memory r = Records.Record(type(uint64).max, Records.OP_PUT, STREAM, "k", "v");
        StateTransition.Outcome memory o = stf.applyRecord(tree.root(), r, keccak256("d"), owner, witness);
        assertStatus(o.status, StateTransition.Status.NONCE_MISMATCH);
        assertEq(o.postRoot, tree.root());
    }

    // ----- witness errors ----------------------------------------------------------------------

    function executionOf(Records.Record memory r, address sender) internal returns (StateModel.Execution memory) {
        return model.apply_(r, keccak256("digest"), sender);
    }

    function test_applyRecord_reverts_whenWitnessEmpty() public {
        Records.Record memory r = record(owner, Records.OP_PUT, STREAM, "k", "v");
        StateModel.Execution memory e = executionOf(r, owner);
        vm.expectRevert(abi.encodeWithSelector(StateTransition.WitnessTooShort.selector, 0));
        stf.applyRecord(e.preRoot, r, keccak256("digest"), owner, new StateTransition.Access[](0));
    }

    function test_applyRecord_reverts_whenBadSignatureCarriesWitness() public {
        Records.Record memory r = record(owner, Records.OP_PUT, STREAM, "k", "v");
        StateModel.Execution memory e = executionOf(r, owner);
        vm.expectRevert(abi.encodeWithSelector(StateTransition.WitnessTooLong.selector, 0, e.witness.length));
        stf.applyRecord(e.preRoot, r, keccak256("digest"), address(0), e.witness);
    }

    function test_applyRecord_reverts_whenProofAgainstWrongRoot() public {
        Records.Record memory r = record(owner, Records.OP_PUT, STREAM, "k", "v");
        StateModel.Execution memory e = executionOf(r, owner);
        vm.expectRevert(abi.encodeWithSelector(StateTransition.StateProofInvalid.selector, 0));
        stf.applyRecord(keccak256("other root"), r, keccak256("digest"), owner, e.witness);
    }

    function test_applyRecord_reverts_whenAccessesOutOfOrder() public {
        createStreamWithWriter();
        Records.Record memory r = record(owner, Records.OP_PUT, STREAM, "k", "v");
        StateModel.Execution memory e = executionOf(r, owner);
        // Swap the two reads: the account proof does not prove the stream key.
        StateTransition.Access memory first = e.witness[0];
        e.witness[0] = e.witness[1];
        e.witness[1] = first;
        vm.expectRevert(abi.encodeWithSelector(StateTransition.StateProofInvalid.selector, 0));
        stf.applyRecord(e.preRoot, r, keccak256("digest"), owner, e.witness);
    }

    function test_applyRecord_reverts_whenPreimageMismatch() public {
        createStreamWithWriter();
        Records.Record memory r = record(owner, Records.OP_PUT, STREAM, "k", "v");
        StateModel.Execution memory e = executionOf(r, owner);
        // Access 1 reads the stream; claim another owner.
        bytes memory forged = e.witness[1].preimage;
        forged[0] = bytes1(uint8(forged[0]) ^ 0xff);
        vm.expectRevert(abi.encodeWithSelector(StateTransition.PreimageMismatch.selector, 1));
        stf.applyRecord(e.preRoot, r, keccak256("digest"), owner, e.witness);
    }

    function test_applyRecord_reverts_whenPreimageHasWrongLength() public {
        // A tree whose account leaf holds a 9-byte preimage can only come from a wrong earlier root.
        ReferenceTree tree = new ReferenceTree();
        bytes memory preimage = abi.encodePacked(uint64(3), uint8(0));
        bytes32 accountKey = keccak256(abi.encodePacked(uint8(1), owner));
        tree.put(accountKey, keccak256(preimage));
        StateTransition.Access[] memory witness = new StateTransition.Access[](1);
        witness[0] = StateTransition.Access(tree.prove(accountKey), preimage);
        Records.Record memory r = Records.Record(3, Records.OP_PUT, STREAM, "k", "v");
        bytes32 root = tree.root();
        vm.expectRevert(abi.encodeWithSelector(StateLeaves.PreimageLengthInvalid.selector, 9));
        stf.applyRecord(root, r, keccak256("d"), owner, witness);
    }

    /// @notice The execution of a DELETE by the granted writer: reads account, stream, acl (has) and
    ///         entry (has), then writes account and stream and deletes the entry.
    function writerDelete() internal returns (Records.Record memory r, StateModel.Execution memory e) {
        createStreamWithWriter();
        r = record(writer, Records.OP_DELETE, STREAM, "temp", "");
        e = executionOf(r, writer);
        assertEq(e.witness.length, 7);
        assertEq(uint8(e.status), uint8(StateTransition.Status.APPLIED));
    }

    function test_applyRecord_succeeds_whenPresenceReadsCarryNoPreimage() public {
        (Records.Record memory r, StateModel.Execution memory e) = writerDelete();
        // The acl and entry leaves are present, and their witnesses are bare proofs.
        assertEq(e.witness[2].proof.leafKey, model.aclKey(keccak256(STREAM), writer));
        assertEq(e.witness[3].proof.leafKey, model.entryKey(keccak256(STREAM), "temp"));
        assertEq(e.witness[2].preimage.length, 0);
        assertEq(e.witness[3].preimage.length, 0);
        StateTransition.Outcome memory o = stf.applyRecord(e.preRoot, r, keccak256("digest"), writer, e.witness);
        assertEq(o.postRoot, e.postRoot);
    }

    function test_applyRecord_reverts_whenPresenceReadCarriesPreimage() public {
        (Records.Record memory r, StateModel.Execution memory e) = writerDelete();
        // Even the leaf's true preimage: a presence read takes none.
        e.witness[2].preimage = hex"01";
        vm.expectRevert(abi.encodeWithSelector(StateTransition.PreimageUnexpected.selector, 2));
        stf.applyRecord(e.preRoot, r, keccak256("digest"), writer, e.witness);
    }

    function test_applyRecord_reverts_whenWriteCarriesPreimage() public {
        (Records.Record memory r, StateModel.Execution memory e) = writerDelete();
        e.witness[4].preimage = hex"00";
        vm.expectRevert(abi.encodeWithSelector(StateTransition.PreimageUnexpected.selector, 4));
        stf.applyRecord(e.preRoot, r, keccak256("digest"), writer, e.witness);
    }

    function test_applyRecord_reverts_whenReadOfAbsentLeafCarriesPreimage() public {
        Records.Record memory r = record(stranger, Records.OP_PUT, "fresh", "k", "v");
        StateModel.Execution memory e = executionOf(r, stranger);
        // The stranger has no account yet: access 0 proves it absent.
        e.witness[0].preimage = abi.encodePacked(uint64(0));
        vm.expectRevert(abi.encodeWithSelector(StateTransition.PreimageUnexpected.selector, 0));
        stf.applyRecord(e.preRoot, r, keccak256("digest"), stranger, e.witness);
    }

    function test_applyRecord_reverts_whenDeletionDoesNotOpenSibling() public {
        (Records.Record memory r, StateModel.Execution memory e) = writerDelete();
        SparseMerkleTree.Proof memory last = e.witness[6].proof;
        assertGt(last.siblings.length, 0);
        last.siblingKind = SparseMerkleTree.SIBLING_NONE;
        last.siblingFirst = bytes32(0);
        last.siblingSecond = bytes32(0);
        bytes32 entryKey = model.entryKey(keccak256(STREAM), "temp");
        vm.expectRevert(abi.encodeWithSelector(SparseMerkleTree.DeletionSiblingNotOpened.selector, entryKey));
        stf.applyRecord(e.preRoot, r, keccak256("digest"), writer, e.witness);
    }

    function test_applyRecord_reverts_whenOpUnknown() public {
        Records.Record memory r = record(owner, Records.OP_PUT, STREAM, "k", "v");
        StateModel.Execution memory e = executionOf(r, owner);
        r.op = 7;
        vm.expectRevert(abi.encodeWithSelector(Records.UnknownOp.selector, 7));
        stf.applyRecord(e.preRoot, r, keccak256("digest"), owner, e.witness);
    }

    // ----- random sequences --------------------------------------------------------------------

    function testFuzz_applyRecord_matchesModel(uint256 seed) public {
        address[3] memory senders = [owner, writer, stranger];
        bytes[2] memory streams = [bytes("s/a"), bytes("s/b")];
        for (uint256 step = 0; step < 10; ++step) {
            uint256 r = uint256(keccak256(abi.encode(seed, step)));
            address sender = senders[r % 3];
            uint8 op = uint8(1 + (r >> 8) % 4);
            bytes memory stream = streams[(r >> 16) % 2];
            bytes memory key = op <= Records.OP_DELETE
                ? abi.encodePacked(uint8((r >> 24) % 3))
                : abi.encodePacked(senders[(r >> 24) % 3]);
            bytes memory value = op == Records.OP_PUT ? abi.encodePacked(r >> 32) : bytes("");
            Records.Record memory rec = record(sender, op, stream, key, value);
            // Now and then a stale nonce or an invalid signature.
            if ((r >> 40) % 8 == 0) rec.nonce += 1;
            applyRecord(rec, (r >> 48) % 10 == 0 ? address(0) : sender);
        }
    }
}
