package io.parley.zk.king;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.crypto.PrivateKey;
import io.parley.zk.computation.Requirements;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Committee;
import io.parley.zk.preprocessing.PreprocessingStore;
import io.parley.zk.protocol.OnlineContext;
import io.parley.zk.prss.Prss;
import io.parley.zk.sharing.Shamir;
import io.parley.zk.testing.Fixtures;
import io.parley.zk.testing.Simulation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole 7-member fast path without a dealer: a PRSS batch sized by the program's dry run (no
 * random bits for r'', which come from PRSS bounded randoms), then the program through kings.
 */
class KingPipelineTest {
  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void prssBatchThenKingOpeningsMatchPlaintext(int n) {
    long seed = 4242L;
    List<PrivateKey> keys = Fixtures.keys(n, seed);
    Committee committee = Fixtures.committee(keys);
    int t = committee.threshold();
    SplittableRandom random = new SplittableRandom(seed);
    int pairs = KingSessionTest.PAIRS;
    FieldElement[][] xs = new FieldElement[n][pairs];
    FieldElement[][] ys = new FieldElement[n][pairs];
    for (int v = 0; v < pairs; v++) {
      FieldElement[] a = Shamir.share(FieldElement.of(KingSessionTest.x(v)), t, n, random);
      FieldElement[] b = Shamir.share(FieldElement.of(1_000_003), t, n, random);
      for (int i = 0; i < n; i++) {
        xs[i][v] = a[i];
        ys[i][v] = b[i];
      }
    }
    FieldElement[] zero = new FieldElement[pairs];
    java.util.Arrays.fill(zero, FieldElement.ZERO);
    Requirements needs =
        Requirements.of(n, context -> KingSessionTest.program(context, zero, zero), true);
    Requirements viaBits =
        Requirements.of(n, context -> KingSessionTest.program(context, zero, zero));
    assertThat(needs.bits()).isLessThan(viaBits.bits());
    assertThat(needs.triples()).isEqualTo(viaBits.triples());

    List<io.parley.zk.prss.PrssKeys> batchPrss = Dn07BatchTest.keys(n, seed);
    List<Prss> boundedPrss = Dn07BatchTest.prss(n, seed + 1);
    Bytes32 batch = Fixtures.id(seed);
    List<Dn07Session> prep = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      prep.add(
          Dn07Batch.session(
              committee,
              i,
              batch,
              batchPrss.get(i),
              new Dn07Batch.Plan((int) needs.triples(), (int) needs.randoms(), (int) needs.bits()),
              Optional.of(keys.get(i))));
    }
    new Simulation<>(prep, Map.of(), seed).run();

    Bytes32 online = Fixtures.id(seed + 7);
    List<KingSession<FieldElement[]>> sessions = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Dn07Batch.Output out =
          ((Outcome.Completed<Dn07Batch.Output>) prep.get(i).outcome().orElseThrow()).value();
      PreprocessingStore store = new PreprocessingStore();
      store.add(out.batch());
      store.addBits(out.bits());
      store.useBoundedFrom(boundedPrss.get(i));
      sessions.add(
          new KingSession<>(
              committee,
              i,
              online,
              KingSessionTest.program(new OnlineContext(i, n, store), xs[i], ys[i]),
              Optional.of(keys.get(i))));
    }
    new Simulation<>(sessions, Map.of(), seed).run();
    for (KingSession<FieldElement[]> s : sessions) {
      Outcome<FieldElement[]> outcome = s.outcome().orElseThrow();
      assertThat(outcome).isInstanceOf(Outcome.Completed.class);
      KingSessionTest.assertCorrect(((Outcome.Completed<FieldElement[]>) outcome).value(), "");
    }
  }
}
