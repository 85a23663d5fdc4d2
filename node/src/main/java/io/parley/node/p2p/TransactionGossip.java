package io.parley.node.p2p;

import io.parley.base.encoding.EncodingException;
import io.parley.base.encoding.Rlp;
import io.parley.base.tx.SignedTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spreads transactions accepted over RPC to the other validators, so that any validator's RPC can
 * take a transaction and the proposer will have it. Transactions are batched for a few milliseconds
 * into one frame (type {@link #FRAME_TYPE}: an RLP list of signed transactions). Validators are
 * fully connected, so a transaction received by gossip is not forwarded again.
 */
public final class TransactionGossip implements AutoCloseable {
  public static final int FRAME_TYPE = 2;
  private static final Logger LOG = LoggerFactory.getLogger(TransactionGossip.class);
  private static final int MAX_BATCH = 1_000;

  private final P2pNetwork network;
  private final int maxTransactionSize;
  private final ReentrantLock lock = new ReentrantLock();
  private final ScheduledExecutorService flusher;
  private List<SignedTransaction> pending = new ArrayList<>();
  private boolean flushScheduled;

  public TransactionGossip(P2pNetwork network, int maxTransactionSize) {
    this.network = network;
    this.maxTransactionSize = maxTransactionSize;
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "tx-gossip");
              t.setDaemon(true);
              return t;
            });
    this.flusher = executor;
  }

  /** Queues a transaction this node accepted from a client. */
  public void announce(SignedTransaction tx) {
    boolean flushNow = false;
    boolean schedule = false;
    lock.lock();
    try {
      pending.add(tx);
      if (pending.size() >= MAX_BATCH) {
        flushNow = true;
      } else if (!flushScheduled) {
        flushScheduled = true;
        schedule = true;
      }
    } finally {
      lock.unlock();
    }
    if (flushNow) {
      flusher.execute(this::flush);
    } else if (schedule) {
      flusher.schedule(this::flush, 1, TimeUnit.MILLISECONDS);
    }
  }

  private void flush() {
    List<SignedTransaction> batch;
    lock.lock();
    try {
      batch = pending;
      pending = new ArrayList<>();
      flushScheduled = false;
    } finally {
      lock.unlock();
    }
    if (!batch.isEmpty()) {
      network.broadcast(
          FRAME_TYPE, RLP.encodeList(w -> batch.forEach(tx -> w.writeRLP(tx.encoded()))));
    }
  }

  /** Decodes a gossip frame from {@code peer}; a malformed frame disconnects the peer. */
  public void onFrame(int peer, Bytes payload, Consumer<SignedTransaction> admit) {
    List<Bytes> items;
    try {
      items = Rlp.splitList(payload, "transaction gossip");
    } catch (EncodingException e) {
      network.disconnect(peer, "malformed transaction gossip: " + e.getMessage());
      return;
    }
    for (Bytes item : items) {
      try {
        admit.accept(SignedTransaction.decode(item, maxTransactionSize));
      } catch (EncodingException e) {
        LOG.debug("Validator {} gossiped an undecodable transaction: {}", peer, e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    flusher.shutdownNow();
  }
}
