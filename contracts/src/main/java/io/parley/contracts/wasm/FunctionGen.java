package io.parley.contracts.wasm;

import static io.parley.contracts.wasm.Code.I64;

import io.parley.contracts.check.CheckedContract;
import io.parley.contracts.check.FunctionInfo;
import io.parley.contracts.check.Symbol;
import io.parley.contracts.check.Type;
import io.parley.contracts.lang.Ast;
import java.io.ByteArrayOutputStream;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Generates the body of one public function: statements and assignments (expressions in ExprGen).
 */
final class FunctionGen {
  final ModuleContext m;
  final Helpers helpers;
  final CheckedContract contract;
  final WasmCodegen module;
  final FunctionInfo function;
  final Code c = new Code();
  private final ByteArrayOutputStream extraLocals = new ByteArrayOutputStream();
  private int localCount;
  final Map<Symbol.Local, Integer> locals = new IdentityHashMap<>();
  final Map<Symbol.Local, Integer> slots = new IdentityHashMap<>();
  final ExprGen exprs;
  final StorageGen storage;

  FunctionGen(
      ModuleContext m, CheckedContract contract, WasmCodegen module, FunctionInfo function) {
    this.m = m;
    this.helpers = new Helpers(m);
    this.contract = contract;
    this.module = module;
    this.function = function;
    this.localCount = function.params().size();
    for (int i = 0; i < function.params().size(); i++) {
      locals.put(function.params().get(i), i);
    }
    this.exprs = new ExprGen(this);
    this.storage = new StorageGen(this);
  }

  WasmModuleWriter.Signature signature() {
    byte[] params = new byte[function.params().size()];
    for (int i = 0; i < params.length; i++) {
      params[i] = Layout.valueType(function.params().get(i).type());
    }
    byte[] results =
        function.returnsValue() ? new byte[] {Layout.valueType(function.returns())} : new byte[0];
    return new WasmModuleWriter.Signature(params, results);
  }

  byte[] localTypes() {
    return extraLocals.toByteArray();
  }

  int newLocal(byte type) {
    extraLocals.write(type);
    return localCount++;
  }

  int slot(int size) {
    return m.memory.allocateStatic(size);
  }

  byte[] generate() {
    block(function.decl().body());
    if (function.returnsValue()) {
      c.unreachable();
    }
    return c.bytes();
  }

  void block(Ast.Block block) {
    for (Ast.Stmt s : block.statements()) {
      statement(s);
    }
  }

  private void statement(Ast.Stmt s) {
    switch (s) {
      case Ast.Let l -> let(l);
      case Ast.Assign a -> assign(a);
      case Ast.If i -> {
        exprs.expr(i.condition());
        c.ifThen(Code.VOID);
        block(i.then());
        if (i.otherwise().isPresent()) {
          c.elseBranch();
          block(i.otherwise().get());
        }
        c.end();
      }
      case Ast.While w -> {
        c.block(Code.VOID).loop(Code.VOID);
        exprs.expr(w.condition());
        c.op(0x45).brIf(1);
        block(w.body());
        c.br(0).end().end();
      }
      case Ast.For f -> forLoop(f);
      case Ast.Return r -> {
        r.value().ifPresent(exprs::expr);
        c.ret();
      }
      case Ast.Emit e -> emit(e);
      case Ast.Require r -> {
        exprs.expr(r.condition());
        c.op(0x45).ifThen(Code.VOID);
        m.abort(c, r.message());
        c.end();
      }
      case Ast.Abort a -> m.abort(c, a.message());
      case Ast.RevealTo r -> throw new IllegalStateException("reveal_to in a public function");
      case Ast.Start st -> throw new IllegalStateException("start is lowered before codegen");
      case Ast.ExprStmt e -> {
        exprs.expr(e.expr());
        if (!(contract.typeOf(e.expr()) instanceof Type.Void)) {
          c.drop();
        }
      }
    }
  }

  private void let(Ast.Let l) {
    Symbol.Local symbol = (Symbol.Local) contract.symbolOf(l);
    Type t = symbol.type();
    if (Layout.inMemory(t)) {
      int slot = slot(Layout.size(t));
      slots.put(symbol, slot);
      c.i32(slot);
      exprs.expr(l.value());
      c.i32(Layout.size(t)).memoryCopy();
    } else {
      int local = newLocal(Layout.valueType(t));
      exprs.expr(l.value());
      c.localSet(local);
      locals.put(symbol, local);
    }
  }

  private void forLoop(Ast.For f) {
    Symbol.Local symbol = (Symbol.Local) contract.symbolOf(f);
    Type.Int t = (Type.Int) symbol.type();
    int i = newLocal(I64);
    int end = newLocal(I64);
    locals.put(symbol, i);
    exprs.expr(f.from());
    c.localSet(i);
    exprs.expr(f.to());
    c.localSet(end);
    c.block(Code.VOID).loop(Code.VOID);
    c.localGet(i).localGet(end).op(t.signed() ? 0x59 : 0x5A).brIf(1);
    block(f.body());
    c.localGet(i).i64(1).op(0x7C).localSet(i);
    c.br(0).end().end();
  }

  private void emit(Ast.Emit e) {
    var event = contract.event(e.event()).orElseThrow();
    int region = slot(Layout.WORD * Math.max(1, e.args().size()));
    for (int i = 0; i < e.args().size(); i++) {
      Type t = event.fields().get(i).type();
      int address = region + Layout.WORD * i;
      if (t instanceof Type.BytesT) {
        c.i32(address);
        exprs.expr(e.args().get(i));
        c.i32Store(0);
      } else {
        c.i32(address);
        exprs.expr(e.args().get(i));
        storeAt(t);
      }
    }
    c.i32(event.index()).i32(region).call(ModuleContext.host(HostImport.EMIT));
  }

  /** With an address and then a value on the stack, stores the value in memory layout. */
  void storeAt(Type t) {
    if (t instanceof Type.Bool) {
      c.call(helpers.storeBool());
    } else if (t instanceof Type.Int i && i.small()) {
      c.call(helpers.storeSmall(i.signed()));
    } else if (t instanceof Type.BytesT) {
      c.i32Store(0);
    } else {
      c.i32(Layout.size(t)).memoryCopy();
    }
  }

  /** With an address on the stack, loads the value stored there (pointer for memory values). */
  void loadAt(Type t) {
    if (t instanceof Type.Bool) {
      c.i32Load(0);
    } else if (t instanceof Type.Int i && i.small()) {
      c.i64Load(0);
    } else if (t instanceof Type.BytesT) {
      c.i32Load(0);
    }
  }

  private void assign(Ast.Assign a) {
    Ast.Expr target = a.target();
    Type t = contract.typeOf(target);
    Runnable value =
        a.op().equals("=")
            ? () -> exprs.expr(a.value())
            : () -> exprs.binaryOp(a.op().substring(0, 1), t, target, a.value(), a.span());
    if (storage.isStatePath(target)) {
      storage.write(target, t, value);
      return;
    }
    if (target instanceof Ast.Name n) {
      Symbol.Local symbol = (Symbol.Local) contract.symbolOf(n);
      Integer slot = slots.get(symbol);
      if (slot != null) {
        c.i32(slot);
        value.run();
        c.i32(Layout.size(t)).memoryCopy();
      } else {
        value.run();
        c.localSet(locals.get(symbol));
      }
      return;
    }
    exprs.elementAddress(target);
    value.run();
    storeAt(t);
  }
}
