package io.parley.zk.prss;

import java.util.ArrayList;
import java.util.List;

/**
 * The t-subsets A of the members {0..n-1} that index the keys of pseudo-random secret sharing
 * (Cramer, Damgard, Ishai, TCC 2005): subsets as ascending arrays, in lexicographic order, numbered
 * 0..C(n,t)-1. Member m holds key K_A exactly when m is not in A, so each key has n - t holders and
 * each member holds C(n-1, t) keys (21 keys, 15 per member, at n = 7 and t = 2).
 */
public final class Subsets {
  /** Largest committee the subset numbering accepts. */
  public static final int MAX_MEMBERS = 64;

  /** Largest number of subsets (keys) accepted: C(n,t) grows fast, PRSS is for small n. */
  public static final int MAX_SUBSETS = 1 << 16;

  private Subsets() {}

  /** C(n, t), checked against {@link #MAX_SUBSETS}. */
  public static int count(int n, int t) {
    check(n, t);
    return (int) binomial(n, t);
  }

  /** All t-subsets of {0..n-1} in lexicographic order (position = index). */
  public static List<int[]> of(int n, int t) {
    int total = count(n, t);
    List<int[]> out = new ArrayList<>(total);
    int[] current = new int[t];
    for (int i = 0; i < t; i++) {
      current[i] = i;
    }
    for (int k = 0; k < total; k++) {
      out.add(current.clone());
      int i = t - 1;
      while (i >= 0 && current[i] == n - t + i) {
        i--;
      }
      if (i < 0) {
        break;
      }
      current[i]++;
      for (int j = i + 1; j < t; j++) {
        current[j] = current[j - 1] + 1;
      }
    }
    return out;
  }

  /** The index of an ascending t-subset of {0..n-1} in lexicographic order. */
  public static int index(int n, int t, int[] subset) {
    check(n, t);
    if (subset.length != t) {
      throw new IllegalArgumentException("subset of " + subset.length + " members, expected " + t);
    }
    long rank = 0;
    int previous = -1;
    for (int k = 0; k < t; k++) {
      int a = subset[k];
      if (a <= previous || a >= n) {
        throw new IllegalArgumentException("subset is not ascending within 0.." + (n - 1));
      }
      for (int v = previous + 1; v < a; v++) {
        rank += binomial(n - 1 - v, t - 1 - k);
      }
      previous = a;
    }
    return (int) rank;
  }

  /** True when {@code member} is in {@code subset}. */
  public static boolean contains(int[] subset, int member) {
    for (int a : subset) {
      if (a == member) {
        return true;
      }
    }
    return false;
  }

  /** The holders of K_A: the members of {0..n-1} not in A, ascending. */
  public static int[] holders(int n, int[] subset) {
    int[] out = new int[n - subset.length];
    int k = 0;
    for (int m = 0; m < n; m++) {
      if (!contains(subset, m)) {
        out[k++] = m;
      }
    }
    return out;
  }

  /** Indices of the subsets not containing {@code member} (the keys it holds), ascending. */
  public static List<Integer> heldBy(int n, int t, int member) {
    if (member < 0 || member >= n) {
      throw new IllegalArgumentException("member " + member + " out of range 0.." + (n - 1));
    }
    List<int[]> all = of(n, t);
    List<Integer> out = new ArrayList<>();
    for (int a = 0; a < all.size(); a++) {
      if (!contains(all.get(a), member)) {
        out.add(a);
      }
    }
    return out;
  }

  private static void check(int n, int t) {
    if (n < 1 || n > MAX_MEMBERS || t < 0 || t > n) {
      throw new IllegalArgumentException("need 0 <= t <= n <= " + MAX_MEMBERS);
    }
    if (binomial(n, t) > MAX_SUBSETS) {
      throw new IllegalArgumentException("C(" + n + "," + t + ") exceeds " + MAX_SUBSETS);
    }
  }

  private static long binomial(int n, int k) {
    if (k < 0 || k > n) {
      return 0;
    }
    long r = 1;
    for (int i = 1; i <= Math.min(k, n - k); i++) {
      r = r * (n - Math.min(k, n - k) + i) / i;
      if (r > Integer.MAX_VALUE) {
        return Integer.MAX_VALUE;
      }
    }
    return r;
  }
}
