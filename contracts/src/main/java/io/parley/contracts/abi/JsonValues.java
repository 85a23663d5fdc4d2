package io.parley.contracts.abi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.base.types.Address;
import io.parley.contracts.check.Type;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;

/**
 * ABI values as JSON, for RPC and the CLI: integers as decimal strings (JSON numbers and 0x-hex
 * strings are accepted on input), bools as booleans, addresses and bytes as 0x-hex, arrays as
 * arrays, structs as objects by field name (or arrays in field order on input).
 */
public final class JsonValues {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private JsonValues() {}

  public static Object fromJson(Type type, JsonNode node, String what) {
    try {
      return Values.normalize(type, convert(type, node, what), what);
    } catch (IllegalArgumentException e) {
      throw new AbiException(what + ": " + e.getMessage());
    }
  }

  private static Object convert(Type type, JsonNode node, String what) {
    switch (type) {
      case Type.Int t -> {
        if (node.isIntegralNumber()) {
          return node.bigIntegerValue();
        }
        if (node.isTextual()) {
          String s = node.asText().trim();
          return s.startsWith("0x") ? new BigInteger(s.substring(2), 16) : new BigInteger(s);
        }
        throw new AbiException(what + ": expected an integer");
      }
      case Type.Bool b -> {
        if (!node.isBoolean()) {
          throw new AbiException(what + ": expected true or false");
        }
        return node.asBoolean();
      }
      case Type.AddressT a -> {
        return Address.fromHex(text(node, what));
      }
      case Type.BytesT b -> {
        return Bytes.fromHexString(text(node, what));
      }
      case Type.Array a -> {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
          out.add(convert(a.element(), node.get(i), what + "[" + i + "]"));
        }
        if (!node.isArray()) {
          throw new AbiException(what + ": expected an array");
        }
        return out;
      }
      case Type.Struct s -> {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < s.fields().size(); i++) {
          Type.Field f = s.fields().get(i);
          JsonNode v = node.isArray() ? node.get(i) : node.get(f.name());
          if (v == null) {
            throw new AbiException(what + ": missing field '" + f.name() + "'");
          }
          out.add(convert(f.type(), v, what + "." + f.name()));
        }
        return out;
      }
      default -> throw new AbiException(what + ": type " + type.show() + " has no values");
    }
  }

  private static String text(JsonNode node, String what) {
    if (!node.isTextual()) {
      throw new AbiException(what + ": expected a 0x-hex string");
    }
    return node.asText();
  }

  public static JsonNode toJson(Type type, Object value) {
    return switch (type) {
      case Type.Int t -> JSON.textNode(value.toString());
      case Type.Bool b -> JSON.booleanNode((Boolean) value);
      case Type.AddressT a -> JSON.textNode(((Address) value).toHexString());
      case Type.BytesT b -> JSON.textNode(((Bytes) value).toHexString());
      case Type.Array a -> {
        ArrayNode array = JSON.arrayNode();
        for (Object v : (List<?>) value) {
          array.add(toJson(a.element(), v));
        }
        yield array;
      }
      case Type.Struct s -> {
        ObjectNode object = JSON.objectNode();
        List<?> list = (List<?>) value;
        for (int i = 0; i < s.fields().size(); i++) {
          object.set(s.fields().get(i).name(), toJson(s.fields().get(i).type(), list.get(i)));
        }
        yield object;
      }
      default -> throw new AbiException("type " + type.show() + " has no values");
    };
  }

  /** Encodes JSON arguments for a function of the ABI as the RLP argument list. */
  public static Bytes encodeArguments(AbiTypes types, List<Abi.Param> params, JsonNode args) {
    if (args == null || !args.isArray() || args.size() != params.size()) {
      throw new AbiException("expected an array of " + params.size() + " argument(s)");
    }
    List<Type> ts = new ArrayList<>();
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      Type t = types.parse(params.get(i).type());
      ts.add(t);
      values.add(fromJson(t, args.get(i), params.get(i).name()));
    }
    return Values.encodeList(ts, values);
  }
}
