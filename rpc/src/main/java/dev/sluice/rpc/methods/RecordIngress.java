package dev.sluice.rpc.methods;

import dev.sluice.rpc.json.Quantity;
import dev.sluice.rpc.jsonrpc.JsonRpcErrorException;
import dev.sluice.rpc.jsonrpc.RpcErrorType;
import dev.sluice.rpc.limits.KeyedRateLimiter;
import dev.sluice.rpc.metrics.RpcMetrics;
import dev.sluice.sequencer.Acknowledgement;
import dev.sluice.sequencer.Sequencer;
import dev.sluice.sequencer.SubmissionRejectedException;
import dev.sluice.state.Address;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.SenderRecovery;
import dev.sluice.state.record.Signature;
import dev.sluice.state.record.SignedRecord;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The path of a submitted record from the send methods to the sequencer: the signing-domain check
 * the client asked for, signature validity, sender recovery, the per-signer rate limit, then {@link
 * Sequencer#submit}. Refusals become JSON-RPC errors that say what to fix.
 *
 * <p>The sender is recovered here, once (about 50–100 µs with the native library, the dearest step
 * of ingress): the per-signer limit needs it before the record reaches the sequencer's queue, and
 * this layer runs in the sequencer's process, so it hands the recovered sender on through {@link
 * Sequencer#submit(SignedRecord, Address)} instead of letting the sequencer recover it again. The
 * sequencer still checks the signature's scalars and the nonce. Recovery here uses the node's own
 * domain, so a record signed for another domain recovers the same (stranger's) address either way.
 */
public final class RecordIngress {
  private final Sequencer sequencer;
  private final Eip712Domain domain;
  private final SenderRecovery recovery;
  private final KeyedRateLimiter signerLimiter;
  private final RpcMetrics metrics;

  public RecordIngress(
      Sequencer sequencer,
      Eip712Domain domain,
      SenderRecovery recovery,
      KeyedRateLimiter signerLimiter,
      RpcMetrics metrics) {
    this.sequencer = sequencer;
    this.domain = domain;
    this.recovery = recovery;
    this.signerLimiter = signerLimiter;
    this.metrics = metrics;
  }

  public Eip712Domain domain() {
    return domain;
  }

  /**
   * Submits {@code record}; completes with its acknowledgement once it is durable, or fails with a
   * {@link JsonRpcErrorException}.
   */
  public CompletableFuture<Acknowledgement> submit(SignedRecord record, SubmitOptions options) {
    metrics.recordReceived();
    long start = System.nanoTime();
    Address sender;
    try {
      checkDomain(options);
      sender = recoverSender(record);
      if (!signerLimiter.tryAcquire(sender.toHex(), 1)) {
        throw new JsonRpcErrorException(signerLimiter.refusal(sender.toHex()));
      }
    } catch (JsonRpcErrorException refused) {
      metrics.recordRejected(refused.error().type().name(), false);
      throw refused;
    }
    metrics.submissionStarted();
    CompletableFuture<Acknowledgement> acknowledged;
    try {
      acknowledged = sequencer.submit(record, sender);
    } catch (RuntimeException failure) {
      metrics.recordRejected("internal_error", true);
      throw failure;
    }
    return acknowledged.handle(
        (acknowledgement, failure) -> {
          if (failure == null) {
            metrics.recordAcknowledged(System.nanoTime() - start);
            return acknowledgement;
          }
          Throwable cause =
              failure instanceof CompletionException && failure.getCause() != null
                  ? failure.getCause()
                  : failure;
          if (cause instanceof SubmissionRejectedException rejected) {
            metrics.recordRejected(rejected.reason().name(), true);
            throw translate(rejected, record, sender);
          }
          metrics.recordRejected("internal_error", true);
          throw new CompletionException(cause);
        });
  }

  private void checkDomain(SubmitOptions options) {
    if (options.chainId().isPresent() && options.chainId().getAsLong() != domain.chainId()) {
      throw new JsonRpcErrorException(
          RpcErrorType.WRONG_CHAIN,
          "the record was signed for chain id "
              + Long.toUnsignedString(options.chainId().getAsLong())
              + " but this node serves chain id "
              + domain.chainId()
              + "; sign it again for "
              + domain.chainId(),
          Map.of(
              "chainId",
              Quantity.format(domain.chainId()),
              "verifyingContract",
              domain.verifyingContract().toHex()));
    }
    if (options.verifyingContract().isPresent()
        && !options.verifyingContract().get().equals(domain.verifyingContract())) {
      throw new JsonRpcErrorException(
          RpcErrorType.WRONG_CHAIN,
          "the record was signed for rollup contract "
              + options.verifyingContract().get()
              + " but this node's is "
              + domain.verifyingContract()
              + "; sign it again for that contract",
          Map.of(
              "chainId",
              Quantity.format(domain.chainId()),
              "verifyingContract",
              domain.verifyingContract().toHex()));
    }
  }

  private Address recoverSender(SignedRecord record) {
    Optional<String> problem = scalarProblem(record.signature());
    if (problem.isPresent()) {
      throw new JsonRpcErrorException(RpcErrorType.INVALID_SIGNATURE, problem.get());
    }
    Optional<Address> sender = recovery.recover(domain.digest(record.record()), record.signature());
    if (sender.isEmpty()) {
      throw new JsonRpcErrorException(
          RpcErrorType.INVALID_SIGNATURE,
          "no public key recovers from this signature: r is not the x coordinate of a curve point");
    }
    return sender.get();
  }

  /** Which rule of docs/protocol.md §1.1 the scalars break, if any. */
  static Optional<String> scalarProblem(Signature signature) {
    BigInteger r = signature.r();
    BigInteger s = signature.s();
    if (r.signum() == 0) {
      return Optional.of("r is zero; a valid signature has 1 <= r < n");
    }
    if (r.compareTo(Signature.CURVE_ORDER) >= 0) {
      return Optional.of("r is not below the secp256k1 order n; a valid signature has 1 <= r < n");
    }
    if (s.signum() == 0) {
      return Optional.of("s is zero; a valid signature has 1 <= s <= n/2");
    }
    if (s.compareTo(Signature.CURVE_ORDER) >= 0) {
      return Optional.of(
          "s is not below the secp256k1 order n; a valid signature has 1 <= s <= n/2");
    }
    if (s.compareTo(Signature.HALF_CURVE_ORDER) > 0) {
      return Optional.of(
          "s is in the upper half of the curve order (high s); EIP-2 requires low s:"
              + " use n - s and swap v between 27 and 28");
    }
    return Optional.empty();
  }

  private JsonRpcErrorException translate(
      SubmissionRejectedException rejected, SignedRecord record, Address sender) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("reason", rejected.reason().name().toLowerCase(Locale.ROOT));
    return switch (rejected.reason()) {
      case INVALID_SIGNATURE ->
          new JsonRpcErrorException(RpcErrorType.INVALID_SIGNATURE, rejected.getMessage(), data);
      case NONCE_TOO_LOW, NONCE_TOO_HIGH -> nonceError(rejected, record, sender, data);
      case BUSY ->
          new JsonRpcErrorException(
              RpcErrorType.BUSY, rejected.getMessage() + "; retry after a short wait", data);
      case PAUSED ->
          new JsonRpcErrorException(
              RpcErrorType.PAUSED,
              rejected.getMessage() + "; sequencing resumes when the operator says so",
              data);
    };
  }

  private JsonRpcErrorException nonceError(
      SubmissionRejectedException rejected,
      SignedRecord record,
      Address sender,
      Map<String, Object> data) {
    long expected = sequencer.nextNonce(sender);
    data.put("sender", sender.toHex());
    data.put("nonce", Quantity.format(record.record().nonce()));
    data.put("expectedNonce", Quantity.format(expected));
    boolean low = rejected.reason() == SubmissionRejectedException.Reason.NONCE_TOO_LOW;
    String message =
        (low ? "nonce too low: " : "nonce too high: ")
            + Long.toUnsignedString(record.record().nonce())
            + " for sender "
            + sender
            + ", whose next nonce is "
            + Long.toUnsignedString(expected)
            + (low
                ? " (a replay, or a duplicate of a record already sequenced)"
                : " (earlier records are missing; if "
                    + sender
                    + " is not your address, the"
                    + " record was signed for another chain or contract: this node serves chain id "
                    + domain.chainId()
                    + ", contract "
                    + domain.verifyingContract()
                    + ")");
    return new JsonRpcErrorException(
        low ? RpcErrorType.NONCE_TOO_LOW : RpcErrorType.NONCE_TOO_HIGH, message, data);
  }
}
