// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Records} from "../../src/libraries/Records.sol";
import {SparseMerkleTree} from "../../src/libraries/SparseMerkleTree.sol";
import {StateTransition} from "../../src/libraries/StateTransition.sol";
import {ReferenceTree} from "./ReferenceTree.sol";

/// @title StateModel
/// @notice A test-only Sluice state: the STF of protocol.md §2.1 written out plainly over a
///         ReferenceTree, recording the witness (§3.4) of every record it applies. It is what an
///         honest sequencer and a challenger compute off chain.
contract StateModel {
    /// @notice One applied record: its outcome and everything a fraud proof needs about its state.
    struct Execution {
        StateTransition.Status status;
        bytes32 preRoot;
        bytes32 postRoot;
        StateTransition.Access[] witness;
    }

    ReferenceTree public immutable tree = new ReferenceTree();
    mapping(bytes32 treeKey => bytes preimage) internal preimages;

    // Witness of the record being applied.
    StateTransition.Access[] internal accesses;

    function root() external view returns (bytes32) {
        return tree.root();
    }

    function preimageOf(bytes32 treeKey) external view returns (bytes memory) {
        return preimages[treeKey];
    }

    function nonceOf(address account) public view returns (uint64) {
        bytes memory preimage = preimages[accountKey(account)];
        return preimage.length == 0 ? 0 : uint64(bytes8(preimage));
    }

    /// @notice Applies `record` signed by `sender` (zero address: invalid signature) over `digest`.
    function apply_(Records.Record memory record, bytes32 digest, address sender)
        external
        returns (Execution memory execution)
    {
        delete accesses;
        execution.preRoot = tree.root();
        execution.status = transition(record, digest, sender);
        execution.postRoot = tree.root();
        execution.witness = accesses;
    }

    function transition(Records.Record memory record, bytes32 digest, address sender)
        internal
        returns (StateTransition.Status)
    {
        if (sender == address(0)) return StateTransition.Status.BAD_SIGNATURE;

        bytes memory account = get(accountKey(sender));
        uint64 n = account.length == 0 ? 0 : uint64(bytes8(account));
        if (record.nonce != n || n == type(uint64).max) return StateTransition.Status.NONCE_MISMATCH;

        bytes32 sk = keccak256(abi.encodePacked(uint8(2), record.stream));
        bytes32 streamHash = keccak256(record.stream);
        bytes memory stream = get(sk);
        bool exists = stream.length != 0;
        address owner = exists ? address(bytes20(slice(stream, 0, 20))) : address(0);

        StateTransition.Status status = StateTransition.Status.APPLIED;
        if (record.op == Records.OP_PUT) {
            if (exists && owner != sender && !has(aclKey(streamHash, sender))) {
                status = StateTransition.Status.PERMISSION_DENIED;
            }
        } else if (record.op == Records.OP_DELETE) {
            if (!exists) {
                status = StateTransition.Status.STREAM_NOT_FOUND;
            } else if (owner != sender && !has(aclKey(streamHash, sender))) {
                status = StateTransition.Status.PERMISSION_DENIED;
            } else if (!has(entryKey(streamHash, record.key))) {
                status = StateTransition.Status.ENTRY_NOT_FOUND;
            }
        } else if (record.op == Records.OP_GRANT) {
            if (exists && owner != sender) status = StateTransition.Status.PERMISSION_DENIED;
        } else {
            if (!exists) status = StateTransition.Status.STREAM_NOT_FOUND;
            else if (owner != sender) status = StateTransition.Status.PERMISSION_DENIED;
        }

        put(accountKey(sender), abi.encodePacked(n + 1));
        if (status != StateTransition.Status.APPLIED) return status;

        put(sk, nextStream(stream, sender, digest));

        if (record.op == Records.OP_PUT) {
            put(entryKey(streamHash, record.key), record.value);
        } else if (record.op == Records.OP_DELETE) {
            remove(entryKey(streamHash, record.key));
        } else if (record.op == Records.OP_GRANT) {
            put(aclKey(streamHash, address(bytes20(record.key))), hex"01");
        } else {
            remove(aclKey(streamHash, address(bytes20(record.key))));
        }
        return status;
    }

    /// @notice The stream preimage after one more applied record.
    function nextStream(bytes memory stream, address sender, bytes32 digest) internal pure returns (bytes memory) {
        if (stream.length == 0) {
            return abi.encodePacked(sender, uint64(1), keccak256(abi.encodePacked(bytes32(0), digest)));
        }
        uint64 count = uint64(bytes8(slice(stream, 20, 8)));
        bytes32 head = bytes32(slice(stream, 28, 32));
        return abi.encodePacked(slice(stream, 0, 20), count + 1, keccak256(abi.encodePacked(head, digest)));
    }

    // ----- state accesses, each recording its proof --------------------------------------------

    /// @notice `get` (account and stream reads): the preimage, empty when absent; the witness carries
    ///         it when present.
    function get(bytes32 key) internal returns (bytes memory preimage) {
        SparseMerkleTree.Proof memory p = tree.prove(key);
        if (tree.contains(key)) preimage = preimages[key];
        recordAccess(p, preimage);
    }

    /// @notice `has` (acl and entry reads): presence only, so the witness carries no preimage. (An
    ///         entry may be present with an empty value: presence is not a preimage's length.)
    function has(bytes32 key) internal returns (bool) {
        recordAccess(tree.prove(key), "");
        return tree.contains(key);
    }

    function put(bytes32 key, bytes memory preimage) internal {
        recordAccess(tree.prove(key), "");
        tree.put(key, keccak256(preimage));
        preimages[key] = preimage;
    }

    function remove(bytes32 key) internal {
        recordAccess(tree.prove(key), "");
        tree.remove(key);
        delete preimages[key];
    }

    function recordAccess(SparseMerkleTree.Proof memory p, bytes memory preimage) internal {
        StateTransition.Access storage access = accesses.push();
        access.proof = p;
        access.preimage = preimage;
    }

    // ----- §2 tree keys, written out independently of StateLeaves -------------------------------

    function accountKey(address account) public pure returns (bytes32) {
        return keccak256(abi.encodePacked(uint8(1), account));
    }

    function aclKey(bytes32 streamHash, address writer) public pure returns (bytes32) {
        return keccak256(abi.encodePacked(uint8(3), streamHash, writer));
    }

    function entryKey(bytes32 streamHash, bytes memory key) public pure returns (bytes32) {
        return keccak256(abi.encodePacked(uint8(4), streamHash, key));
    }

    function slice(bytes memory data, uint256 start, uint256 length) internal pure returns (bytes memory out) {
        out = new bytes(length);
        for (uint256 i = 0; i < length; ++i) {
            out[i] = data[start + i];
        }
    }
}
