// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {SluiceRollup} from "../../src/SluiceRollup.sol";
import {BatchHeader} from "../../src/libraries/BatchHeader.sol";
import {Records} from "../../src/libraries/Records.sol";
import {RollupFixture} from "../utils/RollupFixture.sol";
import {StateModel} from "../utils/StateModel.sol";

/// @title RollupHandler
/// @notice Drives a SluiceRollup through random appends (honest and fraudulent), appends by strangers,
///         time, finalisation, fraud proofs (right and wrong), repeated proofs, deposits and
///         withdrawals, and keeps the ghost state the invariants compare against.
contract RollupHandler is RollupFixture {
    bytes32 internal constant BAD_ROOT = keccak256("fabricated");

    /// @notice Every batch appended at an index, ABI-encoded (the latest one wins after reverts).
    mapping(uint256 index => bytes batch) public encodedBatch;
    /// @notice For the batch currently at an index: the record whose root is corrupted, plus one (0: honest).
    mapping(uint256 index => uint256 faultPlusOne) public faultAt;
    /// @notice Header hashes at the moment each batch was finalised.
    mapping(uint256 index => bytes32 headerHash) public finalizedHash;

    uint256 public ghostFinalizedCount;
    uint256 public ghostStrangerAppends;
    uint256 public ghostHonestReverted;
    uint256 public ghostFrauds;
    uint256 public ghostPaid;
    uint256 public ghostDeposited;
    uint256 public ghostWithdrawn;
    uint256 public ghostRepeatProofsAccepted;
    uint256 public ghostPayoutsAboveBond;

    // The last successful fraud proof, replayed by proveFraudAgain.
    bytes internal lastFraudHeader;
    bytes internal lastFraudProof;

    constructor() {
        setUp();
        vm.deal(proposer, 1_000_000 ether);
        ghostDeposited = MIN_BOND;
    }

    // ----- actions ---------------------------------------------------------------------------

    function appendBatch(uint256 seed, bool fraudulent) external {
        if (rollup.bond() < MIN_BOND) deposit(MIN_BOND);
        uint256 count = 1 + seed % 3;
        RecordSpec[] memory specs = new RecordSpec[](count);
        for (uint256 i = 0; i < count; ++i) {
            specs[i] = randomSpec(uint256(keccak256(abi.encode(seed, i))));
        }
        Batch memory b = buildBatch(specs);
        uint256 fault;
        if (fraudulent) {
            fault = 1 + (seed >> 128) % count;
            corrupt(b, fault - 1, keccak256(abi.encode(BAD_ROOT, seed)));
        }
        append(b);
        encodedBatch[b.header.index] = abi.encode(b);
        faultAt[b.header.index] = fault;
    }

    function appendAsStranger(uint256 seed, address stranger) external {
        if (stranger == proposer) return;
        Batch memory b = buildBatch(one(randomSpec(seed)));
        vm.prank(stranger);
        try rollup.appendBatch(b.header, b.data) {
            ++ghostStrangerAppends;
            encodedBatch[b.header.index] = abi.encode(b);
        } catch {
            // Undo the model's copy of the record along with everything else this call did.
            revert("append by a stranger refused, as it must be");
        }
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 0, 2 * WINDOW));
    }

    function finalize(uint256 seed) external {
        uint64 count = rollup.batchCount();
        uint64 first = rollup.finalizedCount();
        if (count == first) return;
        uint64 index = uint64(first + seed % (count - first));
        if (block.timestamp < rollup.challengeDeadline(index)) return;
        rollup.finalize(index);
        for (uint256 i = first; i <= index; ++i) {
            finalizedHash[i] = rollup.getBatch(i).headerHash;
        }
        ghostFinalizedCount = index + 1;
    }

    function proveFraud(uint256 seed) external {
        uint64 count = rollup.batchCount();
        if (count == 0) return;
        // Any batch, final ones included: the contract must refuse what it may not revert.
        uint64 index = uint64(seed % count);
        Batch memory b = abi.decode(encodedBatch[index], (Batch));
        uint256 fault = faultAt[index];
        uint256 recordIndex = fault != 0 && (seed >> 64) % 4 != 0 ? fault - 1 : (seed >> 128) % b.records.length;
        SluiceRollup.FraudProof memory p = fraudProof(b, recordIndex);

        uint256 bondBefore = rollup.bond();
        uint256 balanceBefore = challenger.balance;
        vm.prank(challenger);
        try rollup.proveFraud(index, b.header, p) {
            ++ghostFrauds;
            if (fault == 0) ++ghostHonestReverted;
            uint256 paid = challenger.balance - balanceBefore;
            if (paid != bondBefore) ++ghostPayoutsAboveBond;
            ghostPaid += paid;
            lastFraudHeader = abi.encode(b.header);
            lastFraudProof = abi.encode(p);
            rebuildModel(index);
        } catch {}
    }

    function proveFraudAgain() external {
        if (lastFraudProof.length == 0) return;
        BatchHeader.Header memory proven = abi.decode(lastFraudHeader, (BatchHeader.Header));
        SluiceRollup.FraudProof memory p = abi.decode(lastFraudProof, (SluiceRollup.FraudProof));
        vm.prank(challenger);
        try rollup.proveFraud(proven.index, proven, p) {
            ++ghostRepeatProofsAccepted;
        } catch {}
    }

    function deposit(uint256 amount) public {
        amount = bound(amount, 1, 10 ether);
        vm.prank(proposer);
        rollup.depositBond{value: amount}();
        ghostDeposited += amount;
    }

    function withdraw(uint256 amount) external {
        amount = bound(amount, 0, rollup.bond());
        vm.prank(proposer);
        try rollup.withdrawBond(amount, payable(proposer)) {
            ghostWithdrawn += amount;
        } catch {}
    }

    // ----- helpers ---------------------------------------------------------------------------

    function randomSpec(uint256 r) internal pure returns (RecordSpec memory) {
        uint256 signer = 1 + r % 3;
        bytes memory stream = (r >> 8) % 2 == 0 ? bytes("s/a") : bytes("s/b");
        uint256 kind = (r >> 16) % 4;
        if (kind == 0) return grant(signer, stream, addressOf(1 + (r >> 24) % 3));
        if (kind == 1) return del(signer, stream, abi.encodePacked(uint8((r >> 24) % 3)));
        return put(signer, stream, abi.encodePacked(uint8((r >> 24) % 3)), abi.encodePacked(r >> 32));
    }

    /// @notice Rebuilds the model from the records of batches 0 … count-1.
    function rebuildModel(uint256 count) internal {
        model = new StateModel();
        for (uint256 i = 0; i < count; ++i) {
            Batch memory b = abi.decode(encodedBatch[i], (Batch));
            for (uint256 j = 0; j < b.records.length; ++j) {
                SignedRecord memory r = b.records[j];
                model.apply_(r.record, r.digest, senderOf(r));
            }
        }
    }

    function senderOf(SignedRecord memory r) internal pure returns (address) {
        bytes memory s = r.signature;
        bytes32 rr;
        bytes32 ss;
        uint8 v;
        assembly {
            rr := mload(add(s, 32))
            ss := mload(add(s, 64))
            v := byte(0, mload(add(s, 96)))
        }
        return ecrecover(r.digest, v, rr, ss);
    }

    function rollupAddress() external view returns (SluiceRollup) {
        return rollup;
    }

    function header(uint256 index) external view returns (BatchHeader.Header memory) {
        return abi.decode(encodedBatch[index], (Batch)).header;
    }

    function proposerAddress() external view returns (address) {
        return proposer;
    }
}
