package io.parley.node.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON-RPC 2.0 over a request body: single calls, batches and notifications, with the standard
 * error codes. Transport-independent: the HTTP and WebSocket handlers call it on a worker thread,
 * the WebSocket one with the frame's {@link WebSocketCall} so that its calls may subscribe.
 */
public final class JsonRpcProcessor {
  private static final Logger LOG = LoggerFactory.getLogger(JsonRpcProcessor.class);
  static final ObjectMapper MAPPER = new ObjectMapper();

  static {
    MAPPER
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(16 << 20).build());
  }

  private final Map<String, RpcMethod> methods = new LinkedHashMap<>();
  private final int maxBatchSize;
  private final RpcCallObserver observer;

  public JsonRpcProcessor(List<RpcMethod> methods, int maxBatchSize) {
    this(methods, maxBatchSize, RpcCallObserver.NONE);
  }

  /** A processor that tells {@code observer} of every call it executes. */
  public JsonRpcProcessor(List<RpcMethod> methods, int maxBatchSize, RpcCallObserver observer) {
    for (RpcMethod m : methods) {
      if (this.methods.put(m.name(), m) != null) {
        throw new IllegalArgumentException("duplicate RPC method " + m.name());
      }
    }
    this.maxBatchSize = maxBatchSize;
    this.observer = observer;
  }

  public List<String> methodNames() {
    return List.copyOf(methods.keySet());
  }

  /** Processes a request body; empty when every call was a notification. */
  public Optional<String> process(String body) {
    return process(body, Optional.empty());
  }

  /**
   * Processes a request body that came in {@code webSocket}'s frame, if any: its calls may
   * subscribe.
   */
  Optional<String> process(String body, Optional<WebSocketCall> webSocket) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      return Optional.of(
          write(
              error(
                  NullNode.instance,
                  RpcErrors.PARSE_ERROR,
                  "parse error: " + e.getOriginalMessage())));
    }
    if (root == null || root.isMissingNode()) {
      return Optional.of(
          write(error(NullNode.instance, RpcErrors.PARSE_ERROR, "parse error: empty body")));
    }
    if (root.isArray()) {
      if (root.isEmpty()) {
        return Optional.of(
            write(
                error(
                    NullNode.instance, RpcErrors.INVALID_REQUEST, "invalid request: empty batch")));
      }
      if (root.size() > maxBatchSize) {
        return Optional.of(
            write(
                error(
                    NullNode.instance,
                    RpcErrors.INVALID_REQUEST,
                    "invalid request: batch of "
                        + root.size()
                        + " calls exceeds the limit of "
                        + maxBatchSize)));
      }
      ArrayNode responses = JsonNodeFactory.instance.arrayNode();
      for (JsonNode call : root) {
        handle(call, webSocket).ifPresent(responses::add);
      }
      return responses.isEmpty() ? Optional.empty() : Optional.of(write(responses));
    }
    return handle(root, webSocket).map(JsonRpcProcessor::write);
  }

  /** Processes one call; empty for a valid notification. */
  Optional<JsonNode> handle(JsonNode call, Optional<WebSocketCall> webSocket) {
    if (!call.isObject()) {
      return Optional.of(
          error(
              NullNode.instance,
              RpcErrors.INVALID_REQUEST,
              "invalid request: a call must be a JSON object"));
    }
    JsonNode id = call.get("id");
    boolean notification = id == null;
    JsonNode responseId = notification ? NullNode.instance : id;
    if (!notification && !(id.isTextual() || id.isNumber() || id.isNull())) {
      return Optional.of(
          error(
              NullNode.instance,
              RpcErrors.INVALID_REQUEST,
              "invalid request: id must be a string, number or null"));
    }
    JsonNode version = call.get("jsonrpc");
    if (version == null || !version.isTextual() || !version.asText().equals("2.0")) {
      return Optional.of(
          error(responseId, RpcErrors.INVALID_REQUEST, "invalid request: jsonrpc must be \"2.0\""));
    }
    JsonNode methodNode = call.get("method");
    if (methodNode == null || !methodNode.isTextual()) {
      return Optional.of(
          error(responseId, RpcErrors.INVALID_REQUEST, "invalid request: method must be a string"));
    }
    JsonNode params = call.get("params");
    if (params != null && !params.isArray() && !params.isObject()) {
      return Optional.of(
          error(
              responseId,
              RpcErrors.INVALID_REQUEST,
              "invalid request: params must be an array or an object"));
    }
    JsonNode response = invoke(responseId, methodNode.asText(), params, webSocket);
    return notification ? Optional.empty() : Optional.of(response);
  }

  private JsonNode invoke(
      JsonNode id, String name, JsonNode params, Optional<WebSocketCall> webSocket) {
    long start = System.nanoTime();
    JsonNode response = call(id, name, params, webSocket);
    observer.called(name, response.has("error"), System.nanoTime() - start);
    return response;
  }

  private JsonNode call(
      JsonNode id, String name, JsonNode params, Optional<WebSocketCall> webSocket) {
    RpcMethod method = methods.get(name);
    if (method == null) {
      return error(id, RpcErrors.METHOD_NOT_FOUND, "method not found: " + truncate(name));
    }
    try {
      JsonNode result = method.handler().call(positional(method, params, webSocket));
      ObjectNode response = JsonNodeFactory.instance.objectNode();
      response.put("jsonrpc", "2.0");
      response.set("id", id);
      response.set("result", result == null ? NullNode.instance : result);
      return response;
    } catch (RpcException e) {
      ObjectNode response = error(id, e.code(), e.getMessage());
      e.data().ifPresent(d -> ((ObjectNode) response.get("error")).set("data", d));
      return response;
    } catch (RuntimeException e) {
      LOG.error("Internal error in {}", name, e);
      return error(id, RpcErrors.INTERNAL_ERROR, "internal error");
    }
  }

  private static Params positional(
      RpcMethod method, JsonNode params, Optional<WebSocketCall> webSocket) throws RpcException {
    List<JsonNode> values = new ArrayList<>();
    if (params == null) {
      // no parameters
    } else if (params.isArray()) {
      if (params.size() > method.parameterNames().size()) {
        throw RpcException.invalidParams(
            method.name()
                + " takes at most "
                + method.parameterNames().size()
                + " parameters, got "
                + params.size());
      }
      params.forEach(values::add);
    } else {
      Iterator<String> names = params.fieldNames();
      while (names.hasNext()) {
        String n = names.next();
        if (!method.parameterNames().contains(n)) {
          throw RpcException.invalidParams(
              method.name() + ": unknown parameter '" + truncate(n) + "'");
        }
      }
      for (String n : method.parameterNames()) {
        values.add(params.get(n));
      }
    }
    for (int i = 0; i < method.requiredParameters(); i++) {
      if (i >= values.size() || values.get(i) == null || values.get(i).isNull()) {
        throw RpcException.invalidParams(
            method.name() + ": missing parameter '" + method.parameterNames().get(i) + "'");
      }
    }
    return new Params(method.name(), method.parameterNames(), values, webSocket);
  }

  static ObjectNode error(JsonNode id, int code, String message) {
    ObjectNode response = JsonNodeFactory.instance.objectNode();
    response.put("jsonrpc", "2.0");
    response.set("id", id);
    ObjectNode error = response.putObject("error");
    error.put("code", code);
    error.put("message", message);
    return response;
  }

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String truncate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }
}
