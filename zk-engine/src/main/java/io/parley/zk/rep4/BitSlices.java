package io.parley.zk.rep4;

/** Bit-slicing of 64-bit values: slice b holds bit b of 64 consecutive values per long. */
final class BitSlices {
  private BitSlices() {}

  /** Writes bits [0, bits) of values[0, n) into out (bits * ceil(n/64) longs, slice-major). */
  static void slice(long[] values, int n, int bits, long[] out) {
    int words = (n + 63) >>> 6;
    long[] block = new long[64];
    for (int w = 0; w < words; w++) {
      int base = w << 6;
      int count = Math.min(64, n - base);
      System.arraycopy(values, base, block, 0, count);
      for (int i = count; i < 64; i++) {
        block[i] = 0;
      }
      transpose64(block);
      // after the transpose, block[b] holds bit b of the 64 values (value i at bit i)
      for (int b = 0; b < bits; b++) {
        out[b * words + w] = block[b];
      }
    }
  }

  /**
   * In-place transpose of a 64x64 bit matrix where row i is a[i] and column j is bit j: afterwards
   * bit i of a[j] is the former bit j of a[i] (Hacker's Delight 7-3, recursive block swaps).
   */
  static void transpose64(long[] a) {
    int j = 32;
    long m = 0x00000000FFFFFFFFL;
    while (j != 0) {
      for (int k = 0; k < 64; k = ((k | j) + 1) & ~j) {
        long t = ((a[k] >>> j) ^ a[k | j]) & m;
        a[k | j] ^= t;
        a[k] ^= t << j;
      }
      j >>>= 1;
      m ^= m << j;
    }
  }
}
