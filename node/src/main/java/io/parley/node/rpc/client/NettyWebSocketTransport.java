package io.parley.node.rpc.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.parley.sdk.rpc.WebSocketTransport;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link WebSocketTransport} over Netty's WebSocket client, on the event loop of a {@link
 * NettyClients} (docs/adr/0048-netty-rpc-client.md). A message (its fragments joined) larger than
 * {@code maxMessageBytes} fails the connection: the listener hears an error, as it would from the
 * JDK's WebSocket.
 */
public final class NettyWebSocketTransport implements WebSocketTransport {
  /** How long a close this client started waits for the node's echo before the socket is cut. */
  private static final long CLOSE_WAIT_MILLIS = 2000;

  private final NettyClients clients;
  private final int maxMessageBytes;

  public NettyWebSocketTransport(NettyClients clients, int maxMessageBytes) {
    this.clients = clients;
    this.maxMessageBytes = maxMessageBytes;
  }

  @Override
  public CompletableFuture<Connection> open(URI uri, Duration timeout, Listener listener) {
    ClientEndpoint endpoint;
    try {
      endpoint = ClientEndpoint.of(uri);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    WebSocketClientProtocolConfig config =
        WebSocketClientProtocolConfig.newBuilder()
            .webSocketUri(uri)
            .version(WebSocketVersion.V13)
            .maxFramePayloadLength(maxMessageBytes)
            .handshakeTimeoutMillis(timeout.toMillis())
            .handleCloseFrames(false) // WebSocketMessages reads the node's code and reason
            .generateOriginHeader(false) // not a browser: the JDK client sends no Origin either
            .build();
    CompletableFuture<Connection> opened = new CompletableFuture<>();
    AtomicBoolean closeSent = new AtomicBoolean();
    new Bootstrap()
        .group(clients.group())
        .channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeout.toMillis(), 1L << 30))
        .handler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel channel) {
                endpoint.secure(channel);
                channel.pipeline().addLast(new HttpClientCodec());
                channel.pipeline().addLast(new HttpObjectAggregator(64 * 1024));
                channel.pipeline().addLast(new WebSocketClientProtocolHandler(config));
                channel.pipeline().addLast(new WebSocketFrameAggregator(maxMessageBytes));
                channel
                    .pipeline()
                    .addLast(
                        new WebSocketMessages(
                            listener,
                            opened,
                            () -> new NettyConnection(channel, closeSent),
                            closeSent));
              }
            })
        .connect(endpoint.host(), endpoint.port())
        .addListener(
            connected -> {
              if (!connected.isSuccess()) {
                opened.completeExceptionally(connected.cause());
              }
            });
    return opened;
  }

  private record NettyConnection(Channel channel, AtomicBoolean closeSent) implements Connection {
    @Override
    public CompletableFuture<Void> sendText(String text) {
      CompletableFuture<Void> sent = new CompletableFuture<>();
      channel
          .writeAndFlush(new TextWebSocketFrame(text))
          .addListener(
              written -> {
                if (written.isSuccess()) {
                  sent.complete(null);
                } else {
                  sent.completeExceptionally(written.cause());
                }
              });
      return sent;
    }

    @Override
    public void sendClose(int code, String reason) {
      if (closeSent.compareAndSet(false, true)) {
        channel.writeAndFlush(new CloseWebSocketFrame(code, reason));
        try {
          channel
              .eventLoop()
              .schedule(() -> channel.close(), CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
          channel.close(); // the event loop is shutting down: it closes every channel anyway
        }
      }
    }
  }
}
