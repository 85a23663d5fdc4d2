package io.parley.zk.online;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.crypto.PrivateKey;
import io.parley.zk.computation.Blames;
import io.parley.zk.evidence.Accusation;
import io.parley.zk.evidence.Blame;
import io.parley.zk.evidence.BlameVerifier;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Committee;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.Kind;
import io.parley.zk.messages.Signer;
import io.parley.zk.protocol.OnlineContext;
import io.parley.zk.protocol.SecureArithmetic;
import io.parley.zk.testing.Adversaries;
import io.parley.zk.testing.Fixtures;
import io.parley.zk.testing.Simulation;
import io.parley.zk.testing.TrustedDealer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Openings larger than one chunk: decoded chunk by chunk; evidence is one chunk's envelopes. */
class ChunkedOpeningTest {
  private static final int PRODUCTS = 10_000; // opens 20,000 values: 3 chunks

  static List<OnlineSession<FieldElement[]>> run(Map<Integer, Simulation.Adversary> corrupt) {
    int n = 4;
    List<PrivateKey> keys = Fixtures.keys(n, 44);
    Committee committee = Fixtures.committee(keys);
    TrustedDealer dealer = new TrustedDealer(n, 44);
    List<OnlineSession<FieldElement[]>> sessions = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      FieldElement[] x = new FieldElement[PRODUCTS];
      FieldElement[] y = new FieldElement[PRODUCTS];
      for (int k = 0; k < PRODUCTS; k++) {
        x[k] = FieldElement.of(k); // public constants are valid sharings
        y[k] = FieldElement.of(k + 1L);
      }
      SecureArithmetic a = new SecureArithmetic(new OnlineContext(i, n, dealer.forParty(i)));
      sessions.add(
          new OnlineSession<>(
              committee,
              i,
              Fixtures.id(44),
              a.multiply(x, y).then(a::open),
              Signer.with(keys.get(i)),
              OnlineSession.Mode.MALICIOUS));
    }
    new Simulation<>(sessions, corrupt, 44).run();
    return sessions;
  }

  @Test
  void largeOpeningsAreDecodedChunkByChunk() {
    for (OnlineSession<FieldElement[]> s : run(Map.of())) {
      FieldElement[] v = ((Outcome.Completed<FieldElement[]>) s.outcome().orElseThrow()).value();
      assertThat(v).hasSize(PRODUCTS);
      assertThat(v[PRODUCTS - 1]).isEqualTo(FieldElement.of((PRODUCTS - 1L) * PRODUCTS));
    }
  }

  @Test
  void wrongShareInTheLastChunkIsProvenWithThatChunkOnly() {
    PrivateKey key = Fixtures.keys(4, 44).get(1);
    Simulation.Adversary lastChunk =
        Adversaries.rewrite(
            key,
            (to, e) ->
                e.kind() == Kind.OPEN && e.step() == 0 && ByteBuffer.wrap(e.data()).getInt() == 2,
            e -> {
              FieldElement[] values = e.values().clone();
              values[5] = values[5].add(FieldElement.ONE);
              return new Envelope(
                  e.computation(),
                  e.step(),
                  e.sender(),
                  e.recipient(),
                  e.kind(),
                  values,
                  e.data(),
                  e.signature());
            });
    List<OnlineSession<FieldElement[]>> sessions = run(Map.of(1, lastChunk));
    BlameVerifier verifier = Blames.verifier(Fixtures.committee(Fixtures.keys(4, 44)));
    for (int i : new int[] {0, 2, 3}) {
      Outcome<FieldElement[]> o = sessions.get(i).outcome().orElseThrow();
      Blame blame =
          ((Accusation.Proven) ((Outcome.Aborted<FieldElement[]>) o).accusation()).blame();
      assertThat(blame.accused()).isEqualTo(1);
      assertThat(verifier.verify(blame).valid()).isTrue();
      Blame.WrongShare wrong = (Blame.WrongShare) blame;
      assertThat(wrong.index()).isEqualTo(5);
      assertThat(wrong.openings()).allMatch(e -> e.values().length <= OnlineSession.CHUNK);
    }
  }
}
