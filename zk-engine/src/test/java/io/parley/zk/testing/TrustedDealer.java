package io.parley.zk.testing;

import io.parley.zk.field.FieldElement;
import io.parley.zk.protocol.Preprocessing;
import io.parley.zk.sharing.Shamir;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Test-only trusted dealer: deals consistent degree-t shares of triples, random values and random
 * bits to all parties, lazily, in the order the parties ask. Never used outside tests.
 */
public final class TrustedDealer {
  private final int parties;
  private final int threshold;
  private final SplittableRandom random;
  private final List<List<Deque<FieldElement>>> queues =
      new ArrayList<>(); // kind -> party -> queue

  public TrustedDealer(int parties, long seed) {
    this.parties = parties;
    this.threshold = (parties - 1) / 3;
    this.random = new SplittableRandom(seed);
    for (int kind = 0; kind < 7; kind++) {
      List<Deque<FieldElement>> perParty = new ArrayList<>();
      for (int i = 0; i < parties; i++) {
        perParty.add(new ArrayDeque<>());
      }
      queues.add(perParty);
    }
  }

  private static final int A = 0;
  private static final int B = 1;
  private static final int C = 2;
  private static final int RANDOM = 3;
  private static final int BIT = 4;
  private static final int ROOT = 5;
  private static final int SQUARE = 6;

  private void deal(int kind, FieldElement secret) {
    FieldElement[] shares = Shamir.share(secret, threshold, parties, random);
    for (int i = 0; i < parties; i++) {
      queues.get(kind).get(i).add(shares[i]);
    }
  }

  private synchronized FieldElement[] take(int kind, int party, int count) {
    Deque<FieldElement> queue = queues.get(kind).get(party);
    while (queue.size() < count) {
      switch (kind) {
        case A, B, C -> {
          FieldElement a = FieldElement.random(random);
          FieldElement b = FieldElement.random(random);
          deal(A, a);
          deal(B, b);
          deal(C, a.multiply(b));
        }
        case RANDOM -> deal(RANDOM, FieldElement.random(random));
        case ROOT, SQUARE -> {
          FieldElement r = FieldElement.random(random);
          deal(ROOT, r);
          deal(SQUARE, r.square());
        }
        default -> deal(BIT, random.nextBoolean() ? FieldElement.ONE : FieldElement.ZERO);
      }
    }
    FieldElement[] out = new FieldElement[count];
    for (int i = 0; i < count; i++) {
      out[i] = queue.poll();
    }
    return out;
  }

  public Preprocessing forParty(int party) {
    return new Preprocessing() {
      @Override
      public Triples triples(int count) {
        return new Triples(take(A, party, count), take(B, party, count), take(C, party, count));
      }

      @Override
      public FieldElement[] randoms(int count) {
        return take(RANDOM, party, count);
      }

      @Override
      public Squares squares(int count) {
        return new Squares(take(ROOT, party, count), take(SQUARE, party, count));
      }

      @Override
      public FieldElement[] bits(int count) {
        return take(BIT, party, count);
      }
    };
  }
}
