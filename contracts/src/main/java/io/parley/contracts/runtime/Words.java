package io.parley.contracts.runtime;

import com.dylibso.chicory.runtime.Memory;
import java.math.BigInteger;
import java.util.Arrays;

/** 32-byte little-endian two's complement words in linear memory, as the compiler lays them out. */
final class Words {
  static final int SIZE = 32;

  private Words() {}

  static BigInteger read(Memory memory, int address, boolean signed) {
    byte[] le = memory.readBytes(address, SIZE);
    byte[] be = reverse(le);
    return signed ? new BigInteger(be) : new BigInteger(1, be);
  }

  static void write(Memory memory, int address, BigInteger value) {
    memory.write(address, littleEndian(value));
  }

  static byte[] littleEndian(BigInteger value) {
    byte[] be = value.toByteArray();
    byte[] le = new byte[SIZE];
    Arrays.fill(le, (byte) (value.signum() < 0 ? 0xFF : 0));
    for (int i = 0; i < be.length && i < SIZE; i++) {
      le[i] = be[be.length - 1 - i];
    }
    return le;
  }

  /** The 32-byte big-endian form of a word (storage values and topics). */
  static byte[] bigEndian(BigInteger value) {
    return reverse(littleEndian(value));
  }

  static byte[] reverse(byte[] in) {
    byte[] out = new byte[in.length];
    for (int i = 0; i < in.length; i++) {
      out[i] = in[in.length - 1 - i];
    }
    return out;
  }
}
