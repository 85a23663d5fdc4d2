package io.parley.node.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WebSocket JSON-RPC client on Netty's WebSocket client, for tests: calls, notifications in
 * arrival order, reading paused and resumed (a client that does not read), and the close frame it
 * got.
 */
public final class WebSocketTestClient implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** A close frame from the server. */
  public record Close(int code, String reason) {}

  private final EventLoopGroup group;
  private final Channel channel;
  private final LinkedBlockingQueue<JsonNode> answers = new LinkedBlockingQueue<>();
  private final LinkedBlockingQueue<JsonNode> notifications = new LinkedBlockingQueue<>();
  private final List<JsonNode> received = new ArrayList<>();
  private final CompletableFuture<Close> close = new CompletableFuture<>();
  private final AtomicLong ids = new AtomicLong();

  private WebSocketTestClient(URI uri, int receiveBufferBytes) throws Exception {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    CompletableFuture<Void> handshake = new CompletableFuture<>();
    WebSocketClientProtocolConfig config =
        WebSocketClientProtocolConfig.newBuilder()
            .webSocketUri(uri)
            .customHeaders(new DefaultHttpHeaders())
            .maxFramePayloadLength(64 << 20)
            .handleCloseFrames(false)
            .generateOriginHeader(false)
            .build();
    Bootstrap bootstrap =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(
                            new HttpClientCodec(),
                            new HttpObjectAggregator(1 << 20),
                            new WebSocketClientProtocolHandler(config),
                            new WebSocketFrameAggregator(64 << 20),
                            new Receiver(handshake));
                  }
                });
    if (receiveBufferBytes > 0) {
      bootstrap.option(ChannelOption.SO_RCVBUF, receiveBufferBytes);
    }
    channel = bootstrap.connect(uri.getHost(), uri.getPort()).sync().channel();
    try {
      handshake.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      close();
      throw e;
    }
  }

  /** Connects to {@code ws://127.0.0.1:port/} of this node's RPC port. */
  public static WebSocketTestClient connect(int port) throws Exception {
    return new WebSocketTestClient(URI.create("ws://127.0.0.1:" + port + "/"), 0);
  }

  /** As {@link #connect(int)}, with a small socket receive buffer (the kernel rounds it up). */
  public static WebSocketTestClient connectWithReceiveBuffer(int port, int bytes) throws Exception {
    return new WebSocketTestClient(URI.create("ws://127.0.0.1:" + port + "/"), bytes);
  }

  /** Sends a call and waits for the next answer, which must carry its id. */
  public JsonNode call(String method, Object... params) throws Exception {
    long id = ids.incrementAndGet();
    ObjectNode request = JSON.createObjectNode();
    request.put("jsonrpc", "2.0");
    request.put("id", id);
    request.put("method", method);
    ArrayNode list = request.putArray("params");
    for (Object p : params) {
      list.add(JSON.valueToTree(p));
    }
    send(request.toString());
    JsonNode answer = nextAnswer();
    if (answer.path("id").asLong(-1) != id) {
      throw new AssertionError("expected the answer to call " + id + ", got " + answer);
    }
    return answer;
  }

  /** The result of a call that must succeed. */
  public JsonNode result(String method, Object... params) throws Exception {
    JsonNode answer = call(method, params);
    if (!answer.has("result")) {
      throw new AssertionError(method + " failed: " + answer);
    }
    return answer.get("result");
  }

  public void send(String text) {
    send(new TextWebSocketFrame(text));
  }

  public void send(WebSocketFrame frame) {
    channel.writeAndFlush(frame).syncUninterruptibly();
  }

  public JsonNode nextAnswer() throws InterruptedException {
    return take(answers, "an answer");
  }

  public JsonNode nextNotification() throws InterruptedException {
    return take(notifications, "a notification");
  }

  /** Every answer and notification so far, in arrival order. */
  public List<JsonNode> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /** Stops reading the socket: what the server sends piles up in the kernel, then in the node. */
  public void pauseReading() {
    channel.config().setAutoRead(false);
  }

  public void resumeReading() {
    channel.config().setAutoRead(true);
    channel.read();
  }

  /** The server's close frame (waits for it). */
  public Close awaitClose() throws Exception {
    return close.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean isOpen() {
    return channel.isActive();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static JsonNode take(LinkedBlockingQueue<JsonNode> queue, String what)
      throws InterruptedException {
    JsonNode next = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (next == null) {
      throw new AssertionError("no " + what + " within " + WAIT);
    }
    return next;
  }

  private final class Receiver extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final CompletableFuture<Void> handshake;

    Receiver(CompletableFuture<Void> handshake) {
      this.handshake = handshake;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
        handshake.complete(null);
      }
      super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      if (frame instanceof TextWebSocketFrame text) {
        JsonNode message;
        try {
          message = JSON.readTree(text.text());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        synchronized (received) {
          received.add(message);
        }
        (message.has("method") ? notifications : answers).add(message);
      } else if (frame instanceof CloseWebSocketFrame c) {
        close.complete(new Close(c.statusCode(), c.reasonText()));
        ctx.writeAndFlush(new CloseWebSocketFrame(c.statusCode(), c.reasonText()))
            .addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      handshake.completeExceptionally(new IOException("connection closed"));
      close.completeExceptionally(new IOException("connection closed without a close frame"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      handshake.completeExceptionally(cause);
      close.completeExceptionally(cause);
      ctx.close();
    }
  }
}
