package io.parley.sdk.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A small JSON-RPC 2.0 client over HTTP for the wallet, tools and tests. */
public final class RpcClient {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final URI endpoint;
  private final HttpClient http;
  private final Duration timeout;
  private final AtomicLong ids = new AtomicLong();

  public RpcClient(URI endpoint, Duration timeout) {
    this.endpoint = endpoint;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  public URI endpoint() {
    return endpoint;
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
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.body().isEmpty()) {
        return MAPPER.nullNode();
      }
      return MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new RpcClientException(0, "cannot reach the node at " + endpoint + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RpcClientException(0, "interrupted");
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
