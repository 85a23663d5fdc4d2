package io.parley.contracts.wasm;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Linear memory of a compiled contract: [0, 32) a zero word, [32, 64 KiB) constants (data segment),
 * then static frames (functions never recurse, so each expression and local has a fixed slot), then
 * the heap used by {@code alloc}.
 */
final class MemoryPlan {
  static final int DATA_START = 32;
  static final int STATIC_START = 65536;
  static final int STATIC_LIMIT = 8 << 20;

  private final ByteArrayOutputStream data = new ByteArrayOutputStream();
  private final Map<String, Integer> interned = new HashMap<>();
  private int statics = STATIC_START;

  /** A constant region; equal constants share one address. */
  int constant(byte[] bytes) {
    String key = Arrays.toString(bytes);
    Integer existing = interned.get(key);
    if (existing != null) {
      return existing;
    }
    while (data.size() % 8 != 0) {
      data.write(0);
    }
    int address = DATA_START + data.size();
    if (address + bytes.length > STATIC_START) {
      throw new CodegenException("too many constants (more than 64 KiB)");
    }
    data.writeBytes(bytes);
    interned.put(key, address);
    return address;
  }

  /** A 32-byte little-endian two's complement word holding {@code value}. */
  int word(BigInteger value) {
    return constant(wordBytes(value));
  }

  static byte[] wordBytes(BigInteger value) {
    byte[] be = value.toByteArray();
    byte[] le = new byte[Layout.WORD];
    byte fill = (byte) (value.signum() < 0 ? 0xFF : 0);
    Arrays.fill(le, fill);
    for (int i = 0; i < be.length && i < Layout.WORD; i++) {
      le[i] = be[be.length - 1 - i];
    }
    return le;
  }

  /** A bytes value: 4-byte little-endian length then the data. */
  int bytesValue(byte[] content) {
    ByteBuffer b = ByteBuffer.allocate(4 + content.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(content.length).put(content);
    return constant(b.array());
  }

  /** A plain string for abort messages; returns its address. */
  int message(byte[] content) {
    return constant(content);
  }

  int allocateStatic(int size) {
    int address = statics;
    statics += (size + 7) & ~7;
    if (statics > STATIC_LIMIT) {
      throw new CodegenException("the contract needs more than 8 MiB of static memory");
    }
    return address;
  }

  int heapStart() {
    return (statics + 15) & ~15;
  }

  byte[] dataBytes() {
    return data.toByteArray();
  }
}
