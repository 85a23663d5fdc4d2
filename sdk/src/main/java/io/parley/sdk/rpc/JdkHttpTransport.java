package io.parley.sdk.rpc;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@link RpcTransport} over the JDK's {@link HttpClient} (HTTP/1.1): the SDK's default. */
public final class JdkHttpTransport implements RpcTransport {
  private final URI endpoint;
  private final Duration timeout;
  private final HttpClient http;

  /** {@code timeout} bounds both connecting and each request. */
  public JdkHttpTransport(URI endpoint, Duration timeout) {
    this.endpoint = endpoint;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  @Override
  public URI endpoint() {
    return endpoint;
  }

  @Override
  public String post(String body) throws RpcClientException {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      throw new RpcClientException(0, "cannot reach the node at " + endpoint + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RpcClientException(0, "interrupted");
    }
  }

  /** Stops the client's threads at once; a request in flight fails. */
  @Override
  public void close() {
    http.shutdownNow();
  }
}
