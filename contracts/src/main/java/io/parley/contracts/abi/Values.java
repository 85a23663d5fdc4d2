package io.parley.contracts.abi;

import io.parley.base.types.Address;
import io.parley.contracts.check.Type;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPException;
import org.apache.tuweni.rlp.RLPReader;

/**
 * ABI values and their RLP encoding (docs/spec/language.md section 8). In Java an integer is a
 * {@link BigInteger}, a bool a {@link Boolean}, an address an {@link Address}, bytes are {@link
 * Bytes}, arrays and structs are {@link List}s (struct fields in declaration order).
 */
public final class Values {
  private Values() {}

  /** Checks a value against a type and converts convenient forms (int, long, byte[]). */
  public static Object normalize(Type type, Object value, String what) {
    switch (type) {
      case Type.Int t -> {
        BigInteger v =
            switch (value) {
              case BigInteger b -> b;
              case Long l -> BigInteger.valueOf(l);
              case Integer i -> BigInteger.valueOf(i);
              case null, default ->
                  throw new AbiException(
                      what + ": expected " + t.show() + ", found " + describe(value));
            };
        if (!t.fits(v)) {
          throw new AbiException(what + ": " + v + " is out of range for " + t.baseName());
        }
        return v;
      }
      case Type.Bool b -> {
        if (value instanceof Boolean bool) {
          return bool;
        }
        throw new AbiException(what + ": expected bool, found " + describe(value));
      }
      case Type.AddressT a -> {
        if (value instanceof Address address) {
          return address;
        }
        throw new AbiException(what + ": expected address, found " + describe(value));
      }
      case Type.BytesT b -> {
        Bytes bytes =
            switch (value) {
              case Bytes x -> x;
              case byte[] x -> Bytes.wrap(x);
              case null, default ->
                  throw new AbiException(what + ": expected bytes, found " + describe(value));
            };
        if (bytes.size() > 65536) {
          throw new AbiException(what + ": bytes longer than 65536");
        }
        return bytes;
      }
      case Type.Array a -> {
        List<?> list = asList(value, what, a.length(), a.show());
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
          out.add(normalize(a.element(), list.get(i), what + "[" + i + "]"));
        }
        return List.copyOf(out);
      }
      case Type.Struct s -> {
        List<?> list = asList(value, what, s.fields().size(), s.name());
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
          out.add(
              normalize(
                  s.fields().get(i).type(), list.get(i), what + "." + s.fields().get(i).name()));
        }
        return List.copyOf(out);
      }
      default -> throw new AbiException(what + ": type " + type.show() + " has no values");
    }
  }

  private static List<?> asList(Object value, String what, int length, String type) {
    if (!(value instanceof List<?> list) || list.size() != length) {
      throw new AbiException(
          what + ": expected " + type + " (" + length + " items), found " + describe(value));
    }
    return list;
  }

  private static String describe(Object value) {
    return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
  }

  /** The RLP item of a (normalized) value. */
  public static Bytes encode(Type type, Object value) {
    return switch (type) {
      case Type.Int t -> RLP.encodeValue(intBytes(t, (BigInteger) value));
      case Type.Bool b -> RLP.encodeValue((Boolean) value ? Bytes.of(1) : Bytes.EMPTY);
      case Type.AddressT a -> RLP.encodeValue(((Address) value).bytes());
      case Type.BytesT b -> RLP.encodeValue((Bytes) value);
      case Type.Array a ->
          RLP.encodeList(w -> ((List<?>) value).forEach(v -> w.writeRLP(encode(a.element(), v))));
      case Type.Struct s ->
          RLP.encodeList(
              w -> {
                List<?> list = (List<?>) value;
                for (int i = 0; i < list.size(); i++) {
                  w.writeRLP(encode(s.fields().get(i).type(), list.get(i)));
                }
              });
      default -> throw new AbiException("type " + type.show() + " has no encoding");
    };
  }

  /** Unsigned: minimal big-endian; signed: shortest two's complement; zero is empty. */
  static Bytes intBytes(Type.Int t, BigInteger v) {
    if (v.signum() == 0) {
      return Bytes.EMPTY;
    }
    if (t.signed()) {
      return Bytes.wrap(v.toByteArray());
    }
    return Bytes.wrap(v.toByteArray()).trimLeadingZeros();
  }

  /** Encodes a list of values as one RLP list (arguments, event data). */
  public static Bytes encodeList(List<Type> types, List<Object> values) {
    return RLP.encodeList(
        w -> {
          for (int i = 0; i < types.size(); i++) {
            w.writeRLP(encode(types.get(i), values.get(i)));
          }
        });
  }

  /** Reads one value; strictness (canonical form) is checked by the callers by re-encoding. */
  public static Object read(Type type, RLPReader r, String what) {
    try {
      return switch (type) {
        case Type.Int t -> readInt(t, r.readValue(), what);
        case Type.Bool b -> {
          Bytes raw = r.readValue();
          if (raw.isEmpty()) {
            yield Boolean.FALSE;
          }
          if (raw.size() == 1 && raw.get(0) == 1) {
            yield Boolean.TRUE;
          }
          throw new AbiException(what + ": bool must be 0 or 1");
        }
        case Type.AddressT a -> {
          Bytes raw = r.readValue();
          if (raw.size() != Address.SIZE) {
            throw new AbiException(what + ": address must be 20 bytes, got " + raw.size());
          }
          yield new Address(raw.copy());
        }
        case Type.BytesT b -> r.readValue().copy();
        case Type.Array a ->
            readList(r, what, a.length(), i -> a.element(), i -> what + "[" + i + "]");
        case Type.Struct s ->
            readList(
                r,
                what,
                s.fields().size(),
                i -> s.fields().get(i).type(),
                i -> what + "." + s.fields().get(i).name());
        default -> throw new AbiException(what + ": type " + type.show() + " has no encoding");
      };
    } catch (RLPException e) {
      throw new AbiException(what + ": malformed RLP: " + e.getMessage());
    }
  }

  private static Object readList(
      RLPReader r,
      String what,
      int n,
      java.util.function.IntFunction<Type> types,
      java.util.function.IntFunction<String> names) {
    if (!r.nextIsList()) {
      throw new AbiException(what + ": expected a list");
    }
    return r.readList(
        lr -> {
          List<Object> out = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            if (lr.isComplete()) {
              throw new AbiException(what + ": expected " + n + " items, found " + i);
            }
            out.add(read(types.apply(i), lr, names.apply(i)));
          }
          if (!lr.isComplete()) {
            throw new AbiException(what + ": more than " + n + " items");
          }
          return List.copyOf(out);
        });
  }

  private static BigInteger readInt(Type.Int t, Bytes raw, String what) {
    BigInteger v;
    if (raw.isEmpty()) {
      v = BigInteger.ZERO;
    } else if (t.signed()) {
      v = new BigInteger(raw.toArrayUnsafe());
      if (!Bytes.wrap(v.toByteArray()).equals(raw)) {
        throw new AbiException(what + ": signed integer is not in its shortest form");
      }
    } else {
      if (raw.get(0) == 0) {
        throw new AbiException(what + ": integer has leading zero bytes");
      }
      v = new BigInteger(1, raw.toArrayUnsafe());
    }
    if (v.signum() == 0 && !raw.isEmpty()) {
      throw new AbiException(what + ": zero must be encoded as the empty string");
    }
    if (!t.fits(v)) {
      throw new AbiException(what + ": " + v + " is out of range for " + t.baseName());
    }
    return v;
  }

  /** Decodes an RLP list of values of the given types, rejecting non-canonical input. */
  public static List<Object> decodeList(List<Type> types, List<String> names, Bytes encoded) {
    List<Object> values;
    try {
      values =
          RLP.decodeList(
              encoded,
              r -> {
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < types.size(); i++) {
                  if (r.isComplete()) {
                    throw new AbiException("expected " + types.size() + " arguments, found " + i);
                  }
                  out.add(read(types.get(i), r, names.get(i)));
                }
                if (!r.isComplete()) {
                  throw new AbiException("expected " + types.size() + " arguments, found more");
                }
                return out;
              });
    } catch (RLPException e) {
      throw new AbiException("malformed arguments: " + e.getMessage());
    }
    if (!encodeList(types, values).equals(encoded)) {
      throw new AbiException("arguments are not canonically encoded");
    }
    return values;
  }
}
