// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {BatchHeader} from "./libraries/BatchHeader.sol";
import {BinaryMerkle} from "./libraries/BinaryMerkle.sol";
import {RecordHashing} from "./libraries/RecordHashing.sol";
import {Records} from "./libraries/Records.sol";
import {SignatureRecovery} from "./libraries/SignatureRecovery.sol";
import {SparseMerkleTree} from "./libraries/SparseMerkleTree.sol";
import {StateLeaves} from "./libraries/StateLeaves.sol";
import {StateTransition} from "./libraries/StateTransition.sol";

/// @title SluiceRollup
/// @notice The L1 side of the Sluice rollup: the chain of batch headers posted by a bonded proposer,
///         one-step fraud proofs that re-execute a single record on chain, finality after a
///         challenge window, and proofs of stream entries against finalised state.
/// @dev A batch is appended only after the contract has checked its linkage to the head (index,
///      previous header hash, sequence numbers, state roots) and hashed its data itself. Until its
///      challenge window has passed, anyone may show that one of its per-record state roots is not
///      what the state transition function gives, or that its postStateRoot is not its last
///      per-record root: the batch and every later one are then dropped, and the proposer's bond
///      goes to the challenger. Once a batch's window has passed it can no longer be challenged, and
///      `finalize` records that.
contract SluiceRollup {
    /// @notice Where an appended batch's data was posted.
    enum DataMode {
        CALLDATA,
        BLOBS
    }

    /// @notice What a successful fraud proof showed.
    enum Fault {
        STATE_TRANSITION,
        POST_STATE_ROOT
    }

    /// @notice What the contract keeps per batch.
    /// @custom:field headerHash    BatchHeader.hash of the batch's header.
    /// @custom:field postStateRoot The state root after the batch, for the next batch's linkage and for
    ///                             entry proofs against finalised state.
    /// @custom:field appendedAt    Block timestamp of the append; the challenge window runs from it.
    struct Batch {
        bytes32 headerHash;
        bytes32 postStateRoot;
        uint64 appendedAt;
    }

    /// @notice Everything needed to re-execute one record of a batch.
    /// @custom:field record             The record's fields.
    /// @custom:field signature          Its 65-byte signature r ‖ s ‖ v.
    /// @custom:field timestamp          Its sequencer timestamp (ms since the Unix epoch).
    /// @custom:field recordIndex        Its position in the batch.
    /// @custom:field recordProof        Inclusion proof of its record leaf in the header's recordsRoot.
    /// @custom:field preStateRoot       The state root before it: the per-record root at recordIndex - 1,
    ///                                  or the header's preStateRoot for the first record.
    /// @custom:field preStateRootProof  Inclusion proof of preStateRoot in rootsRoot (ignored for index 0).
    /// @custom:field postStateRoot      The per-record root the batch claims at recordIndex.
    /// @custom:field postStateRootProof Inclusion proof of postStateRoot in rootsRoot.
    /// @custom:field witness            One state proof per state access of the record (protocol.md §3.4).
    struct FraudProof {
        Records.Record record;
        bytes signature;
        uint64 timestamp;
        uint256 recordIndex;
        bytes32[] recordProof;
        bytes32 preStateRoot;
        bytes32[] preStateRootProof;
        bytes32 postStateRoot;
        bytes32[] postStateRootProof;
        StateTransition.Access[] witness;
    }

    /// @notice Semantic version.
    string public constant VERSION = "1.0.0";

    /// @notice The only account allowed to append batches.
    address public immutable PROPOSER;

    /// @notice Bond the proposer must hold to append.
    uint256 public immutable MIN_BOND;

    /// @notice Seconds after its append during which a batch can be proven fraudulent.
    uint256 public immutable CHALLENGE_WINDOW;

    /// @notice Chain id of the L2, part of the EIP-712 domain records are signed in.
    uint256 public immutable L2_CHAIN_ID;

    /// @notice EIP-712 domain separator of record signatures: the L2 chain id and this contract.
    bytes32 public immutable DOMAIN_SEPARATOR;

    /// @notice The L1 block this contract was created in: where a watcher starts reading its
    ///         events, so that it need not scan the chain from genesis or be told the block.
    uint256 public immutable DEPLOYMENT_BLOCK;

    /// @notice The proposer's bond, paid out to the first successful challenger.
    uint256 public bond;

    /// @notice Number of batches in the chain; the head is batch `batchCount - 1`.
    uint64 public batchCount;

    /// @notice Number of finalised batches: batches `0 … finalizedCount - 1` are final.
    uint64 public finalizedCount;

    /// @notice Sequence number the next batch must start at.
    uint64 public nextSequence;

    /// @notice Batches by index; entries at or beyond batchCount are stale leftovers of reverted batches.
    mapping(uint256 index => Batch) internal batches;

    /// @notice Bond was deposited.
    event BondDeposited(address indexed from, uint256 amount, uint256 bond);

    /// @notice The proposer withdrew bond.
    event BondWithdrawn(address indexed to, uint256 amount, uint256 bond);

    /// @notice A batch was appended. With the transaction (calldata) or its blobs (`blobHashes`), this
    ///         is everything needed to rebuild the header and fetch the data.
    event BatchAppended(
        uint64 indexed index,
        bytes32 indexed headerHash,
        BatchHeader.Header header,
        DataMode dataMode,
        bytes32[] blobHashes
    );

    /// @notice Batches `firstIndex … lastIndex` were dropped; the head is now batch `firstIndex - 1`.
    event BatchesReverted(uint64 indexed firstIndex, uint64 lastIndex);

    /// @notice A fraud proof against batch `batchIndex` succeeded and `reward` was paid to `challenger`.
    /// @param recordIndex The re-executed record (STATE_TRANSITION), or the last record (POST_STATE_ROOT).
    event FraudProven(
        uint64 indexed batchIndex, Fault fault, uint256 recordIndex, address indexed challenger, uint256 reward
    );

    /// @notice Batch `index` became final.
    event BatchFinalized(uint64 indexed index, bytes32 indexed headerHash);

    /// @notice A constructor argument is zero.
    error ZeroArgument();

    /// @notice Only the proposer may do this.
    error NotProposer(address caller);

    /// @notice The proposer's bond is below MIN_BOND.
    error InsufficientBond(uint256 bond, uint256 minimum);

    /// @notice Withdrawal of more than the bond.
    error WithdrawalExceedsBond(uint256 amount, uint256 bond);

    /// @notice The bond cannot be withdrawn while a batch can still be challenged.
    error BatchesPending(uint256 unfinalized);

    /// @notice The header's index is not the next one.
    error BatchIndexMismatch(uint64 expected, uint64 given);

    /// @notice The header does not link to the head's header.
    error PrevHeaderHashMismatch(bytes32 expected, bytes32 given);

    /// @notice The header does not start at the next sequence number.
    error FirstSequenceMismatch(uint64 expected, uint64 given);

    /// @notice recordCount is not within 1 … 65,536.
    error RecordCountOutOfRange(uint32 recordCount);

    /// @notice The header's preStateRoot is not the head's postStateRoot.
    error PreStateRootMismatch(bytes32 expected, bytes32 given);

    /// @notice The header's postStateRoot is zero.
    error PostStateRootZero();

    /// @notice The header's dataHash is not the hash of the data this call carried.
    error DataHashMismatch(bytes32 computed, bytes32 given);

    /// @notice A blob batch was appended by a transaction without blobs.
    error NoBlobs();

    /// @notice No batch with this index is in the chain.
    error UnknownBatch(uint256 index);

    /// @notice The batch is final.
    error BatchAlreadyFinalized(uint256 index);

    /// @notice The batch's challenge window has passed.
    error ChallengeWindowClosed(uint256 index, uint256 deadline);

    /// @notice The batch's challenge window has not passed yet.
    error ChallengeWindowOpen(uint256 index, uint256 deadline);

    /// @notice The header given is not the one stored for the batch.
    error HeaderMismatch(uint256 index);

    /// @notice The record index is not below the batch's recordCount.
    error RecordIndexOutOfRange(uint256 recordIndex, uint32 recordCount);

    /// @notice The record leaf's inclusion proof does not verify against recordsRoot.
    error RecordNotIncluded();

    /// @notice The pre-state root is not the one the batch commits to.
    error PreStateRootNotIncluded();

    /// @notice The post-state root is not the one the batch commits to.
    error PostStateRootNotIncluded();

    /// @notice Re-execution agrees with the batch: there is no fraud to prove.
    error NoFraud(bytes32 stateRoot);

    /// @notice Paying the bond to the challenger failed.
    error BondTransferFailed();

    /// @notice The batch is not final, so its state is not yet settled.
    error BatchNotFinalized(uint256 index);

    /// @param proposer        The only account allowed to append batches.
    /// @param minBond         Bond the proposer must hold to append (wei).
    /// @param challengeWindow Seconds during which a batch can be challenged.
    /// @param l2ChainId       The L2 chain id records are signed for.
    constructor(address proposer, uint256 minBond, uint256 challengeWindow, uint256 l2ChainId) {
        if (proposer == address(0) || challengeWindow == 0 || l2ChainId == 0) revert ZeroArgument();
        PROPOSER = proposer;
        MIN_BOND = minBond;
        CHALLENGE_WINDOW = challengeWindow;
        L2_CHAIN_ID = l2ChainId;
        DOMAIN_SEPARATOR = RecordHashing.domainSeparator(l2ChainId, address(this));
        DEPLOYMENT_BLOCK = block.number;
    }

    modifier onlyProposer() {
        if (msg.sender != PROPOSER) revert NotProposer(msg.sender);
        _;
    }

    // ---------------------------------------------------------------------------------------------
    // Bond
    // ---------------------------------------------------------------------------------------------

    /// @notice Adds the sent value to the proposer's bond. Anyone may fund it.
    function depositBond() external payable {
        uint256 newBond = bond + msg.value;
        bond = newBond;
        emit BondDeposited(msg.sender, msg.value, newBond);
    }

    /// @notice Withdraws `amount` of the bond to `recipient`, once no batch can be challenged anymore.
    /// @dev Batches past their window but not yet finalised count as pending: finalise them first.
    function withdrawBond(uint256 amount, address payable recipient) external onlyProposer {
        uint256 pending = batchCount - finalizedCount;
        if (pending != 0) revert BatchesPending(pending);
        uint256 current = bond;
        if (amount > current) revert WithdrawalExceedsBond(amount, current);
        bond = current - amount;
        emit BondWithdrawn(recipient, amount, current - amount);
        (bool ok,) = recipient.call{value: amount}("");
        if (!ok) revert BondTransferFailed();
    }

    // ---------------------------------------------------------------------------------------------
    // Appending
    // ---------------------------------------------------------------------------------------------

    /// @notice Appends a batch whose data is `data`, posted as this call's calldata.
    /// @param header The batch header; its dataHash must be keccak256(data).
    /// @param data   The batch data (protocol.md §5.3).
    function appendBatch(BatchHeader.Header calldata header, bytes calldata data) external onlyProposer {
        append(header, keccak256(data), DataMode.CALLDATA, new bytes32[](0));
    }

    /// @notice Appends a batch whose data is in the blobs of this transaction.
    /// @param header The batch header; its dataHash must be keccak256 of the blobs' versioned hashes,
    ///               concatenated in order.
    function appendBatchFromBlobs(BatchHeader.Header calldata header) external onlyProposer {
        bytes32[] memory hashes = blobHashes();
        if (hashes.length == 0) revert NoBlobs();
        append(header, keccak256(abi.encodePacked(hashes)), DataMode.BLOBS, hashes);
    }

    /// @notice Checks a new header against the head and stores it.
    function append(BatchHeader.Header calldata header, bytes32 dataHash, DataMode mode, bytes32[] memory hashes)
        private
    {
        if (bond < MIN_BOND) revert InsufficientBond(bond, MIN_BOND);

        uint64 index = batchCount;
        if (header.index != index) revert BatchIndexMismatch(index, header.index);

        // The empty state and the zero hash precede batch 0.
        bytes32 expectedPrevHeaderHash;
        bytes32 expectedPreStateRoot;
        if (index > 0) {
            Batch storage previous = batches[index - 1];
            expectedPrevHeaderHash = previous.headerHash;
            expectedPreStateRoot = previous.postStateRoot;
        }
        if (header.prevHeaderHash != expectedPrevHeaderHash) {
            revert PrevHeaderHashMismatch(expectedPrevHeaderHash, header.prevHeaderHash);
        }
        if (header.firstSequence != nextSequence) revert FirstSequenceMismatch(nextSequence, header.firstSequence);
        if (header.recordCount == 0 || header.recordCount > BatchHeader.MAX_RECORD_COUNT) {
            revert RecordCountOutOfRange(header.recordCount);
        }
        if (header.preStateRoot != expectedPreStateRoot) {
            revert PreStateRootMismatch(expectedPreStateRoot, header.preStateRoot);
        }
        if (header.postStateRoot == bytes32(0)) revert PostStateRootZero();
        if (header.dataHash != dataHash) revert DataHashMismatch(dataHash, header.dataHash);

        bytes32 headerHash = BatchHeader.hash(header);
        batches[index] =
            Batch({headerHash: headerHash, postStateRoot: header.postStateRoot, appendedAt: uint64(block.timestamp)});
        batchCount = index + 1;
        nextSequence = header.firstSequence + header.recordCount;

        emit BatchAppended(index, headerHash, header, mode, hashes);
    }

    /// @notice The versioned hashes of this transaction's blobs, in order.
    function blobHashes() private view returns (bytes32[] memory hashes) {
        uint256 count;
        while (blobhash(count) != bytes32(0)) {
            ++count;
        }
        hashes = new bytes32[](count);
        for (uint256 i = 0; i < count; ++i) {
            hashes[i] = blobhash(i);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Finality
    // ---------------------------------------------------------------------------------------------

    /// @notice Finalises every batch up to and including `batchIndex`, whose challenge window must
    ///         have passed. Anyone may call it.
    function finalize(uint64 batchIndex) external {
        if (batchIndex >= batchCount) revert UnknownBatch(batchIndex);
        uint64 first = finalizedCount;
        if (batchIndex < first) revert BatchAlreadyFinalized(batchIndex);
        // Windows close in index order, since appends are.
        uint256 deadline = challengeDeadline(batchIndex);
        if (block.timestamp < deadline) revert ChallengeWindowOpen(batchIndex, deadline);

        finalizedCount = batchIndex + 1;
        for (uint64 i = first; i <= batchIndex; ++i) {
            emit BatchFinalized(i, batches[i].headerHash);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Fraud proofs
    // ---------------------------------------------------------------------------------------------

    /// @notice Proves that the per-record state root a batch claims for one record is not what the
    ///         state transition function gives, by re-executing the record.
    /// @dev On success, reverts batch `batchIndex` and all later ones and pays the bond to the caller.
    ///      Reverts with NoFraud, changing nothing, when re-execution agrees with the batch, and with
    ///      a specific error when the proof is incomplete or inconsistent.
    /// @param batchIndex The challenged batch.
    /// @param header     Its header, as appended.
    /// @param proof      The record, its commitments and its state witness.
    function proveFraud(uint64 batchIndex, BatchHeader.Header calldata header, FraudProof calldata proof) external {
        requireChallengeable(batchIndex, header);
        // A record no decoder accepts cannot be part of valid batch data: no verdict about it.
        Records.validate(proof.record, proof.signature);
        if (proof.recordIndex >= header.recordCount) {
            revert RecordIndexOutOfRange(proof.recordIndex, header.recordCount);
        }

        bytes32 digest = RecordHashing.digest(DOMAIN_SEPARATOR, RecordHashing.structHash(proof.record));
        requireCommitted(header, proof, digest);

        address sender = SignatureRecovery.recover(digest, proof.signature);
        // Every proof of the witness is checked against the root of its access, and a deletion's
        // proof must open the deleted leaf's sibling: a forged witness reverts rather than yielding
        // a root that differs from the honest one.
        StateTransition.Outcome memory outcome =
            StateTransition.applyRecord(proof.preStateRoot, proof.record, digest, sender, proof.witness);

        if (outcome.postRoot == proof.postStateRoot) revert NoFraud(outcome.postRoot);
        revertBatches(batchIndex, header.firstSequence, Fault.STATE_TRANSITION, proof.recordIndex);
    }

    /// @notice Proves that a batch's postStateRoot is not the per-record root of its last record.
    /// @param batchIndex    The challenged batch.
    /// @param header        Its header, as appended.
    /// @param lastStateRoot The per-record root at index recordCount - 1.
    /// @param proof         Inclusion proof of lastStateRoot in the header's rootsRoot.
    function proveHeaderFault(
        uint64 batchIndex,
        BatchHeader.Header calldata header,
        bytes32 lastStateRoot,
        bytes32[] calldata proof
    ) external {
        requireChallengeable(batchIndex, header);
        uint256 last = header.recordCount - 1;
        if (!BinaryMerkle.verify(header.rootsRoot, lastStateRoot, last, header.recordCount, proof)) {
            revert PostStateRootNotIncluded();
        }
        if (lastStateRoot == header.postStateRoot) revert NoFraud(lastStateRoot);
        revertBatches(batchIndex, header.firstSequence, Fault.POST_STATE_ROOT, last);
    }

    /// @notice Reverts unless batch `batchIndex` is in the chain, not final, inside its challenge window,
    ///         and has header `header`.
    function requireChallengeable(uint64 batchIndex, BatchHeader.Header calldata header) private view {
        if (batchIndex >= batchCount) revert UnknownBatch(batchIndex);
        if (batchIndex < finalizedCount) revert BatchAlreadyFinalized(batchIndex);
        uint256 deadline = challengeDeadline(batchIndex);
        if (block.timestamp >= deadline) revert ChallengeWindowClosed(batchIndex, deadline);
        if (BatchHeader.hash(header) != batches[batchIndex].headerHash) revert HeaderMismatch(batchIndex);
    }

    /// @notice Reverts unless the record and its pre- and post-state roots are the batch's.
    function requireCommitted(BatchHeader.Header calldata header, FraudProof calldata proof, bytes32 digest)
        private
        pure
    {
        uint256 index = proof.recordIndex;
        bytes32 leaf = RecordHashing.recordLeaf(digest, proof.signature, proof.timestamp);
        if (!BinaryMerkle.verify(header.recordsRoot, leaf, index, header.recordCount, proof.recordProof)) {
            revert RecordNotIncluded();
        }
        // The first record starts from the header's pre-state root, the others from the root the
        // batch claims for the record before.
        bool preStateRootCommitted = index == 0
            ? proof.preStateRoot == header.preStateRoot
            : BinaryMerkle.verify(
                header.rootsRoot, proof.preStateRoot, index - 1, header.recordCount, proof.preStateRootProof
            );
        if (!preStateRootCommitted) revert PreStateRootNotIncluded();
        bool postStateRootCommitted = BinaryMerkle.verify(
            header.rootsRoot, proof.postStateRoot, index, header.recordCount, proof.postStateRootProof
        );
        if (!postStateRootCommitted) revert PostStateRootNotIncluded();
    }

    /// @notice Drops batch `batchIndex` and everything after it, and pays the bond to the caller.
    function revertBatches(uint64 batchIndex, uint64 firstSequence, Fault fault, uint256 recordIndex) private {
        uint64 lastIndex = batchCount - 1;
        batchCount = batchIndex;
        // The reverted batch started where its predecessor ended.
        nextSequence = firstSequence;
        uint256 reward = bond;
        bond = 0;

        emit BatchesReverted(batchIndex, lastIndex);
        emit FraudProven(batchIndex, fault, recordIndex, msg.sender, reward);

        if (reward != 0) {
            (bool ok,) = msg.sender.call{value: reward}("");
            if (!ok) revert BondTransferFailed();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Views
    // ---------------------------------------------------------------------------------------------

    /// @notice The stored data of batch `index`.
    function getBatch(uint256 index) external view returns (Batch memory) {
        if (index >= batchCount) revert UnknownBatch(index);
        return batches[index];
    }

    /// @notice Header hash of the head batch; zero when the chain is empty.
    function headHeaderHash() external view returns (bytes32) {
        uint64 count = batchCount;
        return count == 0 ? bytes32(0) : batches[count - 1].headerHash;
    }

    /// @notice The time from which batch `index` can no longer be challenged.
    function challengeDeadline(uint256 index) public view returns (uint256) {
        if (index >= batchCount) revert UnknownBatch(index);
        return uint256(batches[index].appendedAt) + CHALLENGE_WINDOW;
    }

    /// @notice Whether batch `index` is final.
    function isFinalized(uint256 index) external view returns (bool) {
        return index < finalizedCount;
    }

    /// @notice The state root after finalised batch `index`.
    function finalizedStateRoot(uint256 index) public view returns (bytes32) {
        if (index >= finalizedCount) revert BatchNotFinalized(index);
        return batches[index].postStateRoot;
    }

    /// @notice Whether `stream` held `value` under `key` after finalised batch `batchIndex`.
    /// @dev For L1 contracts that act on stream data. Reverts only when the batch is not final; a
    ///      proof that does not show the entry returns false.
    /// @param proof Proof for the entry's tree key keccak(0x04 ‖ keccak(stream) ‖ key) (protocol.md §2).
    function verifyEntry(
        uint256 batchIndex,
        bytes calldata stream,
        bytes calldata key,
        bytes calldata value,
        SparseMerkleTree.Proof calldata proof
    ) external view returns (bool) {
        bytes32 root = finalizedStateRoot(batchIndex);
        bytes32 treeKey = StateLeaves.entryKey(keccak256(stream), key);
        return SparseMerkleTree.verify(root, treeKey, proof) && SparseMerkleTree.isMember(treeKey, proof)
            && proof.leafValueHash == keccak256(value);
    }
}
