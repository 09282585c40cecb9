// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title BatchHeader
/// @notice The header a batch commits to on L1 and its hash (protocol.md §5.2).
library BatchHeader {
    /// @notice Header of one batch.
    /// @custom:field index          Position in the batch chain, from 0.
    /// @custom:field prevHeaderHash Hash of the previous batch's header; zero for index 0.
    /// @custom:field firstSequence  Sequence number of the batch's first record.
    /// @custom:field recordCount    Number of records, 1 to 65,536.
    /// @custom:field dataHash       keccak of the calldata, or of the blobs' concatenated versioned hashes.
    /// @custom:field recordsRoot    Binary Merkle root over the record leaves (§5.1).
    /// @custom:field rootsRoot      Binary Merkle root over the per-record post-state roots (§5.1).
    /// @custom:field preStateRoot   The previous batch's postStateRoot; the empty root for index 0.
    /// @custom:field postStateRoot  The state root after the batch's last record.
    struct Header {
        uint64 index;
        bytes32 prevHeaderHash;
        uint64 firstSequence;
        uint32 recordCount;
        bytes32 dataHash;
        bytes32 recordsRoot;
        bytes32 rootsRoot;
        bytes32 preStateRoot;
        bytes32 postStateRoot;
    }

    /// @notice Largest number of records in one batch.
    uint256 internal constant MAX_RECORD_COUNT = 65_536;

    /// @notice keccak(abi.encode(...)) of the nine fields in order: every field is a static type,
    ///         so the struct encodes as exactly nine 32-byte words.
    function hash(Header memory header) internal pure returns (bytes32) {
        return keccak256(abi.encode(header));
    }
}
