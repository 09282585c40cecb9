// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {SluiceRollup} from "../src/SluiceRollup.sol";
import {BatchHeader} from "../src/libraries/BatchHeader.sol";
import {RollupFixture} from "./utils/RollupFixture.sol";

/// @notice Deployment, bond, appending, finality and views.
contract SluiceRollupTest is RollupFixture {
    bytes internal constant STREAM = "iot/site-1";

    event BatchAppended(
        uint64 indexed index,
        bytes32 indexed headerHash,
        BatchHeader.Header header,
        SluiceRollup.DataMode dataMode,
        bytes32[] blobHashes
    );
    event BatchFinalized(uint64 indexed index, bytes32 indexed headerHash);
    event BondDeposited(address indexed from, uint256 amount, uint256 bond);
    event BondWithdrawn(address indexed to, uint256 amount, uint256 bond);

    function honest() internal returns (Batch memory) {
        return buildBatch(one(put(1, STREAM, "temp", "21.5")));
    }

    function headerHash(BatchHeader.Header memory header) internal pure returns (bytes32) {
        return keccak256(abi.encode(header));
    }

    // ----- constructor -------------------------------------------------------------------------

    function test_constructor_succeeds() public view {
        assertEq(rollup.PROPOSER(), proposer);
        assertEq(rollup.MIN_BOND(), MIN_BOND);
        assertEq(rollup.CHALLENGE_WINDOW(), WINDOW);
        assertEq(rollup.L2_CHAIN_ID(), L2_CHAIN_ID);
        bytes32 expected = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("Sluice"),
                keccak256("1"),
                L2_CHAIN_ID,
                address(rollup)
            )
        );
        assertEq(rollup.DOMAIN_SEPARATOR(), expected);
        assertEq(rollup.DEPLOYMENT_BLOCK(), block.number);
        assertEq(rollup.batchCount(), 0);
        assertEq(rollup.headHeaderHash(), bytes32(0));
    }

    function test_constructor_recordsItsDeploymentBlock() public {
        vm.roll(12_345);
        SluiceRollup later = new SluiceRollup(proposer, MIN_BOND, WINDOW, L2_CHAIN_ID);
        assertEq(later.DEPLOYMENT_BLOCK(), 12_345);
    }

    function test_constructor_reverts_whenProposerZero() public {
        vm.expectRevert(SluiceRollup.ZeroArgument.selector);
        new SluiceRollup(address(0), MIN_BOND, WINDOW, L2_CHAIN_ID);
    }

    function test_constructor_reverts_whenWindowZero() public {
        vm.expectRevert(SluiceRollup.ZeroArgument.selector);
        new SluiceRollup(proposer, MIN_BOND, 0, L2_CHAIN_ID);
    }

    function test_constructor_reverts_whenChainIdZero() public {
        vm.expectRevert(SluiceRollup.ZeroArgument.selector);
        new SluiceRollup(proposer, MIN_BOND, WINDOW, 0);
    }

    // ----- bond --------------------------------------------------------------------------------

    function test_depositBond_succeeds_fromAnyone() public {
        address friend = makeAddr("friend");
        vm.deal(friend, 5 ether);
        vm.expectEmit(address(rollup));
        emit BondDeposited(friend, 2 ether, MIN_BOND + 2 ether);
        vm.prank(friend);
        rollup.depositBond{value: 2 ether}();
        assertEq(rollup.bond(), MIN_BOND + 2 ether);
    }

    function test_withdrawBond_succeeds_whenAllFinal() public {
        append(honest());
        vm.warp(block.timestamp + WINDOW);
        rollup.finalize(0);
        address payable to = payable(makeAddr("treasury"));
        vm.expectEmit(address(rollup));
        emit BondWithdrawn(to, 0.4 ether, MIN_BOND - 0.4 ether);
        vm.prank(proposer);
        rollup.withdrawBond(0.4 ether, to);
        assertEq(to.balance, 0.4 ether);
        assertEq(rollup.bond(), MIN_BOND - 0.4 ether);
    }

    function test_withdrawBond_reverts_whenNotProposer() public {
        vm.expectRevert(abi.encodeWithSelector(SluiceRollup.NotProposer.selector, challenger));
        vm.prank(challenger);
        rollup.withdrawBond(1, payable(challenger));
    }

    function test_withdrawBond_reverts_whenBatchesPending() public {
        append(honest());
        // Past the window but not finalised: still pending.
        vm.warp(block.timestamp + WINDOW);
        vm.expectRevert(abi.encodeWithSelector(SluiceRollup.BatchesPending.selector, 1));
        vm.prank(proposer);
        rollup.withdrawBond(1, payable(proposer));
    }

    function test_withdrawBond_reverts_whenExceedingBond() public {
        vm.expectRevert(abi.encodeWithSelector(SluiceRollup.WithdrawalExceedsBond.selector, MIN_BOND + 1, MIN_BOND));
        vm.prank(proposer);
        rollup.withdrawBond(MIN_BOND + 1, payable(proposer));
    }

    function test_withdrawBond_reverts_whenTransferFails() public {
        address payable sink = payable(address(new RejectingReceiver()));
        vm.expectRevert(SluiceRollup.BondTransferFailed.selector);
        vm.prank(proposer);
        rollup.withdrawBond(1, sink);
    }

    // ----- appendBatch -------------------------------------------------------------------------

    function test_appendBatch_succeeds() public {
        Batch memory b = honest();
        bytes32 expectedHash = headerHash(b.header);
        vm.expectEmit(address(rollup));
        emit BatchAppended(0, expectedHash, b.header, SluiceRollup.DataMode.CALLDATA, new bytes32[](0));
        append(b);

        assertEq(rollup.batchCount(), 1);
        assertEq(rollup.nextSequence(), 1);
        assertEq(rollup.headHeaderHash(), expectedHash);
        SluiceRollup.Batch memory stored = rollup.getBatch(0);
        assertEq(stored.headerHash, expectedHash);
        assertEq(stored.postStateRoot, b.header.postStateRoot);
        assertEq(stored.appendedAt, block.timestamp);
        assertEq(rollup.challengeDeadline(0), block.timestamp + WINDOW);
    }

    function test_appendBatch_succeeds_whenChained() public {
        appendHonest(one(put(1, STREAM, "a", "1")));
        Batch memory second =
            buildBatch(three(put(1, STREAM, "b", "2"), put(2, "other", "c", "3"), put(1, STREAM, "a", "4")));
        assertEq(second.header.prevHeaderHash, rollup.headHeaderHash());
        append(second);
        assertEq(rollup.batchCount(), 2);
        assertEq(rollup.nextSequence(), 4);
        assertEq(rollup.getBatch(1).postStateRoot, model.root());
    }

    function test_appendBatch_reverts_whenNotProposer() public {
        Batch memory b = honest();
        vm.expectRevert(abi.encodeWithSelector(SluiceRollup.NotProposer.selector, challenger));
        vm.prank(challenger);
        rollup.appendBatch(b.header, b.data);
    }

    function test_appendBatch_reverts_whenBondInsufficient() public {
        SluiceRollup unbonded = new SluiceRollup(proposer, MIN_BOND, WINDOW, L2_CHAIN_ID);
        Batch memory b = honest();
        vm.expectRevert(abi.encodeWithSelector(SluiceRollup.InsufficientBond.selector, 0, MIN_BOND));
        vm.prank(proposer);
        unbonded.appendBatch(b.header, b.data);
    }

    function test_appendBatch_reverts_whenIndexGap() public {
        Batch memory b = honest();
        b.header.index = 1;
        vm.expectRevert(abi.encodeWithSelector(SluiceRollup.BatchIndexMismatch.selector, 0, 1));
        append(b);
    }

    function test_appendBatch_reverts_whenIndexRepeated() public {
        Batch memory first = appendHonest(one(put(1, STREAM, "a", "1")));
        first.header.prevHeaderHash = headerHash(first.header);
        vm.expectRevert(abi.encodeWithSelector(SluiceRollup.BatchIndexMismatch.selector, 1, 0));
        append(first);
    }

    function test_appendBatch_reverts_whenPrevHeaderHashWrong() public {
        appendHonest(one(put(1, STREAM, "a", "1")));
        Batch memory b = buildBatch(one(put(1, STREAM, "b", "2")));
        bytes32 expected = b.header.prevHeaderHash;
        b.header.prevHeaderHash = keccak256("elsewhere");
        vm.expectRevert(
            abi.encodeWithSelector(SluiceRollup.PrevHeaderHashMismatch.selector, expected, keccak256("elsewhere"))
        );
        append(b);
    }

    function test_appendBatch_reverts_whenFirstBatchHasPrevHeaderHash() public {
        Batch memory b = honest();
        b.header.prevHeaderHash = keccak256("genesis?");
        vm.expectRevert(
            abi.encodeWithSelector(SluiceRollup.PrevHeaderHashMismatch.selector, bytes32(0), keccak256("genesis?"))
        );
        append(b);
    }

    function test_appendBatch_reverts_whenSequenceGap() public {
        appendHonest(one(put(1, STREAM, "a", "1")));
        Batch memory b = buildBatch(one(put(1, STREAM, "b", "2")));
        b.header.firstSequence = 2;
        vm.expectRevert(abi.encodeWithSelector(SluiceRollup.FirstSequenceMismatch.selector, 1, 2));
        append(b);
    }

    function test_appendBatch_reverts_whenFirstBatchDoesNotStartAtZero() public {
        Batch memory b = honest();
        b.header.firstSequence = 5;
        vm.expectRevert(abi.encodeWithSelector(SluiceRollup.FirstSequenceMismatch.selector, 0, 5));
        append(b);
    }

    function test_appendBatch_reverts_whenRecordCountZero() public {
        Batch memory b = honest();
        b.header.recordCount = 0;
        vm.expectRevert(abi.encodeWithSelector(SluiceRollup.RecordCountOutOfRange.selector, 0));
        append(b);
    }

    function test_appendBatch_reverts_whenRecordCountAboveMaximum() public {
        Batch memory b = honest();
        b.header.recordCount = 65_537;
        vm.expectRevert(abi.encodeWithSelector(SluiceRollup.RecordCountOutOfRange.selector, 65_537));
        append(b);
    }

    function test_appendBatch_succeeds_withMaximumRecordCount() public {
        Batch memory b = honest();
        b.header.recordCount = 65_536;
        append(b);
        assertEq(rollup.nextSequence(), 65_536);
    }

    function test_appendBatch_reverts_whenPreStateRootNotHeadPostStateRoot() public {
        appendHonest(one(put(1, STREAM, "a", "1")));
        Batch memory b = buildBatch(one(put(1, STREAM, "b", "2")));
        bytes32 expected = b.header.preStateRoot;
        b.header.preStateRoot = keccak256("forked");
        vm.expectRevert(
            abi.encodeWithSelector(SluiceRollup.PreStateRootMismatch.selector, expected, keccak256("forked"))
        );
        append(b);
    }

    function test_appendBatch_reverts_whenFirstBatchPreStateRootNotEmpty() public {
        Batch memory b = honest();
        b.header.preStateRoot = keccak256("prefilled");
        vm.expectRevert(
            abi.encodeWithSelector(SluiceRollup.PreStateRootMismatch.selector, bytes32(0), keccak256("prefilled"))
        );
        append(b);
    }

    function test_appendBatch_reverts_whenPostStateRootZero() public {
        Batch memory b = honest();
        b.header.postStateRoot = bytes32(0);
        vm.expectRevert(SluiceRollup.PostStateRootZero.selector);
        append(b);
    }

    function test_appendBatch_reverts_whenDataHashWrong() public {
        Batch memory b = honest();
        bytes32 computed = keccak256(b.data);
        b.data = bytes.concat(b.data, hex"00");
        vm.expectRevert(abi.encodeWithSelector(SluiceRollup.DataHashMismatch.selector, keccak256(b.data), computed));
        append(b);
    }

    // ----- appendBatchFromBlobs ----------------------------------------------------------------

    function blobHashes(uint256 n) internal pure returns (bytes32[] memory hashes) {
        hashes = new bytes32[](n);
        for (uint256 i = 0; i < n; ++i) {
            // A versioned hash starts with the KZG version byte 0x01.
            hashes[i] = bytes32((uint256(0x01) << 248) | uint256(keccak256(abi.encode(i))) >> 8);
        }
    }

    function test_appendBatchFromBlobs_succeeds() public {
        Batch memory b = honest();
        bytes32[] memory hashes = blobHashes(3);
        b.header.dataHash = keccak256(abi.encodePacked(hashes));
        vm.blobhashes(hashes);
        vm.expectEmit(address(rollup));
        emit BatchAppended(0, headerHash(b.header), b.header, SluiceRollup.DataMode.BLOBS, hashes);
        vm.prank(proposer);
        rollup.appendBatchFromBlobs(b.header);
        assertEq(rollup.headHeaderHash(), headerHash(b.header));
    }

    function test_appendBatchFromBlobs_reverts_whenNoBlobs() public {
        Batch memory b = honest();
        vm.expectRevert(SluiceRollup.NoBlobs.selector);
        vm.prank(proposer);
        rollup.appendBatchFromBlobs(b.header);
    }

    function test_appendBatchFromBlobs_reverts_whenDataHashWrong() public {
        Batch memory b = honest();
        bytes32[] memory hashes = blobHashes(2);
        vm.blobhashes(hashes);
        vm.expectRevert(
            abi.encodeWithSelector(
                SluiceRollup.DataHashMismatch.selector, keccak256(abi.encodePacked(hashes)), b.header.dataHash
            )
        );
        vm.prank(proposer);
        rollup.appendBatchFromBlobs(b.header);
    }

    function test_appendBatchFromBlobs_reverts_whenNotProposer() public {
        Batch memory b = honest();
        vm.blobhashes(blobHashes(1));
        vm.expectRevert(abi.encodeWithSelector(SluiceRollup.NotProposer.selector, challenger));
        vm.prank(challenger);
        rollup.appendBatchFromBlobs(b.header);
    }

    // ----- finalize ----------------------------------------------------------------------------

    function test_finalize_succeeds_afterWindow() public {
        Batch memory b = appendHonest(one(put(1, STREAM, "a", "1")));
        vm.warp(block.timestamp + WINDOW);
        vm.expectEmit(address(rollup));
        emit BatchFinalized(0, headerHash(b.header));
        rollup.finalize(0);
        assertTrue(rollup.isFinalized(0));
        assertEq(rollup.finalizedCount(), 1);
        assertEq(rollup.finalizedStateRoot(0), b.header.postStateRoot);
    }

    function test_finalize_succeeds_forSeveralBatchesAtOnce() public {
        Batch memory b0 = appendHonest(one(put(1, STREAM, "a", "1")));
        vm.warp(block.timestamp + 10);
        Batch memory b1 = appendHonest(one(put(1, STREAM, "b", "2")));
        vm.warp(block.timestamp + WINDOW);
        vm.expectEmit(address(rollup));
        emit BatchFinalized(0, headerHash(b0.header));
        vm.expectEmit(address(rollup));
        emit BatchFinalized(1, headerHash(b1.header));
        rollup.finalize(1);
        assertEq(rollup.finalizedCount(), 2);
    }

    function test_finalize_reverts_whenWindowOpen() public {
        appendHonest(one(put(1, STREAM, "a", "1")));
        uint256 deadline = block.timestamp + WINDOW;
        vm.warp(deadline - 1);
        vm.expectRevert(abi.encodeWithSelector(SluiceRollup.ChallengeWindowOpen.selector, 0, deadline));
        rollup.finalize(0);
    }

    function test_finalize_reverts_whenUnknownBatch() public {
        vm.expectRevert(abi.encodeWithSelector(SluiceRollup.UnknownBatch.selector, 0));
        rollup.finalize(0);
    }

    function test_finalize_reverts_whenAlreadyFinal() public {
        appendHonest(one(put(1, STREAM, "a", "1")));
        vm.warp(block.timestamp + WINDOW);
        rollup.finalize(0);
        vm.expectRevert(abi.encodeWithSelector(SluiceRollup.BatchAlreadyFinalized.selector, 0));
        rollup.finalize(0);
    }

    // ----- views -------------------------------------------------------------------------------

    function test_getBatch_reverts_whenUnknown() public {
        vm.expectRevert(abi.encodeWithSelector(SluiceRollup.UnknownBatch.selector, 0));
        rollup.getBatch(0);
    }

    function test_challengeDeadline_reverts_whenUnknown() public {
        vm.expectRevert(abi.encodeWithSelector(SluiceRollup.UnknownBatch.selector, 3));
        rollup.challengeDeadline(3);
    }

    function test_finalizedStateRoot_reverts_whenNotFinal() public {
        appendHonest(one(put(1, STREAM, "a", "1")));
        vm.expectRevert(abi.encodeWithSelector(SluiceRollup.BatchNotFinalized.selector, 0));
        rollup.finalizedStateRoot(0);
    }
}

/// @notice A recipient that refuses ether.
contract RejectingReceiver {
    receive() external payable {
        revert("no thanks");
    }
}
