package io.parley.contracts.abi;

import io.parley.contracts.check.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parses ABI type strings ("u256", "u32[3]", "map<address,u256>", struct names) into types. */
public final class AbiTypes {
  private final Map<String, Abi.StructDef> structs = new HashMap<>();
  private final Map<String, Type.Struct> resolved = new HashMap<>();

  public AbiTypes(List<Abi.StructDef> structs) {
    for (Abi.StructDef s : structs) {
      this.structs.put(s.name(), s);
    }
  }

  public Type parse(String text) {
    return parse(text.trim(), new HashSet<>());
  }

  private Type parse(String text, Set<String> resolving) {
    if (text.startsWith("secret ")) {
      return parse(text.substring(7), resolving).secretVersion();
    }
    if (text.endsWith("]")) {
      int open = text.lastIndexOf('[');
      if (open < 0) {
        throw new AbiException("malformed ABI type '" + text + "'");
      }
      int length;
      try {
        length = Integer.parseInt(text.substring(open + 1, text.length() - 1));
      } catch (NumberFormatException e) {
        throw new AbiException("malformed array length in ABI type '" + text + "'");
      }
      if (length < 1 || length > 4096) {
        throw new AbiException("array length out of range in ABI type '" + text + "'");
      }
      return arrayOf(parse(text.substring(0, open), resolving), length);
    }
    if (text.startsWith("map<") && text.endsWith(">")) {
      String inner = text.substring(4, text.length() - 1);
      int split = topLevelComma(inner);
      return new Type.MapT(
          parse(inner.substring(0, split), resolving),
          parse(inner.substring(split + 1), resolving));
    }
    switch (text) {
      case "bool" -> {
        return new Type.Bool(false);
      }
      case "address" -> {
        return new Type.AddressT();
      }
      case "bytes" -> {
        return new Type.BytesT();
      }
      default -> {}
    }
    if (text.matches("[ui](8|16|32|64|128|256)")) {
      return new Type.Int(Integer.parseInt(text.substring(1)), text.charAt(0) == 'i', false);
    }
    return struct(text, resolving);
  }

  /**
   * Arrays nest outermost-last in text: "u8[2][3]" is 2 arrays of u8[3]... as written in source.
   */
  private static Type arrayOf(Type element, int length) {
    if (element instanceof Type.Array inner) {
      return new Type.Array(arrayOf(inner.element(), length), inner.length());
    }
    return new Type.Array(element, length);
  }

  private Type.Struct struct(String name, Set<String> resolving) {
    Type.Struct done = resolved.get(name);
    if (done != null) {
      return done;
    }
    Abi.StructDef def = structs.get(name);
    if (def == null) {
      throw new AbiException("unknown ABI type '" + name + "'");
    }
    if (!resolving.add(name)) {
      throw new AbiException("ABI struct '" + name + "' contains itself");
    }
    List<Type.Field> fields = new ArrayList<>();
    for (Abi.Param f : def.fields()) {
      fields.add(new Type.Field(f.name(), parse(f.type(), resolving)));
    }
    resolving.remove(name);
    Type.Struct s = new Type.Struct(name, fields);
    resolved.put(name, s);
    return s;
  }

  private static int topLevelComma(String s) {
    int depth = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '<') {
        depth++;
      } else if (c == '>') {
        depth--;
      } else if (c == ',' && depth == 0) {
        return i;
      }
    }
    throw new AbiException("malformed map type 'map<" + s + ">'");
  }
}
