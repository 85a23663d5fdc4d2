package io.parley.node.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Scrapes a node's metrics port over HTTP as Prometheus does. */
public final class MetricsScrape {
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private MetricsScrape() {}

  /** The body of {@code GET /metrics}; fails unless the answer is 200 in the text format. */
  public static String text(InetSocketAddress address) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + address.getPort() + "/metrics"))
                    .timeout(Duration.ofSeconds(10))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    String type = response.headers().firstValue("content-type").orElse("");
    if (response.statusCode() != 200 || !type.equals(CONTENT_TYPE)) {
      throw new IOException(
          "scrape answered " + response.statusCode() + " (" + type + "): " + response.body());
    }
    return response.body();
  }

  /** The scrape, parsed strictly. */
  public static PrometheusText parsed(InetSocketAddress address)
      throws IOException, InterruptedException {
    return PrometheusText.parse(text(address));
  }
}
