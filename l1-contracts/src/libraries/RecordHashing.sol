// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Records} from "./Records.sol";

/// @title RecordHashing
/// @notice The hashes that identify a record: its EIP-712 signing digest (protocol.md §1.1) and its
///         leaf in a batch's records root (§5.1).
library RecordHashing {
    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");

    bytes32 internal constant RECORD_TYPEHASH =
        keccak256("Record(uint64 nonce,uint8 op,string stream,bytes key,bytes value)");

    bytes32 internal constant NAME_HASH = keccak256("Sluice");

    bytes32 internal constant VERSION_HASH = keccak256("1");

    /// @notice The EIP-712 domain separator for the L2 `chainId` and the rollup at `verifyingContract`.
    function domainSeparator(uint256 chainId, address verifyingContract) internal pure returns (bytes32) {
        return keccak256(abi.encode(DOMAIN_TYPEHASH, NAME_HASH, VERSION_HASH, chainId, verifyingContract));
    }

    /// @notice The EIP-712 struct hash of `record`.
    function structHash(Records.Record calldata record) internal pure returns (bytes32) {
        return keccak256(
            abi.encode(
                RECORD_TYPEHASH,
                record.nonce,
                record.op,
                keccak256(record.stream),
                keccak256(record.key),
                keccak256(record.value)
            )
        );
    }

    /// @notice The digest a sender signs: keccak(0x19 ‖ 0x01 ‖ domainSeparator ‖ structHash).
    function digest(bytes32 separator, bytes32 recordStructHash) internal pure returns (bytes32 result) {
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, hex"1901")
            mstore(add(ptr, 0x02), separator)
            mstore(add(ptr, 0x22), recordStructHash)
            result := keccak256(ptr, 0x42)
        }
    }

    /// @notice A record's leaf in the records root: keccak(digest ‖ signature ‖ timestamp), 105 bytes.
    /// @param signature The 65-byte signature r ‖ s ‖ v.
    /// @param timestamp Sequencer time in milliseconds since the Unix epoch.
    function recordLeaf(bytes32 recordDigest, bytes calldata signature, uint64 timestamp)
        internal
        pure
        returns (bytes32)
    {
        return keccak256(abi.encodePacked(recordDigest, signature, timestamp));
    }
}
