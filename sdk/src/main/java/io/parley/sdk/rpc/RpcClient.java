package io.parley.sdk.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small JSON-RPC 2.0 client over HTTP for the wallet, tools and tests. An {@link RpcTransport}
 * carries the bodies: the JDK's HTTP client unless another is given. Safe for several threads.
 */
public final class RpcClient implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final RpcTransport transport;
  private final AtomicLong ids = new AtomicLong();

  /** Over the JDK's HTTP client; {@code timeout} bounds connecting and each request. */
  public RpcClient(URI endpoint, Duration timeout) {
    this(new JdkHttpTransport(endpoint, timeout));
  }

  /** Over {@code transport}, which this client closes on {@link #close()}. */
  public RpcClient(RpcTransport transport) {
    this.transport = transport;
  }

  public URI endpoint() {
    return transport.endpoint();
  }

  /** Closes the transport. */
  @Override
  public void close() {
    transport.close();
  }

  /** Calls {@code method} with positional parameters and returns its result. */
  public JsonNode call(String method, Object... params) throws RpcClientException {
    ObjectNode request = request(method, params);
    JsonNode response = post(request.toString());
    return unwrap(response);
  }

  /** One batch request: the results in call order; a failed call's slot holds its exception. */
  public List<Object> batch(List<String> methods, List<Object[]> params) throws RpcClientException {
    ArrayNode batch = MAPPER.createArrayNode();
    for (int i = 0; i < methods.size(); i++) {
      batch.add(request(methods.get(i), params.get(i)));
    }
    JsonNode response = post(batch.toString());
    if (!response.isArray()) {
      throw new RpcClientException(
          response.path("error").path("code").asInt(),
          response.path("error").path("message").asText("malformed batch response"));
    }
    java.util.Map<Long, Integer> indexById = new java.util.HashMap<>();
    for (int i = 0; i < batch.size(); i++) {
      indexById.put(batch.get(i).get("id").asLong(), i);
    }
    Object[] results = new Object[methods.size()];
    for (JsonNode r : response) {
      Integer index = indexById.get(r.path("id").asLong(-1));
      if (index == null) {
        throw new RpcClientException(0, "batch response with an unknown id: " + r);
      }
      try {
        results[index] = unwrap(r);
      } catch (RpcClientException e) {
        results[index] = e;
      }
    }
    return new ArrayList<>(Arrays.asList(results));
  }

  private ObjectNode request(String method, Object... params) {
    ObjectNode request = MAPPER.createObjectNode();
    request.put("jsonrpc", "2.0");
    request.put("id", ids.incrementAndGet());
    request.put("method", method);
    ArrayNode array = request.putArray("params");
    for (Object p : params) {
      array.add(MAPPER.valueToTree(p));
    }
    return request;
  }

  /** Posts a raw body and returns the parsed response; exposed for tests of bad input. */
  public JsonNode post(String body) throws RpcClientException {
    String response = transport.post(body);
    if (response.isEmpty()) {
      return MAPPER.nullNode();
    }
    try {
      return MAPPER.readTree(response);
    } catch (IOException e) {
      throw new RpcClientException(0, "cannot reach the node at " + endpoint() + ": " + e);
    }
  }

  private static JsonNode unwrap(JsonNode response) throws RpcClientException {
    JsonNode error = response.get("error");
    if (error != null && !error.isNull()) {
      throw new RpcClientException(error.path("code").asInt(), error.path("message").asText());
    }
    return response.get("result");
  }
}
