package dev.sluice.devnet.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.rpc.client.SluiceRpcException;
import java.net.ConnectException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class FailureKindTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldRetryWhatTheNodeAsksToRetryAndNothingElse() {
    assertEquals(
        new FailureKind("busy_sequencer", true, 1),
        FailureKind.of(
            wrapped(error(-32005, "the log writer is behind", Map.of("reason", "busy")))));
    assertEquals(
        new FailureKind("rate_limited", true, 12),
        FailureKind.of(error(-32005, "signer ... sent more", Map.of("retryAfterMs", 12))));
    assertEquals(
        new FailureKind("busy_rpc_workers", true, 1),
        FailureKind.of(error(-32005, "the node has too many requests queued; retry", Map.of())));
    assertEquals(
        new FailureKind("nonce_too_high", false, 0),
        FailureKind.of(error(-32004, "nonce too high", Map.of("reason", "nonce_too_high"))));
    assertEquals(
        new FailureKind("transport:ConnectException", false, 0),
        FailureKind.of(new SluiceRpcException("no answer", new ConnectException("refused"))));
  }

  private static SluiceRpcException error(int code, String message, Map<String, Object> data) {
    return new SluiceRpcException(code, message, JSON.valueToTree(data), 200);
  }

  private static Throwable wrapped(Throwable cause) {
    return new CompletionException(cause);
  }
}
