package io.parley.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The OpenRPC document served by {@code rpc.discover}: the bundled {@code openrpc.json} with its
 * {@code servers} naming the endpoint this node serves (not a fixed default port).
 */
public final class OpenRpcDocument {
  private final ObjectNode template;
  private volatile JsonNode served;

  private OpenRpcDocument(ObjectNode template, String host, int port) {
    this.template = template;
    this.served = withServer(host, port);
  }

  /** The bundled document naming {@code host:port} (the configured RPC address) as its server. */
  public static OpenRpcDocument load(String host, int port) {
    try (InputStream in = OpenRpcDocument.class.getResourceAsStream("/openrpc.json")) {
      if (in == null) {
        throw new IllegalStateException("openrpc.json is missing from the node's resources");
      }
      return new OpenRpcDocument((ObjectNode) JsonRpcProcessor.MAPPER.readTree(in), host, port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public JsonNode document() {
    return served;
  }

  /** Names the address the RPC server is bound to (its real port when configured as 0). */
  public void servedAt(InetSocketAddress bound) {
    served = withServer(bound.getHostString(), bound.getPort());
  }

  /** The URL a client on this machine uses: a wildcard bind is reachable on loopback. */
  static String url(String host, int port) {
    String h = host;
    try {
      if (InetAddress.getByName(host).isAnyLocalAddress()) {
        h = "127.0.0.1";
      }
    } catch (java.net.UnknownHostException e) {
      // a name that does not resolve on this machine is still the configured name: keep it
    }
    if (h.indexOf(':') >= 0) {
      h = "[" + h + "]";
    }
    return "http://" + h + ":" + port + "/";
  }

  private JsonNode withServer(String host, int port) {
    ObjectNode copy = template.deepCopy();
    ObjectNode server = copy.putArray("servers").addObject();
    server.put("name", "this node");
    server.put("url", url(host, port));
    server.put(
        "description",
        "The JSON-RPC endpoint of the node that served this document (--rpc-host, --rpc-port);"
            + " a node bound to all interfaces names 127.0.0.1.");
    return copy;
  }
}
