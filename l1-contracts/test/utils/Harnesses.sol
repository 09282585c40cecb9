// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {BatchHeader} from "../../src/libraries/BatchHeader.sol";
import {BinaryMerkle} from "../../src/libraries/BinaryMerkle.sol";
import {RecordHashing} from "../../src/libraries/RecordHashing.sol";
import {Records} from "../../src/libraries/Records.sol";
import {SignatureRecovery} from "../../src/libraries/SignatureRecovery.sol";
import {SparseMerkleTree} from "../../src/libraries/SparseMerkleTree.sol";
import {StateLeaves} from "../../src/libraries/StateLeaves.sol";
import {StateTransition} from "../../src/libraries/StateTransition.sol";

/// @notice External entry points to the libraries, so tests can hand them calldata as the rollup does.
contract SparseMerkleTreeHarness {
    function verify(bytes32 root, bytes32 key, SparseMerkleTree.Proof calldata proof) external pure returns (bool) {
        return SparseMerkleTree.verify(root, key, proof);
    }

    function rootAfterPut(bytes32 key, bytes32 valueHash, SparseMerkleTree.Proof calldata proof)
        external
        pure
        returns (bytes32)
    {
        return SparseMerkleTree.rootAfterPut(key, valueHash, proof);
    }

    function rootAfterDelete(bytes32 root, bytes32 key, SparseMerkleTree.Proof calldata proof)
        external
        pure
        returns (bytes32)
    {
        return SparseMerkleTree.rootAfterDelete(root, key, proof);
    }

    function firstDifferingBit(bytes32 a, bytes32 b) external pure returns (uint256) {
        return SparseMerkleTree.firstDifferingBit(a, b);
    }
}

contract BinaryMerkleHarness {
    function verify(bytes32 root, bytes32 leaf, uint256 index, uint256 leafCount, bytes32[] calldata proof)
        external
        pure
        returns (bool)
    {
        return BinaryMerkle.verify(root, leaf, index, leafCount, proof);
    }

    function computeRoot(bytes32[] memory leaves) external pure returns (bytes32) {
        return BinaryMerkle.computeRoot(leaves);
    }

    function depth(uint256 leafCount) external pure returns (uint256) {
        return BinaryMerkle.depth(leafCount);
    }
}

contract RecordsHarness {
    function validate(Records.Record calldata record, bytes calldata signature) external pure {
        Records.validate(record, signature);
    }

    function domainSeparator(uint256 chainId, address verifyingContract) external pure returns (bytes32) {
        return RecordHashing.domainSeparator(chainId, verifyingContract);
    }

    function structHash(Records.Record calldata record) external pure returns (bytes32) {
        return RecordHashing.structHash(record);
    }

    function digest(bytes32 separator, Records.Record calldata record) external pure returns (bytes32) {
        return RecordHashing.digest(separator, RecordHashing.structHash(record));
    }

    function recordLeaf(bytes32 recordDigest, bytes calldata signature, uint64 timestamp)
        external
        pure
        returns (bytes32)
    {
        return RecordHashing.recordLeaf(recordDigest, signature, timestamp);
    }

    function recover(bytes32 recordDigest, bytes calldata signature) external pure returns (address) {
        return SignatureRecovery.recover(recordDigest, signature);
    }

    function headerHash(BatchHeader.Header calldata header) external pure returns (bytes32) {
        return BatchHeader.hash(header);
    }
}

contract StateTransitionHarness {
    function applyRecord(
        bytes32 preRoot,
        Records.Record calldata record,
        bytes32 digest,
        address sender,
        StateTransition.Access[] calldata witness
    ) external pure returns (StateTransition.Outcome memory) {
        return StateTransition.applyRecord(preRoot, record, digest, sender, witness);
    }

    function decodeStream(bytes calldata preimage) external pure returns (StateLeaves.Stream memory) {
        return StateLeaves.decodeStream(preimage);
    }

    function decodeAccount(bytes calldata preimage) external pure returns (uint64) {
        return StateLeaves.decodeAccount(preimage);
    }

    /// @notice Every tree key a record can touch (protocol.md §2), in no particular order.
    function candidateKeys(Records.Record calldata record, address sender)
        external
        pure
        returns (bytes32[] memory keys)
    {
        bytes32 streamHash = keccak256(record.stream);
        keys = new bytes32[](5);
        keys[0] = StateLeaves.accountKey(sender);
        keys[1] = StateLeaves.streamKey(record.stream);
        keys[2] = StateLeaves.aclKey(streamHash, sender);
        keys[3] = StateLeaves.entryKey(streamHash, record.key);
        if (record.key.length == 20) keys[4] = StateLeaves.aclKey(streamHash, address(bytes20(record.key)));
    }
}
