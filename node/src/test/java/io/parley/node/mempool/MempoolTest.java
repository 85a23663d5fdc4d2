package io.parley.node.mempool;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.crypto.KeyPair;
import io.parley.base.state.Account;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.tx.Transaction;
import io.parley.base.types.Address;
import io.parley.genesis.ExecutionParameters;
import io.parley.node.execution.Rejection;
import io.parley.node.execution.TransactionProcessor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

class MempoolTest {
  private static final long CHAIN = 7;
  private final Map<Address, Account> state = new HashMap<>();
  private final AccountReader reader = a -> state.getOrDefault(a, Account.EMPTY);
  private final Address sink = KeyPair.random().address();

  private Mempool mempool(MempoolLimits limits) {
    return new Mempool(
        new TransactionProcessor(CHAIN, ExecutionParameters.DEFAULTS), 10_000_000, limits);
  }

  private KeyPair funded(long balance) {
    KeyPair key = KeyPair.random();
    state.put(key.address(), Account.ofBalance(UInt256.valueOf(balance)));
    return key;
  }

  private static SignedTransaction tx(KeyPair from, long nonce) {
    return Transaction.transfer(CHAIN, nonce, Address.ZERO, UInt256.ONE, UInt256.ONE, 21_000)
        .sign(from);
  }

  private static Optional<Rejection.Reason> reason(Optional<Rejection> r) {
    return r.map(Rejection::reason);
  }

  @Test
  void readyTransactionsComeInNonceOrderAndStopAtAGap() {
    Mempool pool = mempool(MempoolLimits.DEFAULTS);
    KeyPair a = funded(1_000_000);
    assertThat(pool.add(tx(a, 2), reader)).isEmpty();
    assertThat(pool.add(tx(a, 0), reader)).isEmpty();
    assertThat(pool.add(tx(a, 4), reader)).isEmpty();
    List<SignedTransaction> ready = pool.selectReady(10, reader);
    assertThat(ready).extracting(t -> t.transaction().nonce()).containsExactly(0L);
    assertThat(pool.add(tx(a, 1), reader)).isEmpty();
    assertThat(pool.selectReady(10, reader))
        .extracting(t -> t.transaction().nonce())
        .containsExactly(0L, 1L, 2L);
    assertThat(pool.nextNonce(a.address(), 0)).isEqualTo(3);
  }

  @Test
  void sendersAreServedRoundRobin() {
    Mempool pool = mempool(MempoolLimits.DEFAULTS);
    KeyPair a = funded(1_000_000);
    KeyPair b = funded(1_000_000);
    for (int n = 0; n < 3; n++) {
      pool.add(tx(a, n), reader);
    }
    for (int n = 0; n < 3; n++) {
      pool.add(tx(b, n), reader);
    }
    List<SignedTransaction> ready = pool.selectReady(4, reader);
    assertThat(ready)
        .extracting(t -> t.sender().orElseThrow())
        .containsExactly(a.address(), b.address(), a.address(), b.address());
  }

  @Test
  void everyRejectionHasItsReason() {
    Mempool pool = mempool(new MempoolLimits(3, 1 << 20, 2, 10));
    KeyPair a = funded(100_000);
    state.put(a.address(), state.get(a.address()).withNonce(5));
    assertThat(reason(pool.add(tx(a, 4), reader))).contains(Rejection.Reason.NONCE_TOO_LOW);
    assertThat(reason(pool.add(tx(a, 15), reader))).contains(Rejection.Reason.NONCE_TOO_HIGH);
    assertThat(pool.add(tx(a, 5), reader)).isEmpty();
    assertThat(reason(pool.add(tx(a, 5), reader))).contains(Rejection.Reason.DUPLICATE);
    SignedTransaction otherAtFive =
        Transaction.transfer(CHAIN, 5, sink, UInt256.ONE, UInt256.ONE, 21_000).sign(a);
    assertThat(reason(pool.add(otherAtFive, reader))).contains(Rejection.Reason.NONCE_PENDING);
    assertThat(pool.add(tx(a, 6), reader)).isEmpty();
    assertThat(reason(pool.add(tx(a, 7), reader))).contains(Rejection.Reason.SENDER_LIMIT);
    // b can pay for exactly three transfers (21001 each at most).

    KeyPair b = funded(3 * 21_001);
    assertThat(pool.add(tx(b, 0), reader)).isEmpty();
    assertThat(reason(pool.add(tx(b, 1), reader))).contains(Rejection.Reason.MEMPOOL_FULL);
    Mempool roomy = mempool(MempoolLimits.DEFAULTS);
    for (int n = 0; n < 3; n++) {
      assertThat(roomy.add(tx(b, n), reader)).isEmpty();
    }
    assertThat(reason(roomy.add(tx(b, 3), reader))).contains(Rejection.Reason.INSUFFICIENT_BALANCE);
    SignedTransaction wrongChain =
        Transaction.transfer(8, 0, sink, UInt256.ONE, UInt256.ONE, 21_000).sign(b);
    assertThat(reason(roomy.add(wrongChain, reader))).contains(Rejection.Reason.WRONG_CHAIN_ID);
    assertThat(roomy.size()).isEqualTo(3);
  }

  @Test
  void committedTransactionsAndStaleNoncesLeave() {
    Mempool pool = mempool(MempoolLimits.DEFAULTS);
    KeyPair a = funded(1_000_000);
    SignedTransaction t0 = tx(a, 0);
    SignedTransaction t1 = tx(a, 1);
    pool.add(t0, reader);
    pool.add(t1, reader);
    // A block containing t0 and, from elsewhere, a transaction that used nonce 1.
    state.put(a.address(), state.get(a.address()).withNonce(2));
    pool.removeCommitted(List.of(t0), reader);
    assertThat(pool.size()).isZero();
    assertThat(pool.get(t1.hash())).isEmpty();
  }
}
