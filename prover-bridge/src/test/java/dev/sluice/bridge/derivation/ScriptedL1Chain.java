package dev.sluice.bridge.derivation;

import dev.sluice.bridge.L1Exception;
import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import dev.sluice.state.batch.BatchHeader;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An L1 chain in memory for derivation's unit tests: blocks of rollup transactions with their
 * logs, mined one by one, and reorgs that replace the last blocks. Encodes events and calls as the
 * contract and the ABI lay them out.
 */
final class ScriptedL1Chain implements L1ChainReader {
  /** A transaction with its logs and, for blob transactions, its blobs. */
  record Tx(L1Transaction tx, List<L1Log> logs, List<byte[]> blobs) {}

  private record Block(L1Block header, List<Tx> txs) {}

  private final Address rollup;
  private final List<Block> blocks = new ArrayList<>();
  private long salt;
  private int failNextReads;

  ScriptedL1Chain(Address rollup) {
    this.rollup = rollup;
    mine(List.of()); // genesis
  }

  Address rollup() {
    return rollup;
  }

  /** Makes the next {@code reads} reads fail, as an unreachable endpoint would. */
  void failNextReads(int reads) {
    failNextReads = reads;
  }

  /** Mines a block holding the transactions built by {@code builders}, which get its position. */
  long mine(List<TxBuilder> builders) {
    long number = blocks.size();
    Bytes32 parent = blocks.isEmpty() ? Bytes32.ZERO : blocks.getLast().header().hash();
    Bytes32 hash =
        Keccak.hash32(
            ByteBuffer.allocate(48).put(parent.toArray()).putLong(number).putLong(salt++).array());
    L1Block header = new L1Block(number, hash, parent, 1_700_000_000L + 12 * number);
    List<Tx> txs = new ArrayList<>();
    long logIndex = 0;
    for (TxBuilder builder : builders) {
      Tx tx = builder.build(header, logIndex);
      logIndex += tx.logs().size();
      txs.add(tx);
    }
    blocks.add(new Block(header, txs));
    return number;
  }

  /** Mines {@code count} empty blocks. */
  void mineEmpty(int count) {
    for (int i = 0; i < count; i++) {
      mine(List.of());
    }
  }

  /** Drops the last {@code depth} blocks; blocks mined after get other hashes. */
  void rollback(int depth) {
    for (int i = 0; i < depth; i++) {
      blocks.removeLast();
    }
  }

  interface TxBuilder {
    Tx build(L1Block block, long firstLogIndex);
  }

  /** A calldata {@code appendBatch} of {@code header} with {@code data}. */
  TxBuilder appendCalldata(BatchHeader header, byte[] data) {
    return (block, logIndex) -> {
      Bytes32 hash = txHash(block, "append" + header.index());
      L1Transaction tx =
          new L1Transaction(
              hash, Optional.of(rollup), appendBatchInput(header, data), List.of(),
              block.number(), block.hash());
      return new Tx(
          tx,
          List.of(appendedLog(block, hash, logIndex, header, DataMode.CALLDATA, List.of())),
          List.of());
    };
  }

  /** An {@code appendBatchFromBlobs} of {@code header} carrying {@code blobs}. */
  TxBuilder appendBlobs(BatchHeader header, List<byte[]> blobs, List<Bytes32> versionedHashes) {
    return (block, logIndex) -> {
      Bytes32 hash = txHash(block, "blobs" + header.index());
      L1Transaction tx =
          new L1Transaction(
              hash, Optional.of(rollup), new byte[4], versionedHashes, block.number(),
              block.hash());
      return new Tx(
          tx,
          List.of(appendedLog(block, hash, logIndex, header, DataMode.BLOBS, versionedHashes)),
          blobs);
    };
  }

  /** A fraud proof's {@code BatchesReverted(first, last)}. */
  TxBuilder revert(long first, long last) {
    return (block, logIndex) -> {
      Bytes32 hash = txHash(block, "revert" + first);
      L1Log log =
          new L1Log(
              rollup,
              List.of(RollupLog.BATCHES_REVERTED_TOPIC, uintWord(first)),
              uintWord(last).toArray(),
              block.number(),
              block.hash(),
              hash,
              logIndex);
      return new Tx(emptyTx(hash, block), List.of(log), List.of());
    };
  }

  /** {@code BatchFinalized} for batches {@code from … to} with their header hashes. */
  TxBuilder finalize(List<BatchHeader> headers) {
    return (block, logIndex) -> {
      Bytes32 hash = txHash(block, "finalize" + headers.getFirst().index());
      List<L1Log> logs = new ArrayList<>();
      for (BatchHeader header : headers) {
        logs.add(
            new L1Log(
                rollup,
                List.of(RollupLog.BATCH_FINALIZED_TOPIC, uintWord(header.index()), header.hash()),
                new byte[0],
                block.number(),
                block.hash(),
                hash,
                logIndex + logs.size()));
      }
      return new Tx(emptyTx(hash, block), logs, List.of());
    };
  }

  /** Any transaction with one raw log of the rollup, for malformed-log tests. */
  TxBuilder rawLog(List<Bytes32> topics, byte[] data) {
    return (block, logIndex) -> {
      Bytes32 hash = txHash(block, "raw");
      return new Tx(
          emptyTx(hash, block),
          List.of(new L1Log(rollup, topics, data, block.number(), block.hash(), hash, logIndex)),
          List.of());
    };
  }

  /** {@code appendBatch(header, data)} calldata as the ABI lays it out. */
  static byte[] appendBatchInput(BatchHeader header, byte[] data) {
    int padded = (data.length + 31) / 32 * 32;
    ByteBuffer out = ByteBuffer.allocate(4 + 32 * 11 + padded);
    out.put(AppendBatchCall.selector());
    out.put(header.abiEncode());
    out.put(uintWord(10 * 32).toArray());
    out.put(uintWord(data.length).toArray());
    out.put(data);
    return out.array();
  }

  L1Log appendedLog(
      L1Block block, Bytes32 tx, long logIndex, BatchHeader header, DataMode mode,
      List<Bytes32> blobHashes) {
    ByteBuffer data = ByteBuffer.allocate(32 * (12 + blobHashes.size()));
    data.put(header.abiEncode());
    data.put(uintWord(mode.ordinal()).toArray());
    data.put(uintWord(11 * 32).toArray());
    data.put(uintWord(blobHashes.size()).toArray());
    blobHashes.forEach(h -> data.put(h.toArray()));
    return new L1Log(
        rollup,
        List.of(RollupLog.BATCH_APPENDED_TOPIC, uintWord(header.index()), header.hash()),
        data.array(),
        block.number(),
        block.hash(),
        tx,
        logIndex);
  }

  static Bytes32 uintWord(long value) {
    byte[] word = new byte[32];
    byte[] bytes = BigInteger.valueOf(value).toByteArray();
    System.arraycopy(bytes, Math.max(0, bytes.length - 8), word, 32 - Math.min(8, bytes.length), Math.min(8, bytes.length));
    return Bytes32.wrap(word);
  }

  private static Bytes32 txHash(L1Block block, String what) {
    return Keccak.hash32((block.hash().toHex() + what).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  private L1Transaction emptyTx(Bytes32 hash, L1Block block) {
    return new L1Transaction(hash, Optional.of(rollup), new byte[4], List.of(), block.number(), block.hash());
  }

  private void maybeFail() {
    if (failNextReads > 0) {
      failNextReads--;
      throw new L1Exception("scripted endpoint failure");
    }
  }

  // -----------------------------------------------------------------------------------------------
  // L1ChainReader
  // -----------------------------------------------------------------------------------------------

  @Override
  public long headNumber() {
    maybeFail();
    return blocks.size() - 1;
  }

  @Override
  public Optional<L1Block> block(long number) {
    maybeFail();
    return number < blocks.size() ? Optional.of(blocks.get((int) number).header()) : Optional.empty();
  }

  @Override
  public List<L1Log> logs(Address address, long fromBlock, long toBlock, List<Bytes32> topic0s) {
    maybeFail();
    List<L1Log> logs = new ArrayList<>();
    for (long n = fromBlock; n <= toBlock && n < blocks.size(); n++) {
      for (Tx tx : blocks.get((int) n).txs()) {
        for (L1Log log : tx.logs()) {
          if (log.address().equals(address) && topic0s.contains(log.topics().get(0))) {
            logs.add(log);
          }
        }
      }
    }
    return logs;
  }

  @Override
  public Optional<L1Transaction> transaction(Bytes32 hash) {
    maybeFail();
    for (Block block : blocks) {
      for (Tx tx : block.txs()) {
        if (tx.tx().hash().equals(hash)) {
          return Optional.of(tx.tx());
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public List<byte[]> blobs(L1Block block, List<Bytes32> versionedHashes) {
    maybeFail();
    List<byte[]> blobs = new ArrayList<>();
    for (Tx tx : blocks.get((int) block.number()).txs()) {
      blobs.addAll(tx.blobs());
    }
    return blobs;
  }

  @Override
  public void close() {}
}
