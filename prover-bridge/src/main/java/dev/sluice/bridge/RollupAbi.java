package dev.sluice.bridge;

import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import dev.sluice.state.batch.BatchHeader;
import dev.sluice.state.record.Record;
import dev.sluice.state.smt.SmtProof;
import dev.sluice.state.stf.StateWitness;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.StaticStruct;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.utils.Numeric;

/**
 * SluiceRollup's ABI as the bridge uses it: the canonical signatures, the calldata of each call and
 * the decoding of return data. No I/O; {@link RollupContract} sends what this builds.
 *
 * <p>web3j's {@code TypeEncoder} lays out the tuples, under selectors computed from the signatures
 * written out here rather than from web3j's inference of type names, which cannot name an empty
 * array of structs (a witness of a record with an invalid signature is one). {@code RollupAbiTest}
 * checks every signature against the compiled ABI.
 */
final class RollupAbi {
  static final String HEADER =
      "(uint64,bytes32,uint64,uint32,bytes32,bytes32,bytes32,bytes32,bytes32)";
  static final String RECORD = "(uint64,uint8,bytes,bytes,bytes)";
  static final String STATE_PROOF = "(bytes32[],uint8,bytes32,bytes32,uint8,bytes32,bytes32)";
  static final String ACCESS = "(" + STATE_PROOF + ",bytes)";
  static final String FRAUD_PROOF =
      "("
          + RECORD
          + ",bytes,uint64,uint256,bytes32[],bytes32,bytes32[],bytes32,bytes32[],"
          + ACCESS
          + "[])";

  static final String CONSTRUCTOR = "constructor(address,uint256,uint256,uint256)";
  static final String DEPOSIT_BOND = "depositBond()";
  static final String APPEND_BATCH = "appendBatch(" + HEADER + ",bytes)";
  static final String APPEND_BATCH_FROM_BLOBS = "appendBatchFromBlobs(" + HEADER + ")";
  static final String PROVE_FRAUD = "proveFraud(uint64," + HEADER + "," + FRAUD_PROOF + ")";
  static final String FINALIZE = "finalize(uint64)";

  static final String PROPOSER = "PROPOSER()";
  static final String MIN_BOND = "MIN_BOND()";
  static final String CHALLENGE_WINDOW = "CHALLENGE_WINDOW()";
  static final String L2_CHAIN_ID = "L2_CHAIN_ID()";
  static final String DOMAIN_SEPARATOR = "DOMAIN_SEPARATOR()";
  static final String DEPLOYMENT_BLOCK = "DEPLOYMENT_BLOCK()";
  static final String BOND = "bond()";
  static final String BATCH_COUNT = "batchCount()";
  static final String FINALIZED_COUNT = "finalizedCount()";
  static final String NEXT_SEQUENCE = "nextSequence()";
  static final String HEAD_HEADER_HASH = "headHeaderHash()";
  static final String GET_BATCH = "getBatch(uint256)";
  static final String IS_FINALIZED = "isFinalized(uint256)";
  static final String CHALLENGE_DEADLINE = "challengeDeadline(uint256)";

  /** Every function signature above, for the check against the compiled ABI. */
  static final List<String> FUNCTIONS =
      List.of(
          DEPOSIT_BOND,
          APPEND_BATCH,
          APPEND_BATCH_FROM_BLOBS,
          PROVE_FRAUD,
          FINALIZE,
          PROPOSER,
          MIN_BOND,
          CHALLENGE_WINDOW,
          L2_CHAIN_ID,
          DOMAIN_SEPARATOR,
          DEPLOYMENT_BLOCK,
          BOND,
          BATCH_COUNT,
          FINALIZED_COUNT,
          NEXT_SEQUENCE,
          HEAD_HEADER_HASH,
          GET_BATCH,
          IS_FINALIZED,
          CHALLENGE_DEADLINE);

  private RollupAbi() {}

  /** The first four bytes of {@code keccak(signature)}. */
  static byte[] selector(String signature) {
    return Arrays.copyOf(Keccak.hash(signature.getBytes(StandardCharsets.US_ASCII)), 4);
  }

  /** The constructor's arguments, to append to the creation code. */
  static byte[] constructorArguments(
      Address proposer, BigInteger minBond, BigInteger challengeWindowSeconds, long l2ChainId) {
    byte[] out = new byte[4 * 32];
    proposer.copyTo(out, 12);
    putWord(out, 32, minBond);
    putWord(out, 64, challengeWindowSeconds);
    putWord(out, 96, BigInteger.valueOf(l2ChainId));
    return out;
  }

  /** Calldata of a function without arguments. */
  static byte[] call(String signature) {
    return selector(signature);
  }

  /** Calldata of a function taking one unsigned integer. */
  static byte[] call(String signature, long argument) {
    byte[] out = Arrays.copyOf(selector(signature), 4 + 32);
    putWord(out, 4, BigInteger.valueOf(argument));
    return out;
  }

  static byte[] appendBatch(BatchHeader header, byte[] data) {
    return encode(APPEND_BATCH, header(header), new DynamicBytes(data));
  }

  static byte[] appendBatchFromBlobs(BatchHeader header) {
    return encode(APPEND_BATCH_FROM_BLOBS, header(header));
  }

  static byte[] proveFraud(BatchHeader header, FraudProof proof) {
    return encode(PROVE_FRAUD, new Uint64(header.index()), header(header), fraudProof(proof));
  }

  /** Return word {@code index} as raw bytes. */
  static Bytes32 word(byte[] returnData, int index) {
    if (returnData.length < 32 * (index + 1)) {
      throw new L1Exception("return data of " + returnData.length + " bytes has no word " + index);
    }
    return Bytes32.wrap(returnData, 32 * index);
  }

  /** Return word {@code index} as an unsigned integer. */
  static BigInteger uint(byte[] returnData, int index) {
    return new BigInteger(1, word(returnData, index).toArray());
  }

  /** Return word {@code index} as an unsigned integer that fits a {@code long}. */
  static long uint63(byte[] returnData, int index) {
    return uint(returnData, index).longValueExact();
  }

  /** Return word {@code index} as an address. */
  static Address address(byte[] returnData, int index) {
    return Address.wrap(Arrays.copyOfRange(word(returnData, index).toArray(), 12, 32));
  }

  // ---------------------------------------------------------------------------------------------
  // Tuples. web3j's API takes raw Type lists; the values below are all concrete ABI types.
  // ---------------------------------------------------------------------------------------------

  @SuppressWarnings("rawtypes")
  private static byte[] encode(String signature, Type... arguments) {
    List<Type> parameters = List.of(arguments);
    return Numeric.hexStringToByteArray(
        FunctionEncoder.encode(Numeric.toHexString(selector(signature)), parameters));
  }

  private static StaticStruct header(BatchHeader header) {
    return new StaticStruct(
        new Uint64(header.index()),
        bytes32(header.prevHeaderHash()),
        new Uint64(header.firstSequence()),
        new Uint32(header.recordCount()),
        bytes32(header.dataHash()),
        bytes32(header.recordsRoot()),
        bytes32(header.rootsRoot()),
        bytes32(header.preStateRoot()),
        bytes32(header.postStateRoot()));
  }

  private static DynamicStruct fraudProof(FraudProof proof) {
    Record record = proof.record().signed().record();
    DynamicStruct fields =
        new DynamicStruct(
            new Uint64(new BigInteger(Long.toUnsignedString(record.nonce()))),
            new Uint8(record.op().code()),
            new DynamicBytes(record.streamBytes()),
            new DynamicBytes(record.key()),
            new DynamicBytes(record.value()));
    List<DynamicStruct> witness = proof.witness().stream().map(RollupAbi::access).toList();
    return new DynamicStruct(
        fields,
        new DynamicBytes(proof.record().signed().signature().toArray()),
        new Uint64(proof.record().timestamp()),
        new Uint256(proof.recordIndex()),
        bytes32Array(proof.recordProof()),
        bytes32(proof.preStateRoot()),
        bytes32Array(proof.preStateRootProof()),
        bytes32(proof.postStateRoot()),
        bytes32Array(proof.postStateRootProof()),
        new DynamicArray<>(DynamicStruct.class, witness));
  }

  /** {@code StateTransition.Access}: the state proof and, for a value read, the leaf's preimage. */
  private static DynamicStruct access(StateWitness witness) {
    SmtProof proof = witness.proof();
    DynamicStruct stateProof =
        new DynamicStruct(
            bytes32Array(proof.siblings()),
            new Uint8(proof.terminalIsLeaf() ? 1 : 0),
            bytes32(proof.leafKey()),
            bytes32(proof.leafValueHash()),
            new Uint8(proof.siblingKind().code()),
            bytes32(proof.siblingFirst()),
            bytes32(proof.siblingSecond()));
    return new DynamicStruct(stateProof, new DynamicBytes(witness.preimage()));
  }

  private static org.web3j.abi.datatypes.generated.Bytes32 bytes32(Bytes32 value) {
    return new org.web3j.abi.datatypes.generated.Bytes32(value.toArray());
  }

  private static DynamicArray<org.web3j.abi.datatypes.generated.Bytes32> bytes32Array(
      List<Bytes32> values) {
    return new DynamicArray<>(
        org.web3j.abi.datatypes.generated.Bytes32.class,
        values.stream().map(RollupAbi::bytes32).toList());
  }

  /** Writes the unsigned {@code value} as the 32-byte word at byte {@code offset}. */
  private static void putWord(byte[] out, int offset, BigInteger value) {
    System.arraycopy(Numeric.toBytesPadded(value, 32), 0, out, offset, 32);
  }
}
