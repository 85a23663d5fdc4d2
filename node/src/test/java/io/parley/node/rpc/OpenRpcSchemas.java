package io.parley.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The result schemas and declared errors of the methods of an OpenRPC document, for tests. */
final class OpenRpcSchemas {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final JsonNode document;
  private final Map<String, JsonSchema> results = new HashMap<>();

  OpenRpcSchemas(JsonNode document) {
    this.document = document;
  }

  Optional<JsonNode> method(String name) {
    for (JsonNode m : document.get("methods")) {
      if (m.get("name").asText().equals(name)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** Schema violations of {@code result} as the result of {@code method}. */
  Set<ValidationMessage> validateResult(String method, JsonNode result) {
    JsonSchema schema =
        results.computeIfAbsent(
            method,
            name -> {
              // The result schema, with the document's components beside it so that its
              // "#/components/..." references resolve.
              ObjectNode root = JSON.createObjectNode();
              root.set("components", document.get("components"));
              root.putArray("allOf").add(method(name).orElseThrow().get("result").get("schema"));
              return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(root);
            });
    return schema.validate(result);
  }

  /** Schema violations of {@code value} as the component schema {@code name}. */
  Set<ValidationMessage> validateComponent(String name, JsonNode value) {
    JsonSchema schema =
        results.computeIfAbsent(
            "#" + name,
            key -> {
              ObjectNode root = JSON.createObjectNode();
              root.set("components", document.get("components"));
              root.putArray("allOf").addObject().put("$ref", "#/components/schemas/" + name);
              return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(root);
            });
    return schema.validate(value);
  }

  /** The error codes a method declares, references resolved. */
  Set<Integer> declaredErrors(String method) {
    Set<Integer> codes = new TreeSet<>();
    JsonNode errors = method(method).orElseThrow().path("errors");
    for (JsonNode e : errors) {
      codes.add(resolve(e).get("code").asInt());
    }
    return codes;
  }

  /** Every error code in components/errors, by name. */
  Map<String, Integer> componentErrors() {
    Map<String, Integer> codes = new HashMap<>();
    document
        .get("components")
        .get("errors")
        .fields()
        .forEachRemaining(e -> codes.put(e.getKey(), e.getValue().get("code").asInt()));
    return codes;
  }

  private JsonNode resolve(JsonNode node) {
    if (!node.has("$ref")) {
      return node;
    }
    return document.at(node.get("$ref").asText().substring(1));
  }
}
