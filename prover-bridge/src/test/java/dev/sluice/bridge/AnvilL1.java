package dev.sluice.bridge;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;

/**
 * One Anvil for a test class, with an L1 client for the proposer (dev account 0) and one for the
 * challenger (dev account 1). Registered on a static field with {@code @RegisterExtension}, it
 * starts before the class's first test and stops after its last whatever happened: the clients
 * first, then the process they talk to.
 */
public final class AnvilL1 implements BeforeAllCallback, AfterAllCallback {
  private final Duration receiptTimeout;
  private AnvilProcess anvil;
  private L1Client proposer;
  private L1Client challenger;

  /** Clients that wait up to {@code receiptTimeout} for each transaction to be mined. */
  public AnvilL1(Duration receiptTimeout) {
    this.receiptTimeout = receiptTimeout;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    anvil = AnvilProcess.start();
    proposer = L1Client.connect(anvil.rpcUrl(), AnvilProcess.DEV_KEYS.get(0), receiptTimeout);
    challenger = L1Client.connect(anvil.rpcUrl(), AnvilProcess.DEV_KEYS.get(1), receiptTimeout);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (proposer != null) {
        proposer.close();
      }
      if (challenger != null) {
        challenger.close();
      }
    } finally {
      if (anvil != null) {
        anvil.close();
      }
    }
  }

  public String rpcUrl() {
    return anvil.rpcUrl();
  }

  /** Dev account 0, which deploys the rollups and posts their batches. */
  public L1Client proposer() {
    return proposer;
  }

  /** Dev account 1, which proves fraud. */
  public L1Client challenger() {
    return challenger;
  }

  /** Moves Anvil's clock forward and mines a block at the new time. */
  public void advanceTime(Duration duration) {
    rpc("evm_increaseTime", List.of(duration.toSeconds()));
    rpc("evm_mine", List.of());
  }

  /**
   * Sends a raw JSON-RPC request, for Anvil's own methods ({@code anvil_*}, {@code evm_*}) that no
   * client here wraps, and returns its result as it comes.
   */
  public Object rpc(String method, List<?> params) {
    HttpService service = new HttpService(anvil.rpcUrl());
    try {
      AnyResponse response = new Request<>(method, params, service, AnyResponse.class).send();
      if (response.hasError()) {
        throw new IllegalStateException(method + ": " + response.getError().getMessage());
      }
      return response.getResult();
    } catch (IOException e) {
      throw new IllegalStateException(method + " failed", e);
    } finally {
      try {
        service.close();
      } catch (IOException e) {
        // The request has been answered; a failure to release the connection changes nothing.
      }
    }
  }

  /** A JSON-RPC response whose result is taken as it comes. */
  public static final class AnyResponse extends Response<Object> {}
}
