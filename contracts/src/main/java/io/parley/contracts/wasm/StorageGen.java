package io.parley.contracts.wasm;

import static io.parley.contracts.wasm.Code.I32;
import static io.parley.contracts.wasm.Code.I64;

import io.parley.contracts.check.Symbol;
import io.parley.contracts.check.Type;
import io.parley.contracts.lang.Ast;
import java.math.BigInteger;

/**
 * Storage paths: keys of state variables, map elements, struct fields and array elements (spec
 * section 9), and reads and writes of values at a key.
 */
final class StorageGen {
  private static final int MAX_WORDS = 256;

  private final FunctionGen g;
  private final Code c;

  StorageGen(FunctionGen g) {
    this.g = g;
    this.c = g.c;
  }

  boolean isStatePath(Ast.Expr e) {
    return switch (e) {
      case Ast.Name n -> g.contract.symbolOf(n) instanceof Symbol.State;
      case Ast.Index i -> isStatePath(i.target());
      case Ast.FieldAccess f -> isStatePath(f.target());
      default -> false;
    };
  }

  /** Pushes a pointer to the 32-byte storage key of a state path. */
  void key(Ast.Expr e) {
    switch (e) {
      case Ast.Name n -> {
        Symbol.State s = (Symbol.State) g.contract.symbolOf(n);
        c.i32(g.module.stateSlot(s));
      }
      case Ast.FieldAccess f -> {
        Type.Struct s = (Type.Struct) g.contract.typeOf(f.target());
        int out = g.slot(Layout.WORD);
        key(f.target());
        c.i32(g.m.memory.word(BigInteger.valueOf(s.indexOf(f.field()))));
        c.i32(out).call(ModuleContext.host(HostImport.MAP_KEY)).i32(out);
      }
      case Ast.Index i -> indexKey(i);
      default -> throw new IllegalStateException("not a state path");
    }
  }

  private void indexKey(Ast.Index i) {
    Type target = g.contract.typeOf(i.target());
    int out = g.slot(Layout.WORD);
    if (target instanceof Type.Array a) {
      int word = g.slot(Layout.WORD);
      c.i32(word);
      g.exprs.checkedIndex(i.index(), a.length());
      c.call(g.helpers.storeSmall(false));
      key(i.target());
      c.i32(word).i32(out).call(ModuleContext.host(HostImport.MAP_KEY)).i32(out);
      return;
    }
    Type keyType = ((Type.MapT) target).key();
    if (keyType instanceof Type.BytesT) {
      key(i.target());
      g.exprs.expr(i.index());
      c.i32(out).call(ModuleContext.host(HostImport.MAP_KEY_BYTES)).i32(out);
      return;
    }
    if (Layout.inMemory(keyType)) {
      key(i.target());
      g.exprs.expr(i.index());
    } else {
      int word = g.slot(Layout.WORD);
      c.i32(word);
      g.exprs.expr(i.index());
      g.storeAt(keyType);
      key(i.target());
      c.i32(word);
    }
    c.i32(out).call(ModuleContext.host(HostImport.MAP_KEY)).i32(out);
  }

  /** Pushes the value of type {@code t} stored at the state path {@code e}. */
  void read(Ast.Expr e, Type t) {
    key(e);
    readAtKey(t);
  }

  /** With a key pointer on the stack, pushes the value stored there. */
  private void readAtKey(Type t) {
    if (t instanceof Type.Bool || Layout.small(t)) {
      int word = g.slot(Layout.WORD);
      c.i32(word).call(ModuleContext.host(HostImport.STORAGE_READ)).i32(word);
      g.loadAt(t);
    } else if (t instanceof Type.BytesT) {
      int k = g.newLocal(I32);
      int p = g.newLocal(I32);
      int len = g.newLocal(I32);
      c.localSet(k);
      c.localGet(k).call(ModuleContext.host(HostImport.STORAGE_BYTES_LEN)).localSet(len);
      c.localGet(len).i32(4).op(0x6A).call(g.helpers.alloc()).localSet(p);
      c.localGet(p).localGet(len).i32Store(0);
      c.localGet(k)
          .localGet(p)
          .i32(4)
          .op(0x6A)
          .call(ModuleContext.host(HostImport.STORAGE_READ_BYTES));
      c.localGet(p);
    } else if (t instanceof Type.MapT) {
      throw new IllegalStateException("a map is not a value");
    } else {
      int region = g.slot(Layout.size(t));
      requireSmallAggregate(t);
      int k = g.newLocal(I32);
      c.localSet(k);
      copyLeaves(t, k, region, true);
      c.i32(region);
    }
  }

  /**
   * Evaluates {@code value} and stores it at the state path {@code target} (zero values delete the
   * key in the host).
   */
  void write(Ast.Expr target, Type t, Runnable value) {
    int k = g.newLocal(I32);
    key(target);
    c.localSet(k);
    if (t instanceof Type.Bool || Layout.small(t)) {
      int word = g.slot(Layout.WORD);
      c.i32(word);
      value.run();
      g.storeAt(t);
      c.localGet(k).i32(word).call(ModuleContext.host(HostImport.STORAGE_WRITE));
    } else if (t instanceof Type.BytesT) {
      int p = g.newLocal(I32);
      value.run();
      c.localSet(p);
      c.localGet(k).localGet(p).call(ModuleContext.host(HostImport.STORAGE_WRITE_BYTES));
    } else if (t instanceof Type.Int || t instanceof Type.AddressT) {
      int p = g.newLocal(I32);
      value.run();
      c.localSet(p);
      c.localGet(k).localGet(p).call(ModuleContext.host(HostImport.STORAGE_WRITE));
    } else {
      requireSmallAggregate(t);
      int p = g.newLocal(I32);
      value.run();
      c.localSet(p);
      copyLeavesFromLocal(t, k, p, 0);
    }
  }

  private void requireSmallAggregate(Type t) {
    if (Layout.size(t) / Layout.WORD > MAX_WORDS) {
      throw new CodegenException(
          "a state "
              + t.show()
              + " of more than "
              + MAX_WORDS
              + " words cannot be copied at once;"
              + " access its elements");
    }
  }

  /** Reads every leaf under the key in local {@code k} into memory at {@code region}. */
  private void copyLeaves(Type t, int k, int region, boolean unused) {
    switch (t) {
      case Type.Struct s -> {
        for (int i = 0; i < s.fields().size(); i++) {
          int child = childKey(k, i);
          copyLeaves(s.fields().get(i).type(), child, region + Layout.fieldOffset(s, i), true);
        }
      }
      case Type.Array a -> {
        int size = Layout.size(a.element());
        for (int i = 0; i < a.length(); i++) {
          int child = childKey(k, i);
          copyLeaves(a.element(), child, region + i * size, true);
        }
      }
      default -> c.localGet(k).i32(region).call(ModuleContext.host(HostImport.STORAGE_READ));
    }
  }

  /** Writes every leaf of the value at (local p + offset) under the key in local k. */
  private void copyLeavesFromLocal(Type t, int k, int p, int offset) {
    switch (t) {
      case Type.Struct s -> {
        for (int i = 0; i < s.fields().size(); i++) {
          int child = childKey(k, i);
          copyLeavesFromLocal(
              s.fields().get(i).type(), child, p, offset + Layout.fieldOffset(s, i));
        }
      }
      case Type.Array a -> {
        int size = Layout.size(a.element());
        for (int i = 0; i < a.length(); i++) {
          int child = childKey(k, i);
          copyLeavesFromLocal(a.element(), child, p, offset + i * size);
        }
      }
      default -> {
        c.localGet(k).localGet(p).i32(offset).op(0x6A);
        c.call(ModuleContext.host(HostImport.STORAGE_WRITE));
      }
    }
  }

  /** A new local holding a pointer to child(key in local k, index). */
  private int childKey(int k, int index) {
    int out = g.slot(Layout.WORD);
    c.localGet(k).i32(g.m.memory.word(BigInteger.valueOf(index))).i32(out);
    c.call(ModuleContext.host(HostImport.MAP_KEY));
    int local = g.newLocal(I32);
    c.i32(out).localSet(local);
    return local;
  }

  static byte smallType() {
    return I64;
  }
}
