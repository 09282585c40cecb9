package dev.sluice.sequencer;

import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.record.SenderRecovery;
import dev.sluice.state.record.Signature;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Sender recovery that waits until the test releases it: saturated recovery threads. */
final class GatedSenderRecovery implements SenderRecovery {
  private final SenderRecovery delegate = SenderRecovery.fastestAvailable();
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger waiting = new AtomicInteger();

  void release() {
    release.countDown();
  }

  int waiting() {
    return waiting.get();
  }

  @Override
  public Optional<Address> recover(Bytes32 digest, Signature signature) {
    waiting.incrementAndGet();
    try {
      if (!release.await(Await.LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("the test never released recovery");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      waiting.decrementAndGet();
    }
    return delegate.recover(digest, signature);
  }

  @Override
  public String name() {
    return "gated " + delegate.name();
  }
}
