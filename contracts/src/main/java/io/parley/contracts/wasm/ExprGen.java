package io.parley.contracts.wasm;

import static io.parley.contracts.wasm.Code.I32;
import static io.parley.contracts.wasm.Code.I64;

import io.parley.contracts.check.Folder;
import io.parley.contracts.check.FunctionInfo;
import io.parley.contracts.check.Symbol;
import io.parley.contracts.check.Type;
import io.parley.contracts.lang.Ast;
import io.parley.contracts.lang.Span;
import java.math.BigInteger;
import java.util.Optional;

/** Expressions of public functions (docs/spec/language.md sections 3.1 and 5). */
final class ExprGen {
  private final FunctionGen g;
  private final Code c;

  ExprGen(FunctionGen g) {
    this.g = g;
    this.c = g.c;
  }

  private static int host(HostImport h) {
    return ModuleContext.host(h);
  }

  void expr(Ast.Expr e) {
    Type t = g.contract.typeOf(e);
    if (t instanceof Type.Int ti) {
      Optional<BigInteger> folded = Folder.fold(e, g.contract.consts());
      if (folded.isPresent()) {
        constant(ti, folded.get(), e.span());
        return;
      }
    }
    switch (e) {
      case Ast.BoolLit b -> c.i32(b.value() ? 1 : 0);
      case Ast.AddressLit a -> c.i32(g.m.memory.word(new BigInteger(1, a.value())));
      case Ast.StringLit s -> c.i32(g.m.memory.bytesValue(s.value()));
      case Ast.Name n -> name(n, t);
      case Ast.Call call -> call(call, t);
      case Ast.StructLit s -> structLit(s, (Type.Struct) t);
      case Ast.ArrayLit a -> arrayLit(a, (Type.Array) t);
      case Ast.Index i -> index(i, t);
      case Ast.FieldAccess f -> field(f, t);
      case Ast.Unary u -> unary(u, t);
      case Ast.Binary b -> binary(b, t);
      case Ast.Cast cast -> cast(cast, t);
      case Ast.IntLit lit -> throw new IllegalStateException("unfolded literal");
      case Ast.Reveal r -> throw new IllegalStateException("reveal in a public function");
    }
  }

  private void constant(Type.Int t, BigInteger value, Span span) {
    if (!t.fits(value)) {
      throw new CodegenException(
          span, "constant value " + value + " does not fit in " + t.baseName());
    }
    if (t.small()) {
      c.i64(value.longValue());
    } else {
      c.i32(g.m.memory.word(value));
    }
  }

  private void name(Ast.Name n, Type t) {
    Symbol s = g.contract.symbolOf(n);
    switch (s) {
      case Symbol.Local l -> {
        Integer slot = g.slots.get(l);
        if (slot != null) {
          c.i32(slot);
        } else {
          c.localGet(g.locals.get(l));
        }
      }
      case Symbol.State st -> g.storage.read(n, t);
      case Symbol.Const k -> {
        if (t instanceof Type.Bool) {
          c.i32(k.value().signum());
        } else {
          c.i32(g.m.memory.word(k.value()));
        }
      }
    }
  }

  private void call(Ast.Call call, Type t) {
    switch (call.name()) {
      case "caller" -> intoSlot(HostImport.CALLER);
      case "self" -> intoSlot(HostImport.SELF);
      case "value" -> intoSlot(HostImport.VALUE);
      case "block_height" -> c.call(host(HostImport.BLOCK_HEIGHT));
      case "block_time" -> c.call(host(HostImport.BLOCK_TIME));
      case "balance" -> {
        int out = g.slot(Layout.WORD);
        expr(call.args().get(0));
        c.i32(out).call(host(HostImport.BALANCE)).i32(out);
      }
      case "transfer" -> {
        expr(call.args().get(0));
        expr(call.args().get(1));
        c.call(host(HostImport.TRANSFER));
      }
      case "keccak256" -> {
        int out = g.slot(Layout.WORD);
        expr(call.args().get(0));
        c.i32(out).call(host(HostImport.KECCAK)).i32(out);
      }
      case "len" -> {
        Type arg = g.contract.typeOf(call.args().get(0));
        if (arg instanceof Type.Array a) {
          c.i64(a.length());
        } else {
          expr(call.args().get(0));
          c.i32Load(0).op(0xAD);
        }
      }
      default -> userCall(call, t);
    }
  }

  private void intoSlot(HostImport h) {
    int out = g.slot(Layout.WORD);
    c.i32(out).call(host(h)).i32(out);
  }

  private void userCall(Ast.Call call, Type t) {
    FunctionInfo f = g.contract.function(call.name()).orElseThrow();
    for (Ast.Expr arg : call.args()) {
      expr(arg);
    }
    c.call(g.module.functionIndex(f));
    if (Layout.inMemory(t)) {
      int slot = g.slot(Layout.size(t));
      int result = g.newLocal(I32);
      c.localSet(result).i32(slot).localGet(result).i32(Layout.size(t)).memoryCopy().i32(slot);
    }
  }

  private void structLit(Ast.StructLit s, Type.Struct t) {
    int slot = g.slot(Layout.size(t));
    for (Ast.FieldInit f : s.fields()) {
      int index = t.indexOf(f.name());
      c.i32(slot + Layout.fieldOffset(t, index));
      expr(f.value());
      g.storeAt(t.fields().get(index).type());
    }
    c.i32(slot);
  }

  private void arrayLit(Ast.ArrayLit a, Type.Array t) {
    int size = Layout.size(t.element());
    int slot = g.slot(Layout.size(t));
    for (int i = 0; i < a.elements().size(); i++) {
      c.i32(slot + i * size);
      expr(a.elements().get(i));
      g.storeAt(t.element());
    }
    c.i32(slot);
  }

  private void index(Ast.Index i, Type t) {
    if (g.storage.isStatePath(i)) {
      g.storage.read(i, t);
      return;
    }
    Type target = g.contract.typeOf(i.target());
    if (target instanceof Type.BytesT) {
      int p = g.newLocal(I32);
      int index = g.newLocal(I64);
      expr(i.target());
      c.localSet(p);
      expr(i.index());
      c.localSet(index);
      c.localGet(index).localGet(p).i32Load(0).op(0xAD).op(0x5A).ifThen(Code.VOID);
      g.m.abort(c, "bytes index out of bounds");
      c.end();
      c.localGet(p).localGet(index).op(0xA7).op(0x6A).i32Load8u(4).op(0xAD);
      return;
    }
    elementAddress(i);
    g.loadAt(t);
  }

  private void field(Ast.FieldAccess f, Type t) {
    if (g.storage.isStatePath(f)) {
      g.storage.read(f, t);
      return;
    }
    elementAddress(f);
    g.loadAt(t);
  }

  /** Pushes the memory address of an array element or struct field of a memory value. */
  void elementAddress(Ast.Expr e) {
    switch (e) {
      case Ast.Index i -> {
        Type.Array a = (Type.Array) g.contract.typeOf(i.target());
        expr(i.target());
        checkedIndex(i.index(), a.length());
        c.op(0xA7).i32(Layout.size(a.element())).op(0x6C).op(0x6A);
      }
      case Ast.FieldAccess f -> {
        Type.Struct s = (Type.Struct) g.contract.typeOf(f.target());
        expr(f.target());
        c.i32(Layout.fieldOffset(s, s.indexOf(f.field()))).op(0x6A);
      }
      default -> throw new IllegalStateException("not an element");
    }
  }

  /** Pushes the index as i64 after checking 0 <= index < length (unsigned compare). */
  void checkedIndex(Ast.Expr index, int length) {
    int local = g.newLocal(I64);
    expr(index);
    c.localTee(local).i64(length).op(0x5A).ifThen(Code.VOID);
    g.m.abort(c, "array index out of bounds");
    c.end();
    c.localGet(local);
  }

  private void unary(Ast.Unary u, Type t) {
    if (u.op().equals("!")) {
      expr(u.operand());
      c.op(0x45);
      return;
    }
    Type.Int ti = (Type.Int) t;
    if (ti.small()) {
      c.i64(0);
      expr(u.operand());
      c.call(g.helpers.arithmetic("-", ti));
    } else {
      int out = g.slot(Layout.WORD);
      c.i32(HostImport.OP_SUB).i32(0);
      expr(u.operand());
      c.i32(out).i32(Layout.typeCode(ti)).call(host(HostImport.WIDE_OP)).i32(out);
    }
  }

  private void binary(Ast.Binary b, Type t) {
    switch (b.op()) {
      case "&&" -> {
        expr(b.left());
        c.ifThen(I32);
        expr(b.right());
        c.elseBranch().i32(0).end();
      }
      case "||" -> {
        expr(b.left());
        c.ifThen(I32).i32(1).elseBranch();
        expr(b.right());
        c.end();
      }
      case "==", "!=", "<", "<=", ">", ">=" -> compare(b);
      default -> binaryOp(b.op(), t, b.left(), b.right(), b.span());
    }
  }

  /** Arithmetic, bitwise and shift operators on values of type {@code t}. */
  void binaryOp(String op, Type t, Ast.Expr left, Ast.Expr right, Span span) {
    if (t instanceof Type.Bool) {
      expr(left);
      expr(right);
      c.op(
          switch (op) {
            case "&" -> 0x71;
            case "|" -> 0x72;
            default -> 0x73;
          });
      return;
    }
    Type.Int ti = (Type.Int) t;
    boolean shift = op.equals("<<") || op.equals(">>");
    if (ti.small()) {
      expr(left);
      expr(right);
      switch (op) {
        case "&" -> c.op(0x83);
        case "|" -> c.op(0x84);
        case "^" -> c.op(0x85);
        case "<<", ">>" -> c.call(g.helpers.shift(op.equals("<<"), ti));
        default -> c.call(g.helpers.arithmetic(op, ti));
      }
      return;
    }
    int out = g.slot(Layout.WORD);
    int amount = 0;
    if (shift) {
      amount = g.slot(Layout.WORD);
      c.i32(amount);
      expr(right);
      c.call(g.helpers.storeSmall(((Type.Int) g.contract.typeOf(right)).signed()));
    }
    c.i32(wideOp(op));
    expr(left);
    if (shift) {
      c.i32(amount);
    } else {
      expr(right);
    }
    c.i32(out).i32(Layout.typeCode(ti)).call(host(HostImport.WIDE_OP)).i32(out);
  }

  private static int wideOp(String op) {
    return switch (op) {
      case "+" -> HostImport.OP_ADD;
      case "-" -> HostImport.OP_SUB;
      case "*" -> HostImport.OP_MUL;
      case "/" -> HostImport.OP_DIV;
      case "%" -> HostImport.OP_REM;
      case "&" -> HostImport.OP_AND;
      case "|" -> HostImport.OP_OR;
      case "^" -> HostImport.OP_XOR;
      case "<<" -> HostImport.OP_SHL;
      default -> HostImport.OP_SHR;
    };
  }

  private void compare(Ast.Binary b) {
    Type t = g.contract.typeOf(b.left());
    String op = b.op();
    expr(b.left());
    expr(b.right());
    if (t instanceof Type.Bool) {
      c.op(op.equals("==") ? 0x46 : 0x47);
      return;
    }
    if (t instanceof Type.Int i && i.small()) {
      boolean s = i.signed();
      c.op(
          switch (op) {
            case "==" -> 0x51;
            case "!=" -> 0x52;
            case "<" -> s ? 0x53 : 0x54;
            case ">" -> s ? 0x55 : 0x56;
            case "<=" -> s ? 0x57 : 0x58;
            default -> s ? 0x59 : 0x5A;
          });
      return;
    }
    c.i32(Layout.typeCode(t)).call(host(HostImport.WIDE_CMP)).i32(0);
    c.op(
        switch (op) {
          case "==" -> 0x46;
          case "!=" -> 0x47;
          case "<" -> 0x48;
          case ">" -> 0x4A;
          case "<=" -> 0x4C;
          default -> 0x4E;
        });
  }

  private void cast(Ast.Cast cast, Type t) {
    Type from = g.contract.typeOf(cast.value());
    expr(cast.value());
    if (from.publicVersion().equals(t.publicVersion())) {
      return;
    }
    Type.Int source = (Type.Int) from;
    Type.Int target = (Type.Int) t;
    if (source.small() && target.small()) {
      c.call(g.helpers.castSmall(source, target));
      return;
    }
    if (source.small()) {
      int word = g.slot(Layout.WORD);
      int local = g.newLocal(I64);
      c.localSet(local).i32(word).localGet(local).call(g.helpers.storeSmall(source.signed()));
      c.i32(word);
    }
    if (target.small()) {
      c.i32(Layout.typeCode(source)).i32(Layout.typeCode(target));
      c.call(host(HostImport.WIDE_TO_SMALL));
      return;
    }
    int out = g.slot(Layout.WORD);
    c.i32(out).i32(Layout.typeCode(source)).i32(Layout.typeCode(target));
    c.call(host(HostImport.WIDE_CAST)).i32(out);
  }
}
