package io.parley.contracts.examples;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What examples/BankFraud.par reveals, computed in the clear: publicly the number of clients both
 * banks flagged; to the regulator, per entry of the first bank's collection (capacity entries), the
 * id if the second bank flagged it too, the first bank's score and the second bank's (zeros
 * elsewhere).
 */
public record BankFraudReference(
    long common,
    List<BigInteger> ids,
    List<BigInteger> firstScores,
    List<BigInteger> secondScores) {

  /** A flagged client: a 64-bit id (unsigned, nonzero, unique within a bank) and a risk score. */
  public record Flag(long id, int score) {
    /** The id as the unsigned integer a secret input carries. */
    public BigInteger unsignedId() {
      return new BigInteger(Long.toUnsignedString(id));
    }
  }

  /**
   * Made-up data: two lists of {@code size} distinct nonzero ids sharing {@code common} of them,
   * scores 0..1000, the second list shuffled.
   */
  public static List<List<Flag>> sample(Random random, int size, int common) {
    // full 64-bit hashes: about half have the top bit set (unsigned values of 2^63 and more)
    List<Long> ids = random.longs(4L * size).filter(v -> v != 0).distinct().boxed().toList();
    List<Flag> first = new ArrayList<>();
    List<Flag> second = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      first.add(new Flag(ids.get(i), random.nextInt(1001)));
      long id = i < common ? ids.get(i) : ids.get(size + i);
      second.add(new Flag(id, random.nextInt(1001)));
    }
    Collections.shuffle(second, random);
    return List.of(first, second);
  }

  public static BankFraudReference of(List<Flag> first, List<Flag> second, int capacity) {
    Map<Long, Integer> theirs = new HashMap<>();
    second.forEach(f -> theirs.put(f.id(), f.score()));
    List<BigInteger> ids = new ArrayList<>();
    List<BigInteger> mine = new ArrayList<>();
    List<BigInteger> other = new ArrayList<>();
    long common = 0;
    for (int i = 0; i < capacity; i++) {
      Flag f = i < first.size() ? first.get(i) : null;
      boolean both = f != null && theirs.containsKey(f.id());
      common += both ? 1 : 0;
      ids.add(both ? f.unsignedId() : BigInteger.ZERO);
      mine.add(BigInteger.valueOf(both ? f.score() : 0));
      other.add(BigInteger.valueOf(both ? theirs.get(f.id()) : 0));
    }
    return new BankFraudReference(common, ids, mine, other);
  }
}
