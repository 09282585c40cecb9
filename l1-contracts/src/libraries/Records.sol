// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title Records
/// @notice The fields of a signed record (protocol.md §1) and the checks a canonical decoder (§1.2)
///         applies to them.
/// @dev The rollup receives records as ABI fields, not as their canonical encoding, so the
///      decoder's range checks are repeated here: a record no decoder accepts cannot be part of valid
///      batch data, and no verdict about it may be drawn.
library Records {
    /// @notice One record as signed by its sender.
    /// @custom:field nonce  The sender's next nonce.
    /// @custom:field op     OP_PUT, OP_DELETE, OP_GRANT or OP_REVOKE.
    /// @custom:field stream Stream name, 1–64 bytes of 0x21–0x7E.
    /// @custom:field key    PUT/DELETE: entry key, 1–256 bytes. GRANT/REVOKE: the writer's 20-byte address.
    /// @custom:field value  PUT: 0–61,440 bytes. Otherwise empty.
    struct Record {
        uint64 nonce;
        uint8 op;
        bytes stream;
        bytes key;
        bytes value;
    }

    uint8 internal constant OP_PUT = 1;
    uint8 internal constant OP_DELETE = 2;
    uint8 internal constant OP_GRANT = 3;
    uint8 internal constant OP_REVOKE = 4;

    uint256 internal constant MAX_STREAM_LENGTH = 64;
    uint256 internal constant MAX_ENTRY_KEY_LENGTH = 256;
    uint256 internal constant MAX_VALUE_LENGTH = 61_440;
    uint256 internal constant SIGNATURE_LENGTH = 65;

    /// @notice The op is none of PUT, DELETE, GRANT, REVOKE.
    error UnknownOp(uint8 op);

    /// @notice The stream name is empty or longer than 64 bytes.
    error StreamLengthOutOfRange(uint256 length);

    /// @notice The stream name holds a byte outside 0x21–0x7E.
    error StreamByteOutOfRange(uint256 position);

    /// @notice The key length does not fit the op.
    error KeyLengthOutOfRange(uint8 op, uint256 length);

    /// @notice The value length does not fit the op.
    error ValueLengthOutOfRange(uint8 op, uint256 length);

    /// @notice The signature is not 65 bytes.
    error SignatureLengthInvalid(uint256 length);

    /// @notice The signature's `v` is neither 27 nor 28.
    error SignatureVInvalid(uint8 v);

    /// @notice Reverts, naming the field, unless a §1.2 decoder would accept `record` signed with
    ///         `signature`.
    /// @dev `r` and `s` ranges are signature validity (§1.1), not encoding: they are left to the
    ///      state transition, which turns them into BAD_SIGNATURE.
    function validate(Record calldata record, bytes calldata signature) internal pure {
        uint8 op = record.op;
        if (op < OP_PUT || op > OP_REVOKE) revert UnknownOp(op);

        bytes calldata stream = record.stream;
        if (stream.length == 0 || stream.length > MAX_STREAM_LENGTH) revert StreamLengthOutOfRange(stream.length);
        for (uint256 i = 0; i < stream.length; ++i) {
            bytes1 b = stream[i];
            if (b < 0x21 || b > 0x7e) revert StreamByteOutOfRange(i);
        }

        uint256 keyLength = record.key.length;
        uint256 valueLength = record.value.length;
        if (op == OP_PUT || op == OP_DELETE) {
            if (keyLength == 0 || keyLength > MAX_ENTRY_KEY_LENGTH) revert KeyLengthOutOfRange(op, keyLength);
        } else if (keyLength != 20) {
            revert KeyLengthOutOfRange(op, keyLength);
        }
        if (op == OP_PUT) {
            if (valueLength > MAX_VALUE_LENGTH) revert ValueLengthOutOfRange(op, valueLength);
        } else if (valueLength != 0) {
            revert ValueLengthOutOfRange(op, valueLength);
        }

        if (signature.length != SIGNATURE_LENGTH) revert SignatureLengthInvalid(signature.length);
        uint8 v = uint8(signature[64]);
        if (v != 27 && v != 28) revert SignatureVInvalid(v);
    }
}
