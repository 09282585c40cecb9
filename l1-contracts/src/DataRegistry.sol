// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title DataRegistry
/// @notice The baseline Sluice is benchmarked against: what a team would deploy to keep ordered,
///         signed, verifiable records directly on an EVM chain, one transaction per record.
///
///         It mirrors Sluice's state model as far as one contract reasonably can, so the comparison
///         is of the same service: a stream is owned by its first writer, who can grant and revoke
///         other writers; every append is ordered (a per-stream count), signed (the transaction's
///         own signature names the writer) and verifiable (a per-stream hash chain over every append,
///         the latest value hash of each entry in storage, and an event carrying the full record).
///
///         A stream is named by up to 32 bytes, left-aligned in a bytes32 and zero-padded: the same
///         bytes as a Sluice stream name of that length.
contract DataRegistry {
    uint256 public constant MAX_KEY_LENGTH = 256;
    uint256 public constant MAX_VALUE_LENGTH = 61_440;

    /// @notice One stream's owner, its number of appends and the head of its hash chain.
    struct Stream {
        address owner;
        uint64 count;
        bytes32 head;
    }

    mapping(bytes32 stream => Stream) private streams;
    mapping(bytes32 stream => mapping(address writer => bool)) public isWriter;
    /// @notice keccak256(value) of the latest append to each entry, by keccak256(abi.encode(stream, key)).
    mapping(bytes32 entry => bytes32 valueHash) public entryValueHash;

    event Appended(
        bytes32 indexed stream, address indexed writer, uint64 indexed index, bytes key, bytes value, bytes32 head
    );
    event WriterGranted(bytes32 indexed stream, address indexed writer);
    event WriterRevoked(bytes32 indexed stream, address indexed writer);

    error EmptyStream();
    error KeyTooLong(uint256 length);
    error ValueTooLong(uint256 length);
    error NotWriter(bytes32 stream, address sender);
    error NotOwner(bytes32 stream, address sender);

    /// @notice Appends (key, value) to `stream`, creating it with the sender as owner if it is new.
    /// @return index the append's position in the stream, from 0
    function append(bytes32 stream, bytes calldata key, bytes calldata value) external returns (uint64 index) {
        if (stream == bytes32(0)) revert EmptyStream();
        if (key.length > MAX_KEY_LENGTH) revert KeyTooLong(key.length);
        if (value.length > MAX_VALUE_LENGTH) revert ValueTooLong(value.length);
        Stream storage s = streams[stream];
        if (s.owner == address(0)) {
            s.owner = msg.sender;
        } else if (s.owner != msg.sender && !isWriter[stream][msg.sender]) {
            revert NotWriter(stream, msg.sender);
        }
        index = s.count;
        bytes32 valueHash = keccak256(value);
        bytes32 head = keccak256(abi.encode(s.head, msg.sender, index, keccak256(key), valueHash));
        s.count = index + 1;
        s.head = head;
        entryValueHash[keccak256(abi.encode(stream, key))] = valueHash;
        emit Appended(stream, msg.sender, index, key, value, head);
    }

    /// @notice Lets `writer` append to `stream`; only its owner may.
    function grant(bytes32 stream, address writer) external {
        _requireOwner(stream);
        isWriter[stream][writer] = true;
        emit WriterGranted(stream, writer);
    }

    /// @notice Withdraws `writer`'s right to append to `stream`; only its owner may.
    function revoke(bytes32 stream, address writer) external {
        _requireOwner(stream);
        isWriter[stream][writer] = false;
        emit WriterRevoked(stream, writer);
    }

    /// @notice The stream's owner, its number of appends and the head of its hash chain.
    function streamOf(bytes32 stream) external view returns (address owner, uint64 count, bytes32 head) {
        Stream storage s = streams[stream];
        return (s.owner, s.count, s.head);
    }

    /// @notice The head a stream's hash chain has after appending (writer, key, value) to `head`.
    function nextHead(bytes32 head, address writer, uint64 index, bytes calldata key, bytes calldata value)
        external
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(head, writer, index, keccak256(key), keccak256(value)));
    }

    function _requireOwner(bytes32 stream) private view {
        if (streams[stream].owner != msg.sender) revert NotOwner(stream, msg.sender);
    }
}
