package io.parley.node.mpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.types.Address;
import io.parley.sdk.rpc.RpcClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;

/**
 * A member's votes and reports reach the chain even when the validator answers a stale pending
 * nonce, is unreachable for a while or has a full mempool (what stalled 24 validity checks of two
 * 1,000-voter ballots run at once on one devnet: a vote refused for a used nonce aborted the batch
 * behind it, whose votes were never sent). The validator here keeps a mempool by nonce with the
 * refusals of {@code Mempool}: a used nonce, a nonce already pending, a gap.
 */
class MemberOutboxTest {
  private static final Address TO = Address.fromHex("0x00000000000000000000000000000000000000c1");

  /** One account's view on a validator: committed nonce, pending transactions by nonce. */
  static final class Validator implements MemberOutbox.Chain {
    long committed;
    final TreeMap<Long, Bytes> pending = new TreeMap<>();
    long staleBy; // pendingNonce answers this much behind (a state read before the last block)
    boolean down;
    boolean full;

    @Override
    public long pendingNonce() throws RpcClientException {
      if (down) {
        throw new RpcClientException(0, "connection refused");
      }
      long n = committed;
      while (pending.containsKey(n)) {
        n++;
      }
      return Math.max(0, n - staleBy);
    }

    @Override
    public void send(long nonce, MemberOutbox.Transaction t) throws RpcClientException {
      if (down) {
        throw new RpcClientException(0, "connection refused");
      }
      if (nonce < committed) {
        throw new RpcClientException(4005, "nonce " + nonce + " is below the account's next nonce");
      }
      if (pending.containsKey(nonce)) {
        if (pending.get(nonce).equals(t.payload())) {
          throw new RpcClientException(4008, "transaction already pending");
        }
        throw new RpcClientException(4009, "another transaction with nonce " + nonce);
      }
      if (full) {
        throw new RpcClientException(4013, "mempool full");
      }
      if (nonce > pendingNonce() + staleBy + 16) {
        throw new RpcClientException(4006, "nonce too far ahead");
      }
      pending.put(nonce, t.payload());
    }

    /** A block takes every pending transaction from the committed nonce on, without gaps. */
    List<Bytes> commit() {
      List<Bytes> out = new ArrayList<>();
      while (pending.containsKey(committed)) {
        out.add(pending.remove(committed));
        committed++;
      }
      return out;
    }
  }

  private static MemberOutbox.Transaction vote(int i) {
    return new MemberOutbox.Transaction(TO, Bytes.of(1, i), 100_000);
  }

  @Test
  void aStalePendingNonceDoesNotLoseTheVotesBehindIt() {
    Validator v = new Validator();
    MemberOutbox outbox = new MemberOutbox(v);
    outbox.send(vote(0));
    outbox.send(vote(1));
    assertThat(v.commit()).hasSize(2);
    // the validator's pendingNonce now lags: it answers 0 and 1 again
    v.staleBy = 2;
    for (int i = 2; i < 10; i++) {
      outbox.send(vote(i));
    }
    assertThat(outbox.size()).isZero();
    List<Bytes> landed = v.commit();
    assertThat(landed).hasSize(8);
    for (int i = 0; i < 8; i++) {
      assertThat(landed.get(i)).isEqualTo(vote(i + 2).payload());
    }
  }

  @Test
  void sendsWaitWhileTheValidatorIsDownOrFullAndGoOutInOrder() {
    Validator v = new Validator();
    MemberOutbox outbox = new MemberOutbox(v);
    v.down = true;
    outbox.send(vote(0));
    outbox.send(vote(1));
    assertThat(outbox.size()).isEqualTo(2);
    v.down = false;
    v.full = true;
    assertThat(outbox.flush()).isEqualTo(2);
    v.full = false;
    outbox.send(vote(2));
    assertThat(outbox.size()).isZero();
    assertThat(v.commit()).containsExactly(vote(0).payload(), vote(1).payload(), vote(2).payload());
  }

  @Test
  void aTransactionTheValidatorRefusesForGoodIsDroppedAndTheRestGoOn() {
    Validator v = new Validator();
    List<Bytes> sent = new ArrayList<>();
    MemberOutbox outbox =
        new MemberOutbox(
            new MemberOutbox.Chain() {
              @Override
              public long pendingNonce() throws RpcClientException {
                return v.pendingNonce();
              }

              @Override
              public void send(long nonce, MemberOutbox.Transaction t) throws RpcClientException {
                if (t.payload().get(1) == 1) {
                  throw new RpcClientException(4017, "refused at admission: malformed");
                }
                v.send(nonce, t);
                sent.add(t.payload());
              }
            });
    for (int i = 0; i < 3; i++) {
      outbox.send(vote(i));
    }
    assertThat(outbox.size()).isZero();
    assertThat(sent).containsExactly(vote(0).payload(), vote(2).payload());
    assertThat(v.commit()).hasSize(2);
  }

  @Test
  void aReplyLostAfterTheValidatorTookTheTransactionIsNotSentTwice() {
    Validator v = new Validator();
    boolean[] loseReply = {true};
    MemberOutbox outbox =
        new MemberOutbox(
            new MemberOutbox.Chain() {
              @Override
              public long pendingNonce() {
                return v.committed; // ignores the mempool, as a lagging validator might
              }

              @Override
              public void send(long nonce, MemberOutbox.Transaction t) throws RpcClientException {
                v.send(nonce, t);
                if (loseReply[0]) {
                  loseReply[0] = false;
                  throw new RpcClientException(0, "read timed out");
                }
              }
            });
    outbox.send(vote(0));
    assertThat(outbox.size()).isEqualTo(1);
    assertThat(outbox.flush()).isZero();
    outbox.send(vote(1));
    assertThat(v.commit()).containsExactly(vote(0).payload(), vote(1).payload());
  }
}
