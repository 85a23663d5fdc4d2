package io.parley.zk.circuit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Parses the JSON encoding of docs/spec/circuit-ir.md, rejecting unknown keys. */
public final class CircuitParser {
  public static final String FORMAT = "parley-circuit/1";

  /** Version 2 adds input kind {@code collection} (docs/spec/circuit-ir.md section 3). */
  public static final String FORMAT_2 = "parley-circuit/2";

  /** Version 3 adds vector gates (docs/spec/circuit-ir.md section 10). */
  public static final String FORMAT_3 = "parley-circuit/3";

  /** Dimensions of a vector gate's shape. */
  public static final int MAX_DIMENSIONS = 3;

  /** Lanes of one vector gate (the product of its shape). */
  public static final int MAX_LANES = 1 << 20;

  /** Wires in one run of a vector operand. */
  public static final int MAX_RUN = 1 << 16;

  public static final int MAX_DOCUMENT_BYTES = 16 << 20;
  public static final int MAX_RECIPIENTS = 16;
  private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_.-]{1,64}$");
  private static final Pattern INTEGER = Pattern.compile("^-?(0|[1-9][0-9]*)$");
  private static final Pattern ADDRESS = Pattern.compile("^0x[0-9a-fA-F]{40}$");
  private static final BigInteger CONSTANT_LIMIT = BigInteger.ONE.shiftLeft(125);
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private CircuitParser() {}

  public static Circuit parse(byte[] document) {
    if (document.length > MAX_DOCUMENT_BYTES) {
      throw new CircuitException("E_LIMIT", "document over 16 MiB");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(document);
    } catch (JsonProcessingException e) {
      throw new CircuitException("E_JSON", e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw new CircuitException("E_JSON", e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new CircuitException("E_FORMAT", "document is not a JSON object");
    }
    keys(root, "document", Set.of("format", "name", "inputs", "gates", "outputs", "recipients"));
    String format = text(root, "format", "document");
    int version =
        switch (format) {
          case FORMAT -> 1;
          case FORMAT_2 -> 2;
          case FORMAT_3 -> 3;
          default ->
              throw new CircuitException(
                  "E_FORMAT", "format must be " + FORMAT + ", " + FORMAT_2 + " or " + FORMAT_3);
        };
    String name = name(text(root, "name", "document"), "circuit name");
    List<Circuit.Input> inputs = new ArrayList<>();
    for (JsonNode n : array(root, "inputs", "document")) {
      keys(n, "input", Set.of("name", "kind", "type"));
      String inputName = name(text(n, "name", "input"), "input name");
      String where = "input '" + inputName + "'";
      Circuit.InputKind kind =
          switch (text(n, "kind", where)) {
            case "secret" -> Circuit.InputKind.SECRET;
            case "public" -> Circuit.InputKind.PUBLIC;
            case "state" -> Circuit.InputKind.STATE;
            case "collection" -> {
              if (version < 2) {
                throw new CircuitException(
                    "E_FORMAT", where + ": kind collection needs format " + FORMAT_2);
              }
              yield Circuit.InputKind.COLLECTION;
            }
            default -> throw new CircuitException("E_FORMAT", where + ": unknown kind");
          };
      inputs.add(
          new Circuit.Input(inputName, kind, ValueType.parse(text(n, "type", where), where)));
    }
    List<String> recipients = new ArrayList<>();
    if (root.has("recipients")) {
      for (JsonNode n : array(root, "recipients", "document")) {
        keys(n, "recipient", Set.of("name"));
        String recipient = name(text(n, "name", "recipient"), "recipient name");
        if (recipients.contains(recipient)) {
          throw new CircuitException("E_NAME", "duplicate recipient '" + recipient + "'");
        }
        recipients.add(recipient);
      }
      if (recipients.size() > MAX_RECIPIENTS) {
        throw new CircuitException("E_LIMIT", "more than " + MAX_RECIPIENTS + " recipients");
      }
    }
    List<Circuit.Gate> gates = new ArrayList<>();
    int index = 0;
    for (JsonNode n : array(root, "gates", "document")) {
      gates.add(gate(n, "gate " + index++, version));
    }
    List<Circuit.Output> outputs = new ArrayList<>();
    for (JsonNode n : array(root, "outputs", "document")) {
      keys(n, "output", Set.of("name", "wire", "wires", "type", "to", "address", "recipient"));
      String outputName = name(text(n, "name", "output"), "output name");
      String where = "output '" + outputName + "'";
      ValueType type = ValueType.parse(text(n, "type", where), where);
      List<Integer> wires = new ArrayList<>();
      if (n.has("wire") == n.has("wires")) {
        throw new CircuitException("E_FORMAT", where + ": exactly one of wire or wires");
      }
      if (n.has("wire")) {
        wires.add(wireId(n.get("wire"), where));
      } else {
        for (JsonNode w : n.get("wires")) {
          wires.add(wireId(w, where));
        }
      }
      if (type.array() != n.has("wires") || wires.size() != type.length()) {
        throw new CircuitException("E_FORMAT", where + ": wires do not match the type");
      }
      Circuit.Destination to =
          switch (text(n, "to", where)) {
            case "public" -> Circuit.Destination.PUBLIC;
            case "address" -> Circuit.Destination.ADDRESS;
            case "state" -> Circuit.Destination.STATE;
            default -> throw new CircuitException("E_FORMAT", where + ": unknown destination");
          };
      Optional<String> address = Optional.empty();
      Optional<String> recipient = Optional.empty();
      if (to == Circuit.Destination.ADDRESS) {
        if (n.has("address") == n.has("recipient")) {
          throw new CircuitException(
              "E_FORMAT", where + ": to=address needs exactly one of address or recipient");
        }
        if (n.has("address")) {
          String a = text(n, "address", where);
          if (!ADDRESS.matcher(a).matches()) {
            throw new CircuitException(
                "E_FORMAT", where + ": address must be 0x and 40 hex digits");
          }
          address = Optional.of(a);
        } else {
          String r = text(n, "recipient", where);
          if (!recipients.contains(r)) {
            throw new CircuitException("E_NAME", where + ": unknown recipient '" + r + "'");
          }
          recipient = Optional.of(r);
        }
      } else if (n.has("address") || n.has("recipient")) {
        throw new CircuitException(
            "E_FORMAT", where + ": address and recipient only with to=address");
      }
      outputs.add(new Circuit.Output(outputName, wires, type, to, address, recipient));
    }
    return new Circuit(name, inputs, gates, outputs, recipients, version);
  }

  private static Circuit.Gate gate(JsonNode n, String where, int version) {
    keys(n, where, Set.of("op", "in", "c", "width", "signed", "type", "id", "shape"));
    String op = text(n, "op", where);
    if (n.has("in") && !n.get("in").isArray()) {
      throw new CircuitException("E_FORMAT", where + ": in must be an array");
    }
    List<Integer> shape = new ArrayList<>();
    if (n.has("shape")) {
      if (version < 3) {
        throw new CircuitException("E_FORMAT", where + ": shape needs format " + FORMAT_3);
      }
      shape = shape(n.get("shape"), where);
    }
    List<Integer> in = new ArrayList<>();
    List<Circuit.Ref> refs = new ArrayList<>();
    if (n.has("in")) {
      for (JsonNode w : n.get("in")) {
        if (shape.isEmpty()) {
          in.add(wireId(w, where));
        } else {
          refs.add(ref(w, shape, where));
        }
      }
    }
    Optional<BigInteger> constant = Optional.empty();
    if (n.has("c")) {
      String c = n.get("c").isTextual() ? n.get("c").asText() : "";
      if (!INTEGER.matcher(c).matches()) {
        throw new CircuitException("E_CONST", where + ": constant must be a decimal string");
      }
      BigInteger value = new BigInteger(c);
      if (value.abs().compareTo(CONSTANT_LIMIT) >= 0) {
        throw new CircuitException("E_CONST", where + ": constant exceeds 2^125");
      }
      constant = Optional.of(value);
    }
    Optional<Integer> width =
        n.has("width") ? Optional.of(wireId(n.get("width"), where)) : Optional.empty();
    Optional<Boolean> signed = Optional.empty();
    if (n.has("signed")) {
      if (!n.get("signed").isBoolean()) {
        throw new CircuitException("E_FORMAT", where + ": signed must be a boolean");
      }
      signed = Optional.of(n.get("signed").asBoolean());
    }
    Optional<ValueType> type =
        n.has("type")
            ? Optional.of(ValueType.parse(text(n, "type", where), where))
            : Optional.empty();
    Optional<Integer> id = n.has("id") ? Optional.of(wireId(n.get("id"), where)) : Optional.empty();
    return new Circuit.Gate(op, in, constant, width, signed, type, id, shape, refs);
  }

  private static List<Integer> shape(JsonNode n, String where) {
    if (!n.isArray() || n.isEmpty() || n.size() > MAX_DIMENSIONS) {
      throw new CircuitException(
          "E_VECTOR", where + ": shape must be an array of 1.." + MAX_DIMENSIONS + " sizes");
    }
    List<Integer> shape = new ArrayList<>();
    long lanes = 1;
    for (JsonNode d : n) {
      int size = wireId(d, where);
      if (size < 1) {
        throw new CircuitException("E_VECTOR", where + ": a shape size must be at least 1");
      }
      lanes *= size;
      if (lanes > MAX_LANES) {
        throw new CircuitException("E_LIMIT", where + ": more than " + MAX_LANES + " lanes");
      }
      shape.add(size);
    }
    return shape;
  }

  /** A vector operand: a wire id (the same wire in every lane) or {w, step, run, by}. */
  private static Circuit.Ref ref(JsonNode n, List<Integer> shape, String where) {
    int dimensions = shape.size();
    if (!n.isObject()) {
      return new Circuit.Ref(wireId(n, where), java.util.Collections.nCopies(dimensions, 0), 0, 0);
    }
    if (n.has("wires")) {
      keys(n, where + " operand", Set.of("wires"));
      JsonNode ws = n.get("wires");
      int lanes = 1;
      for (int d : shape) {
        lanes *= d;
      }
      if (!ws.isArray() || ws.size() != lanes) {
        throw new CircuitException(
            "E_VECTOR", where + ": a list operand must name one wire per lane (" + lanes + ")");
      }
      List<Integer> list = new ArrayList<>(lanes);
      for (JsonNode w : ws) {
        list.add(wireId(w, where));
      }
      return Circuit.Ref.of(list);
    }
    keys(n, where + " operand", Set.of("w", "step", "run", "by"));
    if (!n.has("w")) {
      throw new CircuitException("E_FORMAT", where + ": operand needs 'w'");
    }
    int wire = wireId(n.get("w"), where);
    List<Integer> step = new ArrayList<>();
    JsonNode s = n.get("step");
    if (s == null || !s.isArray() || s.size() != dimensions) {
      throw new CircuitException(
          "E_VECTOR", where + ": operand step must have one integer per shape dimension");
    }
    for (JsonNode d : s) {
      step.add(integer(d, where));
    }
    if (n.has("run") != n.has("by")) {
      throw new CircuitException("E_VECTOR", where + ": operand run and by go together");
    }
    int run = 0;
    int by = 0;
    if (n.has("run")) {
      run = wireId(n.get("run"), where);
      if (run < 1 || run > MAX_RUN) {
        throw new CircuitException("E_VECTOR", where + ": run must be 1.." + MAX_RUN);
      }
      by = integer(n.get("by"), where);
    }
    return new Circuit.Ref(wire, step, run, by);
  }

  private static int integer(JsonNode n, String where) {
    if (!n.isInt()) {
      throw new CircuitException("E_FORMAT", where + ": expected an integer");
    }
    return n.asInt();
  }

  private static void keys(JsonNode n, String where, Set<String> allowed) {
    if (!n.isObject()) {
      throw new CircuitException("E_FORMAT", where + " must be an object");
    }
    Iterator<String> names = n.fieldNames();
    while (names.hasNext()) {
      String key = names.next();
      if (!allowed.contains(key)) {
        throw new CircuitException("E_FORMAT", where + ": unknown key '" + key + "'");
      }
    }
  }

  private static String text(JsonNode n, String key, String where) {
    JsonNode v = n.get(key);
    if (v == null || !v.isTextual()) {
      throw new CircuitException("E_FORMAT", where + ": '" + key + "' must be a string");
    }
    return v.asText();
  }

  private static String name(String value, String where) {
    if (!NAME.matcher(value).matches()) {
      throw new CircuitException(
          "E_NAME", where + " '" + value + "' is not 1..64 of [A-Za-z0-9_.-]");
    }
    return value;
  }

  private static JsonNode array(JsonNode n, String key, String where) {
    JsonNode v = n.get(key);
    if (v == null || !v.isArray()) {
      throw new CircuitException("E_FORMAT", where + ": '" + key + "' must be an array");
    }
    return v;
  }

  private static int wireId(JsonNode n, String where) {
    if (!n.isInt() || n.asInt() < 0) {
      throw new CircuitException("E_FORMAT", where + ": expected a non-negative integer");
    }
    return n.asInt();
  }
}
