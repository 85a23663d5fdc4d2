package io.parley.zk.online;

import io.parley.base.crypto.PrivateKey;
import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Kind;
import io.parley.zk.testing.Adversaries;
import io.parley.zk.testing.Fixtures;
import io.parley.zk.testing.Simulation;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Every step, every value index, every corrupt member, many seeds: run with -Plong. */
@Tag("long")
class AdversarySweepLongTest {
  @Test
  void offsetsAnywhereAreAlwaysCaughtAndNeverBlameAnHonestMember() {
    int rounds = OnlineAdversaryTest.rounds();
    for (int n : new int[] {4, 7}) {
      for (long seed = 1; seed <= 4; seed++) {
        for (int step = 0; step < rounds; step++) {
          for (int member = 0; member < n; member++) {
            for (int index = 0; index < 2; index++) {
              PrivateKey key = Fixtures.keys(n, seed).get(member);
              int target = (int) (seed % n);
              Map<Integer, Simulation.Adversary> corrupt =
                  Map.of(
                      member,
                      Adversaries.offset(
                          key, Kind.OPEN, step, index, FieldElement.of(seed), j -> j != target));
              OnlineAdversaryTest.assertSafe(
                  OnlineAdversaryTest.run(n, corrupt, seed), corrupt, seed, false);
            }
          }
        }
      }
    }
  }
}
