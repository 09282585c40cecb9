// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Test, console} from "forge-std/Test.sol";
import {SluiceRollup} from "../src/SluiceRollup.sol";
import {BatchHeader} from "../src/libraries/BatchHeader.sol";
import {Records} from "../src/libraries/Records.sol";
import {SparseMerkleTree} from "../src/libraries/SparseMerkleTree.sol";
import {StateTransition} from "../src/libraries/StateTransition.sol";
import {
    BinaryMerkleHarness,
    RecordsHarness,
    SparseMerkleTreeHarness,
    StateTransitionHarness
} from "./utils/Harnesses.sol";

/// @notice Checks the Solidity implementation against every case of the shared vectors that the
///         Java implementation generates (test-vectors/README.md). A test is skipped only when its
///         vector file does not exist.
contract ConformanceTest is Test {
    string internal constant VECTORS = "../test-vectors/";

    SparseMerkleTreeHarness internal smt;
    BinaryMerkleHarness internal merkle;
    RecordsHarness internal records;
    StateTransitionHarness internal stf;

    function setUp() public {
        smt = new SparseMerkleTreeHarness();
        merkle = new BinaryMerkleHarness();
        records = new RecordsHarness();
        stf = new StateTransitionHarness();
    }

    // ----- reading vectors -------------------------------------------------------------------

    /// @notice The file's JSON and number of cases; skips the test when the file is absent.
    function load(string memory file) internal returns (string memory json, uint256 count) {
        string memory path = string.concat(VECTORS, file);
        if (!vm.exists(path)) {
            console.log("vector file absent, skipping:", path);
            vm.skip(true);
        }
        json = vm.readFile(path);
        while (vm.keyExistsJson(json, string.concat(".cases[", vm.toString(count), "]"))) {
            ++count;
        }
        assertGt(count, 0, string.concat(file, ": no cases"));
    }

    function at(uint256 i, string memory field) internal pure returns (string memory) {
        return string.concat(".cases[", vm.toString(i), "].", field);
    }

    function caseName(string memory json, uint256 i) internal pure returns (string memory) {
        return string.concat(vm.parseJsonString(json, at(i, "name")), ": ");
    }

    function readRecord(string memory json, uint256 i) internal pure returns (Records.Record memory record) {
        record.nonce = uint64(vm.parseJsonUint(json, at(i, "nonce")));
        record.op = uint8(vm.parseJsonUint(json, at(i, "op")));
        record.stream = vm.parseJsonBytes(json, at(i, "stream"));
        record.key = vm.parseJsonBytes(json, at(i, "key"));
        record.value = vm.parseJsonBytes(json, at(i, "value"));
    }

    function readProof(string memory json, string memory path)
        internal
        pure
        returns (SparseMerkleTree.Proof memory proof)
    {
        proof.siblings = vm.parseJsonBytes32Array(json, string.concat(path, ".siblings"));
        proof.terminal = uint8(vm.parseJsonUint(json, string.concat(path, ".terminal")));
        proof.leafKey = vm.parseJsonBytes32(json, string.concat(path, ".leafKey"));
        proof.leafValueHash = vm.parseJsonBytes32(json, string.concat(path, ".leafValueHash"));
        proof.siblingKind = uint8(vm.parseJsonUint(json, string.concat(path, ".siblingKind")));
        proof.siblingFirst = vm.parseJsonBytes32(json, string.concat(path, ".siblingFirst"));
        proof.siblingSecond = vm.parseJsonBytes32(json, string.concat(path, ".siblingSecond"));
    }

    /// @notice The domain separator of the file's `domain`, after checking it against its own fields.
    function readDomain(string memory json) internal view returns (bytes32 separator) {
        uint256 chainId = vm.parseJsonUint(json, ".domain.chainId");
        address verifyingContract = vm.parseJsonAddress(json, ".domain.verifyingContract");
        separator = vm.parseJsonBytes32(json, ".domain.separator");
        assertEq(records.domainSeparator(chainId, verifyingContract), separator, "domain separator");
    }

    /// @notice The canonical encoding of protocol.md §1.2, written out for the comparison.
    function encode(Records.Record memory record, bytes memory signature) internal pure returns (bytes memory) {
        return abi.encodePacked(
            record.nonce,
            record.op,
            uint8(record.stream.length),
            record.stream,
            uint16(record.key.length),
            record.key,
            uint16(record.value.length),
            record.value,
            signature
        );
    }

    // ----- eip712/records.json -------------------------------------------------------------------

    function test_vectors_eip712Records() public {
        (string memory json, uint256 count) = load("eip712/records.json");
        bytes32 separator = readDomain(json);
        for (uint256 i = 0; i < count; ++i) {
            string memory name = caseName(json, i);
            Records.Record memory record = readRecord(json, i);
            bytes memory signature = vm.parseJsonBytes(json, at(i, "signature"));

            // Every vector record is a decodable one, whatever its signature's validity.
            records.validate(record, signature);

            assertEq(
                records.structHash(record),
                vm.parseJsonBytes32(json, at(i, "structHash")),
                string.concat(name, "structHash")
            );
            bytes32 digest = records.digest(separator, record);
            assertEq(digest, vm.parseJsonBytes32(json, at(i, "digest")), string.concat(name, "digest"));

            address sender = records.recover(digest, signature);
            assertEq(sender, vm.parseJsonAddress(json, at(i, "sender")), string.concat(name, "sender"));
            assertEq(sender != address(0), vm.parseJsonBool(json, at(i, "valid")), string.concat(name, "valid"));

            bytes memory encoded = vm.parseJsonBytes(json, at(i, "encoded"));
            assertEq(encode(record, signature), encoded, string.concat(name, "encoded"));
            assertEq(
                keccak256(encoded), vm.parseJsonBytes32(json, at(i, "recordHash")), string.concat(name, "recordHash")
            );
        }
        console.log("eip712/records.json cases checked:", count);
    }

    // ----- smt/proofs.json -----------------------------------------------------------------------

    function test_vectors_smtProofs() public {
        (string memory json, uint256 count) = load("smt/proofs.json");
        uint256 unopenedDeletions;
        for (uint256 i = 0; i < count; ++i) {
            string memory name = caseName(json, i);
            bytes32 root = vm.parseJsonBytes32(json, at(i, "root"));
            bytes32 key = vm.parseJsonBytes32(json, at(i, "key"));
            SparseMerkleTree.Proof memory proof = readProof(json, at(i, "proof"));

            assertTrue(smt.verify(root, key, proof), string.concat(name, "proof verifies"));
            bool present = vm.parseJsonBool(json, at(i, "present"));
            assertEq(proof.terminal == 1 && proof.leafKey == key, present, string.concat(name, "present"));
            if (present) {
                assertEq(
                    proof.leafValueHash, vm.parseJsonBytes32(json, at(i, "valueHash")), string.concat(name, "valueHash")
                );
            }

            bytes32 newRoot = vm.parseJsonBytes32(json, at(i, "newRoot"));
            string memory operation = vm.parseJsonString(json, at(i, "operation"));
            if (keccak256(bytes(operation)) == keccak256("put")) {
                bytes32 newValueHash = vm.parseJsonBytes32(json, at(i, "newValueHash"));
                assertEq(smt.rootAfterPut(key, newValueHash, proof), newRoot, string.concat(name, "newRoot after put"));
            } else {
                assertEq(keccak256(bytes(operation)), keccak256("delete"), string.concat(name, "operation"));
                assertEq(smt.rootAfterDelete(root, key, proof), newRoot, string.concat(name, "newRoot after delete"));
                if (present && proof.siblings.length > 0) {
                    assertTrue(proof.siblingKind != 0, string.concat(name, "deletion proof opens its sibling"));
                    proof.siblingKind = 0;
                    proof.siblingFirst = bytes32(0);
                    proof.siblingSecond = bytes32(0);
                    vm.expectRevert(abi.encodeWithSelector(SparseMerkleTree.DeletionSiblingNotOpened.selector, key));
                    smt.rootAfterDelete(root, key, proof);
                    ++unopenedDeletions;
                }
            }
        }
        console.log("smt/proofs.json cases checked:", count);
        console.log("  deletions refused once their opening is stripped:", unopenedDeletions);
    }

    // ----- stf/transitions.json ------------------------------------------------------------------

    function test_vectors_stfTransitions() public {
        (string memory json, uint256 count) = load("stf/transitions.json");
        bytes32 separator = readDomain(json);
        for (uint256 i = 0; i < count; ++i) {
            checkTransition(json, i, separator);
        }
        console.log("stf/transitions.json cases checked:", count);
    }

    function checkTransition(string memory json, uint256 i, bytes32 separator) internal view {
        Records.Record memory record = readRecord(json, i);
        (bytes32 digest, address sender) = checkSigning(json, i, separator, record);
        checkTreeKeys(json, i, record, sender);
        StateTransition.Outcome memory outcome =
            stf.applyRecord(vm.parseJsonBytes32(json, at(i, "preRoot")), record, digest, sender, readWitness(json, i));
        string memory name = caseName(json, i);
        assertEq(uint256(outcome.status), vm.parseJsonUint(json, at(i, "status")), string.concat(name, "status"));
        assertEq(outcome.postRoot, vm.parseJsonBytes32(json, at(i, "postRoot")), string.concat(name, "postRoot"));
    }

    /// @notice Checks a case's decodability, digest and sender; returns the latter two.
    function checkSigning(string memory json, uint256 i, bytes32 separator, Records.Record memory record)
        internal
        view
        returns (bytes32 digest, address sender)
    {
        bytes memory signature = vm.parseJsonBytes(json, at(i, "signature"));
        records.validate(record, signature);
        digest = records.digest(separator, record);
        assertEq(digest, vm.parseJsonBytes32(json, at(i, "digest")), string.concat(caseName(json, i), "digest"));
        sender = records.recover(digest, signature);
        assertEq(sender, vm.parseJsonAddress(json, at(i, "sender")), string.concat(caseName(json, i), "sender"));
    }

    /// @notice Every transition once more, end to end through SluiceRollup.proveFraud: the vector's
    ///         record is the second of a batch whose first per-record root is the vector's pre-root.
    ///         Claiming the vector's post-root must be refused as no fraud; claiming any other root
    ///         must be proven fraudulent with the vector's witness as it stands, deletions included.
    ///         The rollup sits at the vectors' verifyingContract so that their signatures hold.
    function test_vectors_stfTransitionsThroughProveFraud() public {
        (string memory json, uint256 count) = load("stf/transitions.json");
        readDomain(json);
        uint256 deletions;
        for (uint256 i = 0; i < count; ++i) {
            SluiceRollup.FraudProof memory proof = vectorFraudProof(json, i);
            bytes32 postRoot = vm.parseJsonBytes32(json, at(i, "postRoot"));
            if (deletesPresentLeaf(json, i, proof)) ++deletions;

            // Honest claim: no fraud.
            challenge(json, proof, postRoot, abi.encodeWithSelector(SluiceRollup.NoFraud.selector, postRoot));
            // Wrong claim: fraud.
            challenge(json, proof, keccak256(abi.encode("wrong", postRoot)), bytes(""));
        }
        console.log("stf/transitions.json cases proven through proveFraud:", count);
        console.log("  of which delete a present leaf below the root:", deletions);
    }

    /// @notice Whether the witness ends in the deletion of a present leaf below the root: the case
    ///         that needs the sibling's opening.
    function deletesPresentLeaf(string memory json, uint256 i, SluiceRollup.FraudProof memory p)
        internal
        pure
        returns (bool)
    {
        uint256 n = p.witness.length;
        if (n == 0) return false;
        string memory path = at(i, string.concat("accesses[", vm.toString(n - 1), "]"));
        if (keccak256(bytes(vm.parseJsonString(json, string.concat(path, ".kind")))) != keccak256("delete")) {
            return false;
        }
        SparseMerkleTree.Proof memory last = p.witness[n - 1].proof;
        bool present = last.terminal == SparseMerkleTree.TERMINAL_LEAF
            && last.leafKey == vm.parseJsonBytes32(json, string.concat(path, ".treeKey"));
        return present && last.siblings.length > 0;
    }

    function vectorFraudProof(string memory json, uint256 i) internal view returns (SluiceRollup.FraudProof memory p) {
        p.record = readRecord(json, i);
        p.signature = vm.parseJsonBytes(json, at(i, "signature"));
        p.timestamp = uint64(1_700_000_000_000 + i);
        p.recordIndex = 1;
        p.preStateRoot = vm.parseJsonBytes32(json, at(i, "preRoot"));
        p.witness = readWitness(json, i);
    }

    /// @notice Appends a two-record batch claiming `claimed` after the vector's record and proves
    ///         fraud on it; `expectedError` empty means the proof must succeed.
    function challenge(
        string memory json,
        SluiceRollup.FraudProof memory p,
        bytes32 claimed,
        bytes memory expectedError
    ) internal {
        uint256 snapshot = vm.snapshotState();
        SluiceRollup rollup = deployAtVectorAddress(json);
        address proposer = rollup.PROPOSER();
        vm.deal(proposer, 1 ether);
        vm.prank(proposer);
        rollup.depositBond{value: 1 ether}();

        bytes32 digest = records.digest(rollup.DOMAIN_SEPARATOR(), p.record);
        bytes32 firstLeaf = keccak256("some earlier record");
        bytes32 leaf = keccak256(abi.encodePacked(digest, p.signature, p.timestamp));
        BatchHeader.Header memory header = BatchHeader.Header({
            index: 0,
            prevHeaderHash: bytes32(0),
            firstSequence: 0,
            recordCount: 2,
            dataHash: keccak256(""),
            recordsRoot: keccak256(abi.encodePacked(firstLeaf, leaf)),
            rootsRoot: keccak256(abi.encodePacked(p.preStateRoot, claimed)),
            preStateRoot: bytes32(0),
            postStateRoot: claimed
        });
        vm.prank(proposer);
        rollup.appendBatch(header, "");

        p.recordProof = new bytes32[](1);
        p.recordProof[0] = firstLeaf;
        p.preStateRootProof = new bytes32[](1);
        p.preStateRootProof[0] = claimed;
        p.postStateRoot = claimed;
        p.postStateRootProof = new bytes32[](1);
        p.postStateRootProof[0] = p.preStateRoot;

        address challenger = makeAddr("challenger");
        if (expectedError.length != 0) vm.expectRevert(expectedError);
        vm.prank(challenger);
        rollup.proveFraud(0, header, p);
        if (expectedError.length == 0) {
            assertEq(rollup.batchCount(), 0, "batch reverted");
            assertEq(challenger.balance, 1 ether, "bond paid");
        }
        vm.revertToState(snapshot);
    }

    function deployAtVectorAddress(string memory json) internal returns (SluiceRollup) {
        address at_ = vm.parseJsonAddress(json, ".domain.verifyingContract");
        uint256 chainId = vm.parseJsonUint(json, ".domain.chainId");
        deployCodeTo("SluiceRollup.sol:SluiceRollup", abi.encode(makeAddr("proposer"), 0, 1 hours, chainId), at_);
        return SluiceRollup(at_);
    }

    /// @notice Each access's tree key must be one StateLeaves derives for this record: a proof of
    ///         absence can hold for more than one key, so agreement on roots alone would not pin
    ///         down the key derivation of reads that find nothing.
    function checkTreeKeys(string memory json, uint256 i, Records.Record memory record, address sender) internal view {
        bytes32[] memory candidates = stf.candidateKeys(record, sender);
        for (uint256 a = 0; vm.keyExistsJson(json, at(i, string.concat("accesses[", vm.toString(a), "]"))); ++a) {
            bytes32 treeKey = vm.parseJsonBytes32(json, at(i, string.concat("accesses[", vm.toString(a), "].treeKey")));
            bool known;
            for (uint256 c = 0; c < candidates.length; ++c) {
                if (candidates[c] == treeKey) known = true;
            }
            assertTrue(known, string.concat(caseName(json, i), "tree key of access ", vm.toString(a)));
        }
    }

    function readWitness(string memory json, uint256 i)
        internal
        view
        returns (StateTransition.Access[] memory witness)
    {
        uint256 n;
        while (vm.keyExistsJson(json, at(i, string.concat("accesses[", vm.toString(n), "]")))) {
            ++n;
        }
        witness = new StateTransition.Access[](n);
        for (uint256 a = 0; a < n; ++a) {
            string memory path = at(i, string.concat("accesses[", vm.toString(a), "]"));
            witness[a].proof = readProof(json, string.concat(path, ".proof"));
            witness[a].preimage = vm.parseJsonBytes(json, string.concat(path, ".preimage"));
            bytes32 kind = keccak256(bytes(vm.parseJsonString(json, string.concat(path, ".kind"))));
            require(kind == keccak256("get") || kind == keccak256("put") || kind == keccak256("delete"), "access kind");
        }
    }

    // ----- merkle/binary.json --------------------------------------------------------------------

    function test_vectors_binaryMerkle() public {
        (string memory json, uint256 count) = load("merkle/binary.json");
        uint256 proofs;
        for (uint256 i = 0; i < count; ++i) {
            string memory name = caseName(json, i);
            bytes32[] memory leaves = vm.parseJsonBytes32Array(json, at(i, "leaves"));
            bytes32 root = vm.parseJsonBytes32(json, at(i, "root"));
            bytes32[] memory copy = new bytes32[](leaves.length);
            for (uint256 l = 0; l < leaves.length; ++l) {
                copy[l] = leaves[l];
            }
            assertEq(merkle.computeRoot(copy), root, string.concat(name, "root"));

            for (uint256 p = 0; vm.keyExistsJson(json, at(i, string.concat("proofs[", vm.toString(p), "]"))); ++p) {
                string memory path = at(i, string.concat("proofs[", vm.toString(p), "]"));
                uint256 index = vm.parseJsonUint(json, string.concat(path, ".index"));
                bytes32[] memory siblings = vm.parseJsonBytes32Array(json, string.concat(path, ".siblings"));
                assertTrue(
                    merkle.verify(root, leaves[index], index, leaves.length, siblings),
                    string.concat(name, "proof ", vm.toString(index))
                );
                // The same proof must not pass for a neighbouring index.
                if (leaves.length > 1) {
                    uint256 other = index ^ 1 < leaves.length ? index ^ 1 : index - 1;
                    assertFalse(
                        merkle.verify(root, leaves[index], other, leaves.length, siblings),
                        string.concat(name, "wrong index")
                    );
                }
                ++proofs;
            }
        }
        console.log("merkle/binary.json cases checked:", count, "proofs:", proofs);
    }

    // ----- batch/headers.json --------------------------------------------------------------------

    function test_vectors_batchHeaders() public {
        (string memory json, uint256 count) = load("batch/headers.json");
        for (uint256 i = 0; i < count; ++i) {
            BatchHeader.Header memory header = BatchHeader.Header({
                index: uint64(vm.parseJsonUint(json, at(i, "index"))),
                prevHeaderHash: vm.parseJsonBytes32(json, at(i, "prevHeaderHash")),
                firstSequence: uint64(vm.parseJsonUint(json, at(i, "firstSequence"))),
                recordCount: uint32(vm.parseJsonUint(json, at(i, "recordCount"))),
                dataHash: vm.parseJsonBytes32(json, at(i, "dataHash")),
                recordsRoot: vm.parseJsonBytes32(json, at(i, "recordsRoot")),
                rootsRoot: vm.parseJsonBytes32(json, at(i, "rootsRoot")),
                preStateRoot: vm.parseJsonBytes32(json, at(i, "preStateRoot")),
                postStateRoot: vm.parseJsonBytes32(json, at(i, "postStateRoot"))
            });
            assertEq(
                records.headerHash(header),
                vm.parseJsonBytes32(json, at(i, "headerHash")),
                string.concat(caseName(json, i), "headerHash")
            );
        }
        console.log("batch/headers.json cases checked:", count);
    }
}
