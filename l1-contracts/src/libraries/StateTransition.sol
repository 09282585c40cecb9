// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Records} from "./Records.sol";
import {SparseMerkleTree} from "./SparseMerkleTree.sol";
import {StateLeaves} from "./StateLeaves.sol";

/// @title StateTransition
/// @notice The state transition function of protocol.md §2.1, run against a state witness (§3.4)
///         instead of the full state.
/// @dev Every `get`, `has`, `put` and `delete` of the STF is one state access and consumes the next
///      proof of the witness, checked against the root current at that access. The witness must
///      hold exactly one proof per access: a missing, surplus or wrong proof reverts, because no
///      outcome can be vouched for without it.
///
///      Only a `get` of a present leaf (an account or a stream, whose value the STF reads) carries
///      the leaf's preimage; every other access carries an empty one, and a non-empty one reverts.
///      `has` (the acl and entry reads) tests presence only, so a DELETE does not drag the entry's
///      value, up to 60 KiB, into the witness.
library StateTransition {
    /// @notice Outcome codes (protocol.md §2.1); the numeric values are the protocol's.
    enum Status {
        APPLIED,
        BAD_SIGNATURE,
        NONCE_MISMATCH,
        PERMISSION_DENIED,
        STREAM_NOT_FOUND,
        ENTRY_NOT_FOUND
    }

    /// @notice The witness of one state access.
    /// @custom:field proof    Proof for the accessed tree key against the current root.
    /// @custom:field preimage For a `get` of a present leaf, the leaf's preimage; otherwise empty.
    struct Access {
        SparseMerkleTree.Proof proof;
        bytes preimage;
    }

    /// @notice Result of applying one record.
    /// @custom:field status   The record's outcome.
    /// @custom:field postRoot The state root after the record.
    struct Outcome {
        Status status;
        bytes32 postRoot;
    }

    /// @notice One execution: its inputs and its progress through the witness. Kept in memory to
    ///         keep the stack shallow.
    struct Cursor {
        bytes32 root;
        uint256 next;
        address sender;
        bytes32 digest;
    }

    /// @notice The witness ran out before state access `accessIndex`.
    error WitnessTooShort(uint256 accessIndex);

    /// @notice The record made `used` state accesses but the witness holds `given` proofs.
    error WitnessTooLong(uint256 used, uint256 given);

    /// @notice The proof of state access `accessIndex` does not verify against the current root.
    error StateProofInvalid(uint256 accessIndex);

    /// @notice The preimage given for state access `accessIndex` does not hash to the leaf's value hash.
    error PreimageMismatch(uint256 accessIndex);

    /// @notice State access `accessIndex` carries a preimage, but it reads no value.
    error PreimageUnexpected(uint256 accessIndex);

    /// @notice Applies `record`, signed by `sender` over `digest`, to the state with root `preRoot`.
    /// @dev `record` must have passed Records.validate.
    /// @param sender The recovered sender; the zero address when the signature is not valid.
    function applyRecord(
        bytes32 preRoot,
        Records.Record calldata record,
        bytes32 digest,
        address sender,
        Access[] calldata witness
    ) internal pure returns (Outcome memory) {
        Cursor memory cursor = Cursor({root: preRoot, next: 0, sender: sender, digest: digest});
        if (sender == address(0)) return finish(cursor, witness, Status.BAD_SIGNATURE);

        bytes32 accountKey = StateLeaves.accountKey(sender);
        uint64 nonce = readNonce(cursor, witness, accountKey);
        // A nonce of 2^64-1 can never be consumed: its successor would not fit the leaf.
        if (record.nonce != nonce || nonce == type(uint64).max) {
            return finish(cursor, witness, Status.NONCE_MISMATCH);
        }

        Status status = applyOp(cursor, witness, record, accountKey, nonce);
        return finish(cursor, witness, status);
    }

    /// @notice The part of the transition after the nonce check: permission checks, the nonce
    ///         increment, and, when permitted, the stream update and the op's write.
    function applyOp(
        Cursor memory cursor,
        Access[] calldata witness,
        Records.Record calldata record,
        bytes32 accountKey,
        uint64 nonce
    ) private pure returns (Status status) {
        bytes32 streamHash = keccak256(record.stream);
        bytes32 streamKey = StateLeaves.streamKey(record.stream);
        (bool hasStream, StateLeaves.Stream memory stream) = readStream(cursor, witness, streamKey);

        status = authorize(cursor, witness, record, streamHash, hasStream, stream.owner);

        // Every rejection from here on consumes the nonce.
        put(cursor, witness, accountKey, StateLeaves.accountValueHash(nonce + 1));
        if (status != Status.APPLIED) return status;

        if (!hasStream) stream.owner = cursor.sender;
        // count cannot realistically reach 2^64; wrapping keeps the function total.
        unchecked {
            stream.count += 1;
        }
        stream.head = keccak256(abi.encodePacked(stream.head, cursor.digest));
        put(cursor, witness, streamKey, StateLeaves.streamValueHash(stream));

        write(cursor, witness, record, streamHash);
    }

    /// @notice Reads the sender's account leaf: its next nonce, 0 when absent.
    function readNonce(Cursor memory cursor, Access[] calldata witness, bytes32 accountKey)
        private
        pure
        returns (uint64)
    {
        (bool present, bytes calldata preimage) = get(cursor, witness, accountKey);
        return present ? StateLeaves.decodeAccount(preimage) : 0;
    }

    /// @notice Reads the record's stream leaf.
    function readStream(Cursor memory cursor, Access[] calldata witness, bytes32 streamKey)
        private
        pure
        returns (bool present, StateLeaves.Stream memory stream)
    {
        bytes calldata preimage;
        (present, preimage) = get(cursor, witness, streamKey);
        if (present) stream = StateLeaves.decodeStream(preimage);
    }

    /// @notice The op's permission and existence checks, with the reads they need, in the
    ///         protocol's order (short-circuiting included).
    function authorize(
        Cursor memory cursor,
        Access[] calldata witness,
        Records.Record calldata record,
        bytes32 streamHash,
        bool hasStream,
        address owner
    ) private pure returns (Status) {
        uint8 op = record.op;
        address sender = cursor.sender;
        if (op == Records.OP_PUT) {
            if (hasStream && owner != sender && !has(cursor, witness, StateLeaves.aclKey(streamHash, sender))) {
                return Status.PERMISSION_DENIED;
            }
        } else if (op == Records.OP_DELETE) {
            if (!hasStream) return Status.STREAM_NOT_FOUND;
            if (owner != sender && !has(cursor, witness, StateLeaves.aclKey(streamHash, sender))) {
                return Status.PERMISSION_DENIED;
            }
            if (!has(cursor, witness, StateLeaves.entryKey(streamHash, record.key))) {
                return Status.ENTRY_NOT_FOUND;
            }
        } else if (op == Records.OP_GRANT) {
            if (hasStream && owner != sender) return Status.PERMISSION_DENIED;
        } else if (op == Records.OP_REVOKE) {
            if (!hasStream) return Status.STREAM_NOT_FOUND;
            if (owner != sender) return Status.PERMISSION_DENIED;
        } else {
            revert Records.UnknownOp(op);
        }
        return Status.APPLIED;
    }

    /// @notice The op's own write, after the account and stream leaves are updated.
    function write(Cursor memory cursor, Access[] calldata witness, Records.Record calldata record, bytes32 streamHash)
        private
        pure
    {
        uint8 op = record.op;
        if (op == Records.OP_PUT) {
            put(cursor, witness, StateLeaves.entryKey(streamHash, record.key), keccak256(record.value));
        } else if (op == Records.OP_DELETE) {
            remove(cursor, witness, StateLeaves.entryKey(streamHash, record.key));
        } else if (op == Records.OP_GRANT) {
            put(cursor, witness, writerAclKey(streamHash, record.key), StateLeaves.ACL_GRANTED_VALUE_HASH);
        } else {
            // Deleting an absent acl leaf leaves the root as it is: revoking a writer never granted
            // is a no-op, as the protocol wants.
            remove(cursor, witness, writerAclKey(streamHash, record.key));
        }
    }

    /// @notice The acl key of the writer named by a GRANT or REVOKE key (20 bytes, validated).
    function writerAclKey(bytes32 streamHash, bytes calldata key) private pure returns (bytes32) {
        // forge-lint: disable-next-line(unsafe-typecast) Records.validate holds the key to 20 bytes
        return StateLeaves.aclKey(streamHash, address(bytes20(key)));
    }

    /// @notice State access `get`: whether `key` is present and, if so, its checked preimage.
    function get(Cursor memory cursor, Access[] calldata witness, bytes32 key)
        private
        pure
        returns (bool present, bytes calldata preimage)
    {
        uint256 index = cursor.next;
        Access calldata access = next(cursor, witness, key);
        preimage = access.preimage;
        if (!SparseMerkleTree.isMember(key, access.proof)) {
            if (preimage.length != 0) revert PreimageUnexpected(index);
            return (false, preimage);
        }
        if (keccak256(preimage) != access.proof.leafValueHash) revert PreimageMismatch(index);
        return (true, preimage);
    }

    /// @notice State access `has`: whether `key` is present. Its witness carries no preimage.
    function has(Cursor memory cursor, Access[] calldata witness, bytes32 key) private pure returns (bool) {
        Access calldata access = nextWithoutPreimage(cursor, witness, key);
        return SparseMerkleTree.isMember(key, access.proof);
    }

    /// @notice State access `put`.
    function put(Cursor memory cursor, Access[] calldata witness, bytes32 key, bytes32 valueHash) private pure {
        Access calldata access = nextWithoutPreimage(cursor, witness, key);
        cursor.root = SparseMerkleTree.rootAfterPut(key, valueHash, access.proof);
    }

    /// @notice State access `delete`. Reverts (SparseMerkleTree.DeletionSiblingNotOpened) when a
    ///         present key's proof does not show what its sibling is.
    function remove(Cursor memory cursor, Access[] calldata witness, bytes32 key) private pure {
        Access calldata access = nextWithoutPreimage(cursor, witness, key);
        cursor.root = SparseMerkleTree.rootAfterDelete(cursor.root, key, access.proof);
    }

    /// @notice `next`, for an access that reads no value and so must carry no preimage.
    function nextWithoutPreimage(Cursor memory cursor, Access[] calldata witness, bytes32 key)
        private
        pure
        returns (Access calldata access)
    {
        uint256 index = cursor.next;
        access = next(cursor, witness, key);
        if (access.preimage.length != 0) revert PreimageUnexpected(index);
    }

    /// @notice Takes the next access's witness and checks its proof for `key` against the current root.
    function next(Cursor memory cursor, Access[] calldata witness, bytes32 key)
        private
        pure
        returns (Access calldata access)
    {
        uint256 index = cursor.next;
        if (index >= witness.length) revert WitnessTooShort(index);
        access = witness[index];
        if (!SparseMerkleTree.verify(cursor.root, key, access.proof)) revert StateProofInvalid(index);
        cursor.next = index + 1;
    }

    /// @notice Ends an execution, insisting that the witness held nothing beyond the accesses made.
    function finish(Cursor memory cursor, Access[] calldata witness, Status status)
        private
        pure
        returns (Outcome memory)
    {
        if (cursor.next != witness.length) revert WitnessTooLong(cursor.next, witness.length);
        return Outcome({status: status, postRoot: cursor.root});
    }
}
