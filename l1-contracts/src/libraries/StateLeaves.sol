// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title StateLeaves
/// @notice The four kinds of state leaves (protocol.md §2): their tree keys, preimages and value
///         hashes.
/// @dev Each tree key starts with a one-byte tag per leaf kind, so keys of different kinds can
///      never collide.
library StateLeaves {
    /// @notice A stream leaf's contents.
    /// @custom:field owner The stream's creator, who may grant and revoke writers.
    /// @custom:field count Number of records applied to the stream.
    /// @custom:field head  Hash chain over those records' digests: keccak(previous head ‖ digest).
    struct Stream {
        address owner;
        uint64 count;
        bytes32 head;
    }

    uint8 internal constant ACCOUNT_TAG = 0x01;
    uint8 internal constant STREAM_TAG = 0x02;
    uint8 internal constant ACL_TAG = 0x03;
    uint8 internal constant ENTRY_TAG = 0x04;

    /// @notice Length of an account preimage: the nonce as u64.
    uint256 internal constant ACCOUNT_PREIMAGE_LENGTH = 8;

    /// @notice Length of a stream preimage: owner (20) ‖ count u64 ‖ head (32).
    uint256 internal constant STREAM_PREIMAGE_LENGTH = 60;

    /// @notice Value hash of a granted acl leaf: keccak of the single byte 0x01.
    bytes32 internal constant ACL_GRANTED_VALUE_HASH = keccak256(hex"01");

    /// @notice A leaf preimage does not have its kind's length.
    error PreimageLengthInvalid(uint256 length);

    /// @notice keccak(0x01 ‖ address).
    function accountKey(address account) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(ACCOUNT_TAG, account));
    }

    /// @notice keccak(0x02 ‖ stream).
    function streamKey(bytes calldata stream) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(STREAM_TAG, stream));
    }

    /// @notice keccak(0x03 ‖ keccak(stream) ‖ writer).
    function aclKey(bytes32 streamHash, address writer) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(ACL_TAG, streamHash, writer));
    }

    /// @notice keccak(0x04 ‖ keccak(stream) ‖ key).
    function entryKey(bytes32 streamHash, bytes calldata key) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(ENTRY_TAG, streamHash, key));
    }

    /// @notice Value hash of an account with next nonce `nonce`.
    function accountValueHash(uint64 nonce) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(nonce));
    }

    /// @notice The nonce in an account preimage.
    function decodeAccount(bytes calldata preimage) internal pure returns (uint64) {
        if (preimage.length != ACCOUNT_PREIMAGE_LENGTH) revert PreimageLengthInvalid(preimage.length);
        // forge-lint: disable-next-line(unsafe-typecast) the preimage is exactly 8 bytes
        return uint64(bytes8(preimage));
    }

    /// @notice Value hash of a stream leaf.
    function streamValueHash(Stream memory stream) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(stream.owner, stream.count, stream.head));
    }

    /// @notice The fields of a stream preimage.
    function decodeStream(bytes calldata preimage) internal pure returns (Stream memory stream) {
        if (preimage.length != STREAM_PREIMAGE_LENGTH) revert PreimageLengthInvalid(preimage.length);
        stream.owner = address(bytes20(preimage[0:20]));
        stream.count = uint64(bytes8(preimage[20:28]));
        stream.head = bytes32(preimage[28:60]);
    }
}
