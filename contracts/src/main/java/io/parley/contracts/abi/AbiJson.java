package io.parley.contracts.abi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Reads and writes the ABI JSON document; the writer's output is deterministic. */
public final class AbiJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private AbiJson() {}

  public static String write(Abi abi) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", abi.version2() ? Abi.FORMAT_2 : Abi.FORMAT);
    root.put("contract", abi.contract());
    ArrayNode structs = root.putArray("structs");
    for (Abi.StructDef s : abi.structs()) {
      ObjectNode n = structs.addObject();
      n.put("name", s.name());
      params(n.putArray("fields"), s.fields());
    }
    ArrayNode state = root.putArray("state");
    for (Abi.StateDef s : abi.state()) {
      state
          .addObject()
          .put("name", s.name())
          .put("type", s.type())
          .put("secret", s.secret())
          .put("slot", s.slot());
    }
    if (abi.init().isPresent()) {
      params(root.putObject("init").putArray("inputs"), abi.init().get().inputs());
    } else {
      root.putNull("init");
    }
    functions(root.putArray("actions"), abi.actions());
    functions(root.putArray("views"), abi.views());
    ArrayNode events = root.putArray("events");
    for (Abi.EventDef e : abi.events()) {
      ObjectNode n =
          events
              .addObject()
              .put("name", e.name())
              .put("signature", e.signature())
              .put("topic", e.topic());
      ArrayNode fields = n.putArray("fields");
      for (Abi.EventField f : e.fields()) {
        fields.addObject().put("name", f.name()).put("type", f.type()).put("indexed", f.indexed());
      }
    }
    ArrayNode confidential = root.putArray("confidential");
    for (Abi.ConfidentialDef c : abi.confidential()) {
      ObjectNode n = confidential.addObject().put("name", c.name()).put("circuit", c.circuit());
      ArrayNode inputs = n.putArray("inputs");
      for (Abi.CircuitInput i : c.inputs()) {
        inputs.addObject().put("name", i.name()).put("kind", i.kind()).put("type", i.type());
      }
      ArrayNode outputs = n.putArray("outputs");
      for (Abi.CircuitOutput o : c.outputs()) {
        ObjectNode on =
            outputs.addObject().put("name", o.name()).put("to", o.to()).put("type", o.type());
        o.address().ifPresent(a -> on.put("address", a));
        o.recipient().ifPresent(r -> on.put("recipient", r));
      }
    }
    if (!abi.collections().isEmpty()) {
      ArrayNode collections = root.putArray("collections");
      for (Abi.CollectionDef c : abi.collections()) {
        ObjectNode n =
            collections
                .addObject()
                .put("name", c.name())
                .put("capacity", c.capacity())
                .put("onePerOwner", c.onePerOwner());
        params(n.putArray("fields"), c.fields());
        n.put("where", c.where().orElse(null));
        n.put("validCircuit", c.validCircuit().orElse(null));
      }
    }
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write ABI JSON", e);
    }
  }

  private static void params(ArrayNode array, List<Abi.Param> params) {
    for (Abi.Param p : params) {
      array.addObject().put("name", p.name()).put("type", p.type());
    }
  }

  private static void functions(ArrayNode array, List<Abi.FunctionDef> functions) {
    for (Abi.FunctionDef f : functions) {
      ObjectNode n = array.addObject().put("name", f.name());
      params(n.putArray("inputs"), f.inputs());
      if (f.output().isPresent()) {
        n.put("output", f.output().get());
      } else {
        n.putNull("output");
      }
    }
  }

  public static Abi read(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new AbiException("ABI is not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new AbiException("ABI must be a JSON object");
    }
    String format = text(root, "format");
    if (!Abi.FORMAT.equals(format) && !Abi.FORMAT_2.equals(format)) {
      throw new AbiException("ABI format must be " + Abi.FORMAT + " or " + Abi.FORMAT_2);
    }
    List<Abi.CollectionDef> collections =
        !root.has("collections")
            ? List.of()
            : list(
                root,
                "collections",
                n ->
                    new Abi.CollectionDef(
                        text(n, "name"),
                        n.path("capacity").asInt(),
                        n.path("onePerOwner").asBoolean(),
                        params(n, "fields"),
                        n.hasNonNull("where") ? Optional.of(text(n, "where")) : Optional.empty(),
                        n.hasNonNull("validCircuit")
                            ? Optional.of(text(n, "validCircuit"))
                            : Optional.empty()));
    List<Abi.StructDef> structs =
        list(root, "structs", n -> new Abi.StructDef(text(n, "name"), params(n, "fields")));
    List<Abi.StateDef> state =
        list(
            root,
            "state",
            n ->
                new Abi.StateDef(
                    text(n, "name"),
                    text(n, "type"),
                    n.path("secret").asBoolean(),
                    text(n, "slot")));
    JsonNode init = root.path("init");
    Optional<Abi.FunctionDef> initDef =
        init.isObject()
            ? Optional.of(new Abi.FunctionDef("init", params(init, "inputs"), Optional.empty()))
            : Optional.empty();
    List<Abi.EventDef> events =
        list(
            root,
            "events",
            n ->
                new Abi.EventDef(
                    text(n, "name"),
                    text(n, "signature"),
                    text(n, "topic"),
                    list(
                        n,
                        "fields",
                        f ->
                            new Abi.EventField(
                                text(f, "name"), text(f, "type"), f.path("indexed").asBoolean()))));
    List<Abi.ConfidentialDef> confidential =
        list(
            root,
            "confidential",
            n ->
                new Abi.ConfidentialDef(
                    text(n, "name"),
                    text(n, "circuit"),
                    list(
                        n,
                        "inputs",
                        i ->
                            new Abi.CircuitInput(
                                text(i, "name"), text(i, "kind"), text(i, "type"))),
                    list(
                        n,
                        "outputs",
                        o ->
                            new Abi.CircuitOutput(
                                text(o, "name"),
                                text(o, "to"),
                                text(o, "type"),
                                o.hasNonNull("address")
                                    ? Optional.of(text(o, "address"))
                                    : Optional.empty(),
                                o.hasNonNull("recipient")
                                    ? Optional.of(text(o, "recipient"))
                                    : Optional.empty()))));
    return new Abi(
        text(root, "contract"),
        structs,
        state,
        initDef,
        functions(root, "actions"),
        functions(root, "views"),
        events,
        confidential,
        collections);
  }

  private static List<Abi.FunctionDef> functions(JsonNode root, String field) {
    return list(
        root,
        field,
        n ->
            new Abi.FunctionDef(
                text(n, "name"),
                params(n, "inputs"),
                n.hasNonNull("output") ? Optional.of(text(n, "output")) : Optional.empty()));
  }

  private static List<Abi.Param> params(JsonNode node, String field) {
    return list(node, field, n -> new Abi.Param(text(n, "name"), text(n, "type")));
  }

  private static <T> List<T> list(JsonNode node, String field, Function<JsonNode, T> read) {
    JsonNode array = node.path(field);
    if (!array.isArray()) {
      throw new AbiException("ABI field '" + field + "' must be an array");
    }
    List<T> out = new ArrayList<>();
    for (JsonNode n : array) {
      out.add(read.apply(n));
    }
    return out;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    if (!v.isTextual()) {
      throw new AbiException("ABI field '" + field + "' must be a string");
    }
    return v.asText();
  }
}
