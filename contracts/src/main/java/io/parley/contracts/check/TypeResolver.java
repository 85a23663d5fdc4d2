package io.parley.contracts.check;

import io.parley.contracts.lang.Ast;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns written types into {@link Type}s and resolves struct declarations (no cycles). */
final class TypeResolver {
  private final Map<String, Ast.StructDecl> declared = new LinkedHashMap<>();
  private final Map<String, Type.Struct> resolved = new LinkedHashMap<>();
  private final Set<String> resolving = new HashSet<>();

  TypeResolver(List<Ast.StructDecl> structs) {
    for (Ast.StructDecl s : structs) {
      declared.put(s.name(), s);
    }
  }

  Map<String, Type.Struct> structs() {
    for (String name : declared.keySet()) {
      struct(name, declared.get(name).span());
    }
    return resolved;
  }

  Type resolve(Ast.TypeRef ref) {
    return switch (ref) {
      case Ast.MapTypeRef m -> {
        Type key = resolve(m.key());
        Type value = resolve(m.value());
        if (!(key instanceof Type.Int
                || key instanceof Type.Bool
                || key instanceof Type.AddressT
                || key instanceof Type.BytesT)
            || key.secret()) {
          throw new CheckError(
              m.key().span(),
              "map key must be an integer, bool, address or bytes, not " + key.show());
        }
        if (value.secret()) {
          throw new CheckError(m.value().span(), "map values cannot be secret");
        }
        yield new Type.MapT(key, value);
      }
      case Ast.NamedType n -> named(n);
    };
  }

  private Type named(Ast.NamedType n) {
    Type base = base(n);
    if (n.secret()) {
      if (!(base instanceof Type.Int i && i.bits() <= 64) && !(base instanceof Type.Bool)) {
        throw new CheckError(
            n.span(),
            "secret types are integers of at most 64 bits and bool (and arrays of them), not secret "
                + base.show());
      }
      base = base.secretVersion();
    }
    Type t = base;
    List<Integer> dims = new ArrayList<>(n.dimensions());
    for (int i = dims.size() - 1; i >= 0; i--) {
      if (t instanceof Type.BytesT) {
        throw new CheckError(n.span(), "bytes cannot be an array element");
      }
      t = new Type.Array(t, dims.get(i));
    }
    return t;
  }

  private Type base(Ast.NamedType n) {
    String b = n.base();
    if (b.equals("bool")) {
      return new Type.Bool(false);
    }
    if (b.equals("address")) {
      return new Type.AddressT();
    }
    if (b.equals("bytes")) {
      return new Type.BytesT();
    }
    if (b.matches("[ui](8|16|32|64|128|256)")) {
      return new Type.Int(Integer.parseInt(b.substring(1)), b.charAt(0) == 'i', false);
    }
    if (declared.containsKey(b)) {
      return struct(b, n.span());
    }
    throw new CheckError(n.span(), "unknown type '" + b + "'");
  }

  private Type.Struct struct(String name, io.parley.contracts.lang.Span use) {
    Type.Struct done = resolved.get(name);
    if (done != null) {
      return done;
    }
    if (!resolving.add(name)) {
      throw new CheckError(use, "struct '" + name + "' contains itself");
    }
    Ast.StructDecl decl = declared.get(name);
    List<Type.Field> fields = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Ast.Field f : decl.fields()) {
      if (!names.add(f.name())) {
        throw new CheckError(f.span(), "duplicate field '" + f.name() + "' in struct " + name);
      }
      Type t = resolve(f.type());
      if (t instanceof Type.MapT || t instanceof Type.BytesT || t.secret()) {
        throw new CheckError(
            f.span(), "struct field '" + f.name() + "' cannot have type " + t.show());
      }
      fields.add(new Type.Field(f.name(), t));
    }
    resolving.remove(name);
    Type.Struct s = new Type.Struct(name, fields);
    resolved.put(name, s);
    return s;
  }
}
