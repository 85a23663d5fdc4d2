package io.parley.node.testing;

import io.parley.base.crypto.KeyPair;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.types.Address;
import io.parley.sdk.rpc.RpcClientException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady stream of transfers to the live validators of a cluster, spread over its RPC endpoints.
 * Records the longest any request took, so tests can check that no request hangs.
 */
public final class LoadGenerator implements AutoCloseable {
  private final Cluster cluster;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicLong longestRequestNanos = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final Thread thread;

  public LoadGenerator(Cluster cluster, long seed) {
    this.cluster = cluster;
    this.thread = Thread.ofPlatform().name("load").start(() -> run(new SplittableRandom(seed)));
  }

  private void run(SplittableRandom random) {
    List<KeyPair> accounts = cluster.accounts();
    long[] nonces = new long[accounts.size()];
    boolean[] resync = new boolean[accounts.size()];
    Address sink = KeyPair.random().address();
    while (!stop.get()) {
      int node = random.nextInt(cluster.size());
      if (!cluster.isAlive(node)) {
        continue;
      }
      int k = random.nextInt(accounts.size());
      long start = System.nanoTime();
      try {
        if (resync[k]) {
          nonces[k] =
              Long.decode(
                  cluster
                      .client(node)
                      .call("state_getAccount", accounts.get(k).address().toHexString())
                      .get("pendingNonce")
                      .asText());
          resync[k] = false;
        }
        SignedTransaction tx = TestNetwork.transfer(accounts.get(k), nonces[k], sink, 1);
        cluster.client(node).call("tx_send", tx.encoded().toHexString());
        nonces[k]++;
        accepted.incrementAndGet();
      } catch (RpcClientException e) {
        resync[k] = true; // node down, or the nonce is taken/pending elsewhere
      } finally {
        longestRequestNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  public long longestRequestMillis() {
    return longestRequestNanos.get() / 1_000_000;
  }

  public long accepted() {
    return accepted.get();
  }

  @Override
  public void close() throws InterruptedException {
    stop.set(true);
    thread.join();
  }
}
