package io.parley.contracts.wasm;

import static io.parley.contracts.wasm.Code.I32;
import static io.parley.contracts.wasm.Code.I64;

import io.parley.contracts.check.Type;

/**
 * Helper functions generated on demand: the bump allocator, word stores, and checked arithmetic on
 * integers of up to 64 bits (docs/spec/language.md section 3.1).
 */
final class Helpers {
  private static final byte[] NONE = new byte[0];

  private final ModuleContext m;

  Helpers(ModuleContext m) {
    this.m = m;
  }

  private static WasmModuleWriter.Signature sig(byte[] params, byte... results) {
    return new WasmModuleWriter.Signature(params, results);
  }

  /** alloc(size) -> pointer, 8-byte aligned, growing memory as needed. */
  int alloc() {
    return m.helper(
        "alloc",
        sig(new byte[] {I32}, I32),
        new byte[] {I32},
        c -> {
          int heap = m.heapGlobal;
          c.globalGet(heap).localSet(1);
          c.globalGet(heap).localGet(0).op(0x6A).i32(7).op(0x6A).i32(-8).op(0x71).globalSet(heap);
          // Overflow of the 32-bit address space or a size beyond memory: grow or fail.
          c.globalGet(heap).localGet(1).op(0x49).ifThen(Code.VOID);
          m.abort(c, "out of memory");
          c.end();
          c.globalGet(heap).memorySize().i32(16).op(0x74).op(0x4B).ifThen(Code.VOID);
          c.globalGet(heap)
              .memorySize()
              .i32(16)
              .op(0x74)
              .op(0x6B)
              .i32(65535)
              .op(0x6A)
              .i32(16)
              .op(0x76);
          c.memoryGrow().i32(-1).op(0x46).ifThen(Code.VOID);
          m.abort(c, "out of memory");
          c.end();
          c.end();
          c.localGet(1);
        });
  }

  /** store(addr, v): a small integer as a full word, sign- or zero-extended. */
  int storeSmall(boolean signed) {
    return m.helper(
        signed ? "store_s" : "store_u",
        sig(new byte[] {I32, I64}),
        NONE,
        c -> {
          c.localGet(0).localGet(1).i64Store(0);
          for (int off = 8; off < 32; off += 8) {
            c.localGet(0);
            if (signed) {
              c.localGet(1).i64(63).op(0x87);
            } else {
              c.i64(0);
            }
            c.i64Store(off);
          }
        });
  }

  int storeBool() {
    return m.helper(
        "store_b",
        sig(new byte[] {I32, I32}),
        NONE,
        c -> {
          c.localGet(0).localGet(1).op(0xAD).i64Store(0);
          for (int off = 8; off < 32; off += 8) {
            c.localGet(0).i64(0).i64Store(off);
          }
        });
  }

  /** Checked {@code a op b} for an integer type of at most 64 bits. */
  int arithmetic(String op, Type.Int t) {
    String name = "arith" + op + t.baseName();
    return m.helper(
        name,
        sig(new byte[] {I64, I64}, I64),
        new byte[] {I64},
        c -> {
          String overflow = "arithmetic overflow (" + t.baseName() + " " + op + ")";
          switch (op) {
            case "/", "%" -> division(c, op, t);
            case "+" -> c.localGet(0).localGet(1).op(0x7C).localSet(2);
            case "-" -> c.localGet(0).localGet(1).op(0x7D).localSet(2);
            default -> c.localGet(0).localGet(1).op(0x7E).localSet(2);
          }
          if (t.bits() < 64) {
            rangeCheck(c, 2, t, overflow);
          } else if (!op.equals("/") && !op.equals("%")) {
            overflow64(c, op, t.signed());
            c.ifThen(Code.VOID);
            m.abort(c, overflow);
            c.end();
          }
          c.localGet(2);
        });
  }

  private void division(Code c, String op, Type.Int t) {
    c.localGet(1).op(0x50).ifThen(Code.VOID);
    m.abort(c, "division by zero");
    c.end();
    if (t.signed() && t.bits() == 64 && op.equals("/")) {
      c.localGet(0).i64(Long.MIN_VALUE).op(0x51).localGet(1).i64(-1).op(0x51).op(0x71);
      c.ifThen(Code.VOID);
      m.abort(c, "arithmetic overflow (i64 /)");
      c.end();
    }
    if (t.signed()) {
      c.localGet(0).localGet(1).op(op.equals("/") ? 0x7F : 0x81).localSet(2);
    } else {
      c.localGet(0).localGet(1).op(op.equals("/") ? 0x80 : 0x82).localSet(2);
    }
  }

  /** Pushes an i32 that is 1 when the 64-bit operation in local 2 overflowed. */
  private static void overflow64(Code c, String op, boolean signed) {
    switch (op) {
      case "+" -> {
        if (signed) { // ((a ^ r) & (b ^ r)) < 0
          c.localGet(0)
              .localGet(2)
              .op(0x85)
              .localGet(1)
              .localGet(2)
              .op(0x85)
              .op(0x83)
              .i64(0)
              .op(0x53);
        } else { // r < a (unsigned)
          c.localGet(2).localGet(0).op(0x54);
        }
      }
      case "-" -> {
        if (signed) { // ((a ^ b) & (a ^ r)) < 0
          c.localGet(0)
              .localGet(1)
              .op(0x85)
              .localGet(0)
              .localGet(2)
              .op(0x85)
              .op(0x83)
              .i64(0)
              .op(0x53);
        } else { // a < b (unsigned)
          c.localGet(0).localGet(1).op(0x54);
        }
      }
      default -> {
        if (signed) {
          // a == -1 ? b == MIN : (a != 0 && r / a != b)
          c.localGet(0).i64(-1).op(0x51).ifThen(I32);
          c.localGet(1).i64(Long.MIN_VALUE).op(0x51);
          c.elseBranch();
          c.localGet(0).op(0x50).ifThen(I32).i32(0).elseBranch();
          c.localGet(2).localGet(0).op(0x7F).localGet(1).op(0x52);
          c.end();
          c.end();
        } else {
          c.localGet(0).op(0x50).ifThen(I32).i32(0).elseBranch();
          c.localGet(2).localGet(0).op(0x80).localGet(1).op(0x52);
          c.end();
        }
      }
    }
  }

  /** Aborts unless local {@code local} (exact, as i64) lies within the range of {@code t}. */
  void rangeCheck(Code c, int local, Type.Int t, String message) {
    if (t.signed()) {
      c.localGet(local).i64(t.min().longValue()).op(0x53);
      c.localGet(local).i64(t.max().longValue()).op(0x55).op(0x72);
    } else {
      c.localGet(local).i64(t.max().longValue()).op(0x56);
    }
    c.ifThen(Code.VOID);
    m.abort(c, message);
    c.end();
  }

  /** Checked conversion between integer types of at most 64 bits. */
  int castSmall(Type.Int from, Type.Int to) {
    return m.helper(
        "cast" + from.baseName() + to.baseName(),
        sig(new byte[] {I64}, I64),
        NONE,
        c -> {
          String message = "value does not fit in " + to.baseName();
          boolean needLow = from.signed() && to.min().compareTo(from.min()) > 0;
          boolean needHigh = to.max().compareTo(from.max()) < 0;
          if (needLow) {
            c.localGet(0).i64(to.min().longValue()).op(0x53).ifThen(Code.VOID);
            m.abort(c, message);
            c.end();
          }
          if (needHigh) {
            c.localGet(0)
                .i64(to.max().longValue())
                .op(from.signed() ? 0x55 : 0x56)
                .ifThen(Code.VOID);
            m.abort(c, message);
            c.end();
          }
          c.localGet(0);
        });
  }

  /**
   * {@code a << s} or {@code a >> s}; the amount must be below the width; bits shifted out are
   * lost.
   */
  int shift(boolean left, Type.Int t) {
    return m.helper(
        (left ? "shl" : "shr") + t.baseName(),
        sig(new byte[] {I64, I64}, I64),
        NONE,
        c -> {
          c.localGet(1).i64(t.bits()).op(0x5A).ifThen(Code.VOID);
          m.abort(c, "shift amount out of range for " + t.baseName());
          c.end();
          c.localGet(0).localGet(1);
          if (!left) {
            c.op(t.signed() ? 0x87 : 0x88);
            return;
          }
          c.op(0x86);
          if (t.bits() < 64) {
            int rest = 64 - t.bits();
            if (t.signed()) {
              c.i64(rest).op(0x86).i64(rest).op(0x87);
            } else {
              c.i64(t.max().longValue()).op(0x83);
            }
          }
        });
  }
}
