package io.parley.node.mpc;

import io.parley.base.types.Address;
import io.parley.sdk.rpc.RpcClientException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.tuweni.bytes.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member's transactions to the chain (votes, abort reports, complaints, evidence, sealed output
 * shares), sent in order. Losing one can stall a computation for good: a vote that never lands
 * leaves its attempt short of a quorum, an abort report that never lands leaves it short of the t+1
 * reports that move it on. So a send the validator cannot take now (unreachable, mempool full, too
 * many pending) waits here and goes out, in order, at the next {@link #flush}; and the member keeps
 * its own next nonce, since a validator's {@code pendingNonce} can lag the mempool by a block under
 * load (a vote with a used nonce was refused, and the batch behind it never voted).
 */
final class MemberOutbox {
  private static final Logger LOG = LoggerFactory.getLogger(MemberOutbox.class);

  /** At most this many transactions wait; beyond it the oldest is dropped (and logged). */
  static final int CAPACITY = 4096;

  static final int ALREADY_KNOWN = 4008;
  static final int NONCE_USED = 4005;
  static final int NONCE_AHEAD = 4006;
  static final int NONCE_PENDING = 4009;
  static final int MEMPOOL_FULL = 4013;
  static final int TOO_MANY_PENDING = 4014;

  /** How a transaction reaches the chain: the member's account and one validator's RPC. */
  interface Chain {
    /** The account's next nonce as the validator sees it (committed state and its mempool). */
    long pendingNonce() throws RpcClientException;

    /** Signs {@code t} with {@code nonce} and hands it to the validator ({@code tx_send}). */
    void send(long nonce, Transaction t) throws RpcClientException;
  }

  /** One transaction to send: kind 4 to {@code to}, with its payload and gas limit. */
  record Transaction(Address to, Bytes payload, long gasLimit) {}

  private final Chain chain;
  private final Deque<Transaction> waiting = new ArrayDeque<>();
  private long next = -1; // the nonce after the last one the validator took from us, if known

  MemberOutbox(Chain chain) {
    this.chain = chain;
  }

  /** Queues {@code t} behind what waits and sends all it can now. */
  void send(Transaction t) {
    if (waiting.size() >= CAPACITY) {
      Transaction dropped = waiting.poll();
      LOG.error(
          "outbox full: a transaction to {} ({} bytes) is dropped unsent",
          dropped.to(),
          dropped.payload().size());
    }
    waiting.add(t);
    flush();
  }

  /** Sends waiting transactions in order until one cannot go yet; returns how many still wait. */
  int flush() {
    while (!waiting.isEmpty()) {
      Transaction t = waiting.peek();
      try {
        sendOne(t);
      } catch (RpcClientException e) {
        if (retryLater(e.code())) {
          LOG.warn(
              "validator RPC: {}; {} transaction(s) wait to be sent again", e.getMessage(), size());
          return waiting.size();
        }
        LOG.error(
            "the validator refused a transaction to {} ({} bytes): {} (dropped)",
            t.to(),
            t.payload().size(),
            e.getMessage());
      }
      waiting.poll();
    }
    return 0;
  }

  int size() {
    return waiting.size();
  }

  private void sendOne(Transaction t) throws RpcClientException {
    for (int tries = 0; ; tries++) {
      long nonce = Math.max(chain.pendingNonce(), next);
      try {
        chain.send(nonce, t);
        next = nonce + 1;
        return;
      } catch (RpcClientException e) {
        if (e.code() == ALREADY_KNOWN) {
          next = nonce + 1; // the same bytes went out before (a reply lost on the way)
          return;
        }
        boolean used = e.code() == NONCE_USED || e.code() == NONCE_PENDING;
        if (tries >= 3 || !(used || e.code() == NONCE_AHEAD)) {
          throw e;
        }
        // used: that nonce is taken by our own earlier transaction, go past it; ahead: a gap
        // (a transaction of ours the mempool dropped), start again from the validator's view
        next = used ? nonce + 1 : -1;
      }
    }
  }

  /** Refusals that say "not now" (the validator, its mempool), not "never" (the transaction). */
  static boolean retryLater(int code) {
    return code == 0
        || code == NONCE_USED
        || code == NONCE_AHEAD
        || code == NONCE_PENDING
        || code == MEMPOOL_FULL
        || code == TOO_MANY_PENDING;
  }
}
