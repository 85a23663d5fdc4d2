package io.parley.node.rpc.client;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.UncheckedIOException;
import java.net.URI;
import javax.net.ssl.SSLException;

/**
 * Where a client connects: host and port of an {@code http(s)://} or {@code ws(s)://} URL, and
 * whether TLS wraps the connection (the JDK's provider and trust store, as the JDK client uses).
 */
record ClientEndpoint(URI uri, String host, int port, boolean tls) {
  static ClientEndpoint of(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme();
    boolean tls =
        switch (scheme) {
          case "http", "ws" -> false;
          case "https", "wss" -> true;
          default -> throw new IllegalArgumentException("not an HTTP or WebSocket URL: " + uri);
        };
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("no host in " + uri);
    }
    String host = uri.getHost().replace("[", "").replace("]", ""); // IPv6 literals come bracketed
    int port = uri.getPort() != -1 ? uri.getPort() : tls ? 443 : 80;
    return new ClientEndpoint(uri, host, port, tls);
  }

  /** The Host header as the JDK client sends it: the port only when the URL names one. */
  String hostHeader() {
    return uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
  }

  /** Puts a TLS handler first in {@code channel}'s pipeline when the URL asks for TLS. */
  void secure(Channel channel) {
    if (tls) {
      channel.pipeline().addFirst(Tls.CONTEXT.newHandler(channel.alloc(), host, port));
    }
  }

  /** Built on first TLS use only: plain-HTTP processes never load the TLS machinery. */
  private static final class Tls {
    static final SslContext CONTEXT = build();

    private static SslContext build() {
      try {
        return SslContextBuilder.forClient().build();
      } catch (SSLException e) {
        throw new UncheckedIOException("the JDK's TLS provider is unusable", e);
      }
    }
  }
}
