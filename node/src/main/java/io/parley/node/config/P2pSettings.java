package io.parley.node.config;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where this validator listens for its peers and where it finds them.
 *
 * @param listen listen address (default 127.0.0.1:30645; validators on other hosts need a reachable
 *     interface)
 * @param peers genesis validator index to address, for every other validator
 */
public record P2pSettings(InetSocketAddress listen, Map<Integer, InetSocketAddress> peers) {
  public static final int DEFAULT_PORT = 30645;

  public P2pSettings {
    peers = Map.copyOf(peers);
  }

  /** Parses {@code index@host:port} entries, e.g. {@code 0@127.0.0.1:30645}. */
  public static Map<Integer, InetSocketAddress> parsePeers(List<String> entries) {
    Map<Integer, InetSocketAddress> peers = new LinkedHashMap<>();
    for (String entry : entries) {
      String trimmed = entry.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      int at = trimmed.indexOf('@');
      int colon = trimmed.lastIndexOf(':');
      if (at <= 0 || colon <= at + 1 || colon == trimmed.length() - 1) {
        throw new IllegalArgumentException(
            "--peers entry '" + trimmed + "' is not index@host:port");
      }
      int index;
      int port;
      try {
        index = Integer.parseInt(trimmed.substring(0, at));
        port = Integer.parseInt(trimmed.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--peers entry '" + trimmed + "' is not index@host:port");
      }
      if (index < 0 || port < 1 || port > 65535) {
        throw new IllegalArgumentException(
            "--peers entry '" + trimmed + "' has an index or port out of range");
      }
      if (peers.put(
              index, InetSocketAddress.createUnresolved(trimmed.substring(at + 1, colon), port))
          != null) {
        throw new IllegalArgumentException("--peers names validator " + index + " twice");
      }
    }
    return peers;
  }
}
