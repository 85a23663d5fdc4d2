package io.parley.node.mpc;

import io.parley.sdk.rpc.RpcClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives an {@link InputFollower} over {@link VerifiedBlocks}: processes every committed block in
 * order as it appears, retrying (without advancing) when the validator is unreachable or its answer
 * does not verify.
 */
public final class MemberFollowerLoop {
  private static final Logger LOG = LoggerFactory.getLogger(MemberFollowerLoop.class);

  private final VerifiedBlocks blocks;
  private final InputFollower follower;

  public MemberFollowerLoop(VerifiedBlocks blocks, InputFollower follower) {
    this.blocks = blocks;
    this.follower = follower;
  }

  /** Processes every block up to the validator's head; returns the inputs stored. */
  public int catchUp() throws RpcClientException, VerifiedBlocks.Untrusted {
    long head = blocks.head();
    int stored = 0;
    for (long h = follower.processedHeight() + 1; h <= head; h++) {
      var block = blocks.fetch(h);
      if (block.isEmpty()) {
        break;
      }
      stored += follower.process(block.get());
    }
    return stored;
  }

  /** Catches up every {@code pollMillis} (on a scheduler) until interrupted. */
  public void run(long pollMillis) throws InterruptedException {
    java.util.concurrent.ScheduledExecutorService scheduler =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    try {
      scheduler.scheduleWithFixedDelay(
          this::catchUpLogged, 0, pollMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
      scheduler.awaitTermination(Long.MAX_VALUE, java.util.concurrent.TimeUnit.DAYS);
    } finally {
      scheduler.shutdownNow();
    }
  }

  private void catchUpLogged() {
    try {
      catchUp();
    } catch (RpcClientException e) {
      LOG.warn("validator RPC: {} (retrying)", e.getMessage());
    } catch (VerifiedBlocks.Untrusted e) {
      LOG.error("refusing the validator's block: {} (retrying)", e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("member stopped processing: {}", e.toString());
      throw e;
    }
  }
}
