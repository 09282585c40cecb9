// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {SluiceRollup} from "../../src/SluiceRollup.sol";
import {BatchHeader} from "../../src/libraries/BatchHeader.sol";
import {RollupHandler} from "./RollupHandler.sol";

/// @notice Properties that hold whatever sequence of appends, fraud proofs, finalisations, time and
///         bond movements happens.
contract SluiceRollupInvariantTest is Test {
    RollupHandler internal handler;
    SluiceRollup internal rollup;

    function setUp() public {
        handler = new RollupHandler();
        rollup = handler.rollupAddress();
        bytes4[] memory selectors = new bytes4[](8);
        selectors[0] = RollupHandler.appendBatch.selector;
        selectors[1] = RollupHandler.appendAsStranger.selector;
        selectors[2] = RollupHandler.warp.selector;
        selectors[3] = RollupHandler.finalize.selector;
        selectors[4] = RollupHandler.proveFraud.selector;
        selectors[5] = RollupHandler.proveFraudAgain.selector;
        selectors[6] = RollupHandler.deposit.selector;
        selectors[7] = RollupHandler.withdraw.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
        targetContract(address(handler));
    }

    /// @notice Batches once final stay in the chain with the same header.
    function invariant_finalizedBatchesNeverReverted() public view {
        uint256 finalized = rollup.finalizedCount();
        assertEq(finalized, handler.ghostFinalizedCount());
        assertGe(rollup.batchCount(), finalized);
        for (uint256 i = 0; i < finalized; ++i) {
            assertEq(rollup.getBatch(i).headerHash, handler.finalizedHash(i));
        }
    }

    /// @notice Every stored batch links to its predecessor: header hash, sequence numbers and roots.
    function invariant_headerChainLinked() public view {
        uint256 count = rollup.batchCount();
        uint256 nextSequence = 0;
        bytes32 prevHash = bytes32(0);
        bytes32 prevPostRoot = bytes32(0);
        for (uint256 i = 0; i < count; ++i) {
            BatchHeader.Header memory h = handler.header(i);
            SluiceRollup.Batch memory stored = rollup.getBatch(i);
            assertEq(keccak256(abi.encode(h)), stored.headerHash, "stored hash");
            assertEq(h.index, i, "index");
            assertEq(h.prevHeaderHash, prevHash, "prev header hash");
            assertEq(h.firstSequence, nextSequence, "first sequence");
            assertEq(h.preStateRoot, prevPostRoot, "pre-state root");
            assertEq(stored.postStateRoot, h.postStateRoot, "post-state root");
            prevHash = stored.headerHash;
            prevPostRoot = h.postStateRoot;
            nextSequence += h.recordCount;
        }
        assertEq(rollup.headHeaderHash(), prevHash, "head");
        assertEq(rollup.nextSequence(), nextSequence, "next sequence");
    }

    /// @notice No one but the proposer ever appended.
    function invariant_onlyProposerAppends() public view {
        assertEq(handler.ghostStrangerAppends(), 0);
    }

    /// @notice Each fraud pays the bond held at that moment, once; ether is accounted for.
    function invariant_bondPaidAtMostOncePerFraud() public view {
        assertEq(handler.ghostRepeatProofsAccepted(), 0, "a proven fraud was proven again");
        assertEq(handler.ghostPayoutsAboveBond(), 0, "a payout differed from the bond");
        assertEq(handler.ghostDeposited() - handler.ghostWithdrawn() - handler.ghostPaid(), rollup.bond(), "bond");
        assertEq(address(rollup).balance, rollup.bond(), "balance");
    }

    /// @notice Fraud proofs never revert a batch whose roots are all honest.
    function invariant_onlyFraudulentBatchesReverted() public view {
        assertEq(handler.ghostHonestReverted(), 0);
    }
}
