package io.parley.node.mempool;

import io.parley.base.state.Account;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.types.Address;
import io.parley.base.types.Amounts;
import io.parley.node.execution.Rejection;
import io.parley.node.execution.TransactionProcessor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * Pending transactions, per sender in nonce order. Admission checks everything that can be checked
 * before execution and answers with a precise {@link Rejection}. Block proposals take transactions
 * round-robin across senders (in order of each sender's first arrival), each sender's contiguous
 * from the account's next nonce.
 *
 * <p>Thread safety: RPC threads add while the consensus thread selects and removes; a single lock
 * guards the maps, and the expensive part of admission (signature recovery) runs outside it.
 */
public final class Mempool {
  private final TransactionProcessor processor;
  private final long maxBlockGas;
  private final MempoolLimits limits;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<Bytes32, SignedTransaction> byHash = new HashMap<>();
  private final LinkedHashMap<Address, TreeMap<Long, SignedTransaction>> bySender =
      new LinkedHashMap<>();

  /** Sum of the maximum costs of each sender's pending transactions (kept with the maps). */
  private final Map<Address, UInt256> pendingCosts = new HashMap<>();

  private long bytes;
  private volatile Runnable onReady = () -> {};

  public Mempool(TransactionProcessor processor, long maxBlockGas, MempoolLimits limits) {
    this.processor = processor;
    this.maxBlockGas = maxBlockGas;
    this.limits = limits;
  }

  /** Called (outside the lock) when a transaction that may be executable arrives. */
  public void onReady(Runnable listener) {
    this.onReady = listener;
  }

  /** Admits {@code tx} or says why not. {@code state} is the latest committed state. */
  public Optional<Rejection> add(SignedTransaction tx, AccountReader state) {
    Optional<Rejection> intrinsic =
        processor.checkAdmission(tx, maxBlockGas); // recovers the sender
    if (intrinsic.isPresent()) {
      return intrinsic;
    }
    Address sender = tx.sender().orElseThrow();
    Account account = state.account(sender);
    long nonce = tx.transaction().nonce();
    lock.lock();
    try {
      if (byHash.containsKey(tx.hash())) {
        return reject(
            Rejection.Reason.DUPLICATE, "transaction " + tx.hash() + " is already pending");
      }
      if (nonce < account.nonce()) {
        return reject(
            Rejection.Reason.NONCE_TOO_LOW,
            "nonce " + nonce + " is below the account's next nonce " + account.nonce());
      }
      if (nonce - account.nonce() >= limits.maxNonceGap()) {
        return reject(
            Rejection.Reason.NONCE_TOO_HIGH,
            "nonce "
                + nonce
                + " is more than "
                + limits.maxNonceGap()
                + " ahead of the account's next nonce "
                + account.nonce());
      }
      TreeMap<Long, SignedTransaction> pending = bySender.get(sender);
      if (pending != null && pending.containsKey(nonce)) {
        return reject(
            Rejection.Reason.NONCE_PENDING,
            "another transaction with nonce " + nonce + " from " + sender + " is already pending");
      }
      if (pending != null && pending.size() >= limits.maxPerSender()) {
        return reject(
            Rejection.Reason.SENDER_LIMIT,
            "sender "
                + sender
                + " already has "
                + pending.size()
                + " pending transactions (limit "
                + limits.maxPerSender()
                + ")");
      }
      if (byHash.size() >= limits.maxTransactions() || bytes + tx.size() > limits.maxBytes()) {
        return reject(
            Rejection.Reason.MEMPOOL_FULL,
            "the mempool is full (" + byHash.size() + " transactions, " + bytes + " bytes)");
      }
      UInt256 committed = pendingCosts.getOrDefault(sender, UInt256.ZERO);
      UInt256 needed;
      try {
        needed = Amounts.addExact(committed, tx.transaction().maxCost().orElseThrow());
      } catch (ArithmeticException e) {
        return reject(Rejection.Reason.INSUFFICIENT_BALANCE, "pending costs overflow");
      }
      if (account.balance().compareTo(needed) < 0) {
        return reject(
            Rejection.Reason.INSUFFICIENT_BALANCE,
            "balance "
                + account.balance().toDecimalString()
                + " cannot pay this transaction's maximum cost plus the sender's pending ones ("
                + needed.toDecimalString()
                + ")");
      }
      if (pending == null) {
        pending = new TreeMap<>();
        bySender.put(sender, pending);
      }
      pending.put(nonce, tx);
      pendingCosts.put(sender, needed);
      byHash.put(tx.hash(), tx);
      bytes += tx.size();
    } finally {
      lock.unlock();
    }
    onReady.run();
    return Optional.empty();
  }

  /**
   * Up to {@code max} transactions that can execute in order on {@code state}: per sender,
   * consecutive nonces from the account's next nonce; senders interleaved round-robin.
   */
  public List<SignedTransaction> selectReady(int max, AccountReader state) {
    lock.lock();
    try {
      List<Iterator<SignedTransaction>> queues = new ArrayList<>();
      List<Long> expected = new ArrayList<>();
      for (Map.Entry<Address, TreeMap<Long, SignedTransaction>> e : bySender.entrySet()) {
        long next = state.account(e.getKey()).nonce();
        queues.add(e.getValue().tailMap(next, true).values().iterator());
        expected.add(next);
      }
      List<SignedTransaction> out = new ArrayList<>(Math.min(max, byHash.size()));
      boolean progress = true;
      while (out.size() < max && progress) {
        progress = false;
        for (int i = 0; i < queues.size() && out.size() < max; i++) {
          Iterator<SignedTransaction> it = queues.get(i);
          if (it.hasNext()) {
            SignedTransaction tx = it.next();
            if (tx.transaction().nonce() == expected.get(i)) {
              out.add(tx);
              expected.set(i, expected.get(i) + 1);
              progress = true;
            } else {
              queues.set(i, List.<SignedTransaction>of().iterator()); // a nonce gap: stop here
            }
          }
        }
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** After a commit: drops included transactions and any whose nonce is now used. */
  public void removeCommitted(List<SignedTransaction> included, AccountReader state) {
    lock.lock();
    try {
      for (SignedTransaction tx : included) {
        remove(tx);
      }
      List<Address> senders = new ArrayList<>();
      for (SignedTransaction tx : included) {
        tx.sender().ifPresent(senders::add);
      }
      for (Address sender : senders) {
        TreeMap<Long, SignedTransaction> pending = bySender.get(sender);
        if (pending == null) {
          continue;
        }
        long next = state.account(sender).nonce();
        for (SignedTransaction stale : new ArrayList<>(pending.headMap(next, false).values())) {
          remove(stale);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Drops a transaction that turned out not to be includable. */
  public void drop(SignedTransaction tx) {
    lock.lock();
    try {
      remove(tx);
    } finally {
      lock.unlock();
    }
  }

  private void remove(SignedTransaction tx) {
    if (byHash.remove(tx.hash()) == null) {
      return;
    }
    bytes -= tx.size();
    Address sender = tx.sender().orElseThrow();
    TreeMap<Long, SignedTransaction> pending = bySender.get(sender);
    if (pending != null) {
      pending.remove(tx.transaction().nonce());
      if (pending.isEmpty()) {
        bySender.remove(sender);
        pendingCosts.remove(sender);
      } else {
        pendingCosts.computeIfPresent(
            sender,
            (s, cost) -> Amounts.subtractExact(cost, tx.transaction().maxCost().orElseThrow()));
      }
    }
  }

  public Optional<SignedTransaction> get(Bytes32 hash) {
    lock.lock();
    try {
      return Optional.ofNullable(byHash.get(hash));
    } finally {
      lock.unlock();
    }
  }

  public int size() {
    lock.lock();
    try {
      return byHash.size();
    } finally {
      lock.unlock();
    }
  }

  /** Encoded size of the pending transactions, the figure bounded by the byte limit. */
  public long bytes() {
    lock.lock();
    try {
      return bytes;
    } finally {
      lock.unlock();
    }
  }

  /** The next nonce a sender should use, counting its pending transactions. */
  public long nextNonce(Address sender, long committedNonce) {
    lock.lock();
    try {
      TreeMap<Long, SignedTransaction> pending = bySender.get(sender);
      long next = committedNonce;
      while (pending != null && pending.containsKey(next)) {
        next++;
      }
      return next;
    } finally {
      lock.unlock();
    }
  }

  private static Optional<Rejection> reject(Rejection.Reason reason, String message) {
    return Optional.of(Rejection.of(reason, message));
  }
}
