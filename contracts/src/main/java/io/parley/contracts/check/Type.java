package io.parley.contracts.check;

import java.math.BigInteger;
import java.util.List;
import java.util.stream.Collectors;

/** Resolved types of the contract language (docs/spec/language.md section 3). */
public sealed interface Type {

  /** True if values of this type are secret (secret scalars, or arrays of them). */
  default boolean secret() {
    return false;
  }

  /** The same type with the secret label removed (recursively for arrays). */
  default Type publicVersion() {
    return this;
  }

  /** The same type labelled secret; only integers of up to 64 bits, bool and arrays of them. */
  default Type secretVersion() {
    return this;
  }

  /** The type as written in the source and the ABI. */
  String show();

  record Int(int bits, boolean signed, boolean secret) implements Type {
    public BigInteger min() {
      return signed ? BigInteger.ONE.shiftLeft(bits - 1).negate() : BigInteger.ZERO;
    }

    public BigInteger max() {
      return signed
          ? BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE)
          : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
    }

    public boolean fits(BigInteger v) {
      return v.compareTo(min()) >= 0 && v.compareTo(max()) <= 0;
    }

    /** At most 64 bits: a WebAssembly i64 holds the value. */
    public boolean small() {
      return bits <= 64;
    }

    @Override
    public Type publicVersion() {
      return new Int(bits, signed, false);
    }

    @Override
    public Type secretVersion() {
      return new Int(bits, signed, true);
    }

    public String baseName() {
      return (signed ? "i" : "u") + bits;
    }

    @Override
    public String show() {
      return (secret ? "secret " : "") + baseName();
    }
  }

  record Bool(boolean secret) implements Type {
    @Override
    public Type publicVersion() {
      return new Bool(false);
    }

    @Override
    public Type secretVersion() {
      return new Bool(true);
    }

    @Override
    public String show() {
      return secret ? "secret bool" : "bool";
    }
  }

  record AddressT() implements Type {
    @Override
    public String show() {
      return "address";
    }
  }

  record BytesT() implements Type {
    @Override
    public String show() {
      return "bytes";
    }
  }

  record Array(Type element, int length) implements Type {
    @Override
    public boolean secret() {
      return element.secret();
    }

    @Override
    public Type publicVersion() {
      return new Array(element.publicVersion(), length);
    }

    @Override
    public Type secretVersion() {
      return new Array(element.secretVersion(), length);
    }

    /** Dimensions outermost first, as written in the source: {@code u32[2][3]}. */
    @Override
    public String show() {
      StringBuilder dims = new StringBuilder("[" + length + "]");
      Type base = element;
      while (base instanceof Array inner) {
        dims.append('[').append(inner.length()).append(']');
        base = inner.element();
      }
      return base.show() + dims;
    }
  }

  record Struct(String name, List<Field> fields) implements Type {
    public Struct {
      fields = List.copyOf(fields);
    }

    public int indexOf(String field) {
      for (int i = 0; i < fields.size(); i++) {
        if (fields.get(i).name().equals(field)) {
          return i;
        }
      }
      return -1;
    }

    @Override
    public String show() {
      return name;
    }

    /** Full shape, for messages and the ABI. */
    public String describeFields() {
      return fields.stream()
          .map(f -> f.name() + ": " + f.type().show())
          .collect(Collectors.joining(", "));
    }
  }

  record Field(String name, Type type) {}

  record MapT(Type key, Type value) implements Type {
    @Override
    public String show() {
      return "map<" + key.show() + "," + value.show() + ">";
    }
  }

  /** An integer literal (or a constant expression of literals) not yet given a type. */
  record Literal() implements Type {
    @Override
    public String show() {
      return "integer literal";
    }
  }

  record Void() implements Type {
    @Override
    public String show() {
      return "nothing";
    }
  }

  static boolean sameBase(Type a, Type b) {
    return a.publicVersion().equals(b.publicVersion());
  }

  static boolean isInt(Type t) {
    return t instanceof Int;
  }
}
