package io.parley.contracts.wasm;

import io.parley.contracts.check.Type;

/**
 * How values live in WebAssembly: bool as i32, integers of up to 64 bits as i64, everything else as
 * an i32 pointer into linear memory. In memory every scalar leaf takes a 32-byte word
 * (little-endian two's complement; an address is its 160-bit value), a {@code bytes} leaf holds a
 * pointer in its first 4 bytes, structs and arrays are their leaves in order.
 */
public final class Layout {
  public static final int WORD = 32;

  private Layout() {}

  public static int size(Type t) {
    return switch (t) {
      case Type.Struct s -> s.fields().stream().mapToInt(f -> size(f.type())).sum();
      case Type.Array a -> a.length() * size(a.element());
      default -> WORD;
    };
  }

  /** The WebAssembly value type that carries a value of {@code t}. */
  public static byte valueType(Type t) {
    if (t instanceof Type.Bool) {
      return Code.I32;
    }
    if (t instanceof Type.Int i && i.small()) {
      return Code.I64;
    }
    return Code.I32;
  }

  public static boolean small(Type t) {
    return t instanceof Type.Int i && i.small();
  }

  /** Values carried as pointers to a memory region that assignments copy. */
  public static boolean inMemory(Type t) {
    return t instanceof Type.Int i && !i.small()
        || t instanceof Type.AddressT
        || t instanceof Type.Struct
        || t instanceof Type.Array;
  }

  public static int fieldOffset(Type.Struct s, int index) {
    int offset = 0;
    for (int i = 0; i < index; i++) {
      offset += size(s.fields().get(i).type());
    }
    return offset;
  }

  /** The type code of the wide operations for an integer or address type. */
  public static int typeCode(Type t) {
    if (t instanceof Type.Int i) {
      return HostImport.typeCode(i.bits(), i.signed());
    }
    return HostImport.typeCode(256, false);
  }
}
