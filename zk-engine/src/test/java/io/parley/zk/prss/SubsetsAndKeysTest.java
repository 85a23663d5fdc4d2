package io.parley.zk.prss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubsetsAndKeysTest {
  @Test
  void sevenMembersHaveTwentyOneKeysFifteenPerMember() {
    List<int[]> subsets = Subsets.of(7, 2);
    assertThat(subsets).hasSize(21);
    assertThat(subsets.get(0)).containsExactly(0, 1);
    assertThat(subsets.get(1)).containsExactly(0, 2);
    assertThat(subsets.get(6)).containsExactly(1, 2);
    assertThat(subsets.get(20)).containsExactly(5, 6);
    for (int m = 0; m < 7; m++) {
      assertThat(Subsets.heldBy(7, 2, m)).hasSize(15);
    }
    for (int[] a : subsets) {
      assertThat(Subsets.holders(7, a)).hasSize(5);
    }
  }

  @ParameterizedTest
  @CsvSource({"4,1", "7,2", "10,3", "5,0", "6,6", "13,4"})
  void indexInvertsTheLexicographicOrder(int n, int t) {
    List<int[]> subsets = Subsets.of(n, t);
    assertThat(subsets).hasSize(Subsets.count(n, t));
    for (int a = 0; a < subsets.size(); a++) {
      assertThat(Subsets.index(n, t, subsets.get(a))).isEqualTo(a);
      if (a > 0) {
        assertThat(Arrays.compare(subsets.get(a - 1), subsets.get(a))).isNegative();
      }
      for (int m = 0; m < n; m++) {
        int member = m;
        boolean in = Arrays.stream(subsets.get(a)).anyMatch(x -> x == member);
        assertThat(Subsets.contains(subsets.get(a), m)).isEqualTo(in);
        assertThat(Subsets.heldBy(n, t, m).contains(a)).isEqualTo(!in);
      }
    }
  }

  @Test
  void rejectsMalformedSubsets() {
    assertThatThrownBy(() -> Subsets.index(7, 2, new int[] {3, 3}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Subsets.index(7, 2, new int[] {4, 2}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Subsets.index(7, 2, new int[] {1, 7}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Subsets.index(7, 2, new int[] {1}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Subsets.of(64, 32)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void batchKeysAreOneWayPerBatchAndKeysStayHidden() {
    Map<Integer, byte[]> all = PrssFixtures.allKeys(7, 2, 1);
    PrssKeys keys = PrssFixtures.keysOf(7, 2, 3, all);
    PrssKeys a = keys.forBatch(Bytes32.fromHexString("0x01".repeat(1) + "00".repeat(31)));
    PrssKeys a2 = keys.forBatch(Bytes32.fromHexString("0x01".repeat(1) + "00".repeat(31)));
    PrssKeys b = keys.forBatch(Bytes32.ZERO);
    assertThat(a).isEqualTo(a2).isNotEqualTo(b).isNotEqualTo(keys);
    int subset = Subsets.heldBy(7, 2, 3).get(0);
    assertThat(a.key(subset)).isNotEqualTo(keys.key(subset));
    // the same key at another holder derives the same batch key
    int other =
        Subsets.holders(7, Subsets.of(7, 2).get(subset))[0] == 3
            ? Subsets.holders(7, Subsets.of(7, 2).get(subset))[1]
            : Subsets.holders(7, Subsets.of(7, 2).get(subset))[0];
    PrssKeys atOther = PrssFixtures.keysOf(7, 2, other, all).forBatch(Bytes32.ZERO);
    assertThat(atOther.key(subset)).isEqualTo(b.key(subset));
    assertThat(keys.toString())
        .doesNotContain(Bytes32.wrap(keys.key(subset)).toHexString().substring(2, 10));
    byte[] copy = keys.key(subset);
    copy[0] ^= 1;
    assertThat(keys.key(subset)).isNotEqualTo(copy);
    keys.keys().get(subset)[0] ^= 1;
    assertThat(keys.key(subset)).isEqualTo(all.get(subset));
    assertThatThrownBy(() -> keys.key(Subsets.index(7, 2, new int[] {2, 3})))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
