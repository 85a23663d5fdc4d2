package io.parley.contracts.check;

import io.parley.contracts.lang.Ast;
import java.util.List;

/** A checked function: its declaration, parameter symbols and return type. */
public record FunctionInfo(Ast.FunctionDecl decl, List<Symbol.Local> params, Type returns) {
  public FunctionInfo {
    params = List.copyOf(params);
  }

  public String name() {
    return decl.name();
  }

  public Ast.FunctionKind kind() {
    return decl.kind();
  }

  public boolean returnsValue() {
    return !(returns instanceof Type.Void);
  }
}
