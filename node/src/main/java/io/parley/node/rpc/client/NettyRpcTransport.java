package io.parley.node.rpc.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.parley.sdk.rpc.RpcClientException;
import io.parley.sdk.rpc.RpcTransport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link RpcTransport} over Netty: HTTP/1.1 with keep-alive, on the event loop of a {@link
 * NettyClients} (docs/adr/0048-netty-rpc-client.md).
 *
 * <p>Concurrency: an {@code RpcClient} is shared by threads (the MPC member's loops, the benchmark
 * senders), so each request in flight gets a connection of its own and no request waits behind
 * another's answer. At most {@code maxConnections} are open: a caller beyond that waits, up to the
 * timeout, for one to free. A connection whose answer came back with keep-alive is kept for the
 * next request, most recently used first, and dropped after {@link #IDLE_NANOS} unused: the node
 * closes a connection idle for 60 s, and dropping ours first keeps a request from meeting one that
 * is being closed (a POST is not retried: it may carry a transaction).
 *
 * <p>Limits: connecting and each answer are bounded by the timeout; a response body larger than
 * {@code maxResponseBytes} is refused and its connection closed. The HTTP status is passed over:
 * the node answers refusals with a JSON-RPC error body, which the client reads, as the JDK
 * transport does.
 */
public final class NettyRpcTransport implements RpcTransport {
  /** Connections one client may hold open at once. */
  public static final int DEFAULT_CONNECTIONS = 16;

  private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(20);

  private final ClientEndpoint endpoint;
  private final Duration timeout;
  private final int maxResponseBytes;
  private final int maxConnections;
  private final Semaphore permits;
  private final Bootstrap bootstrap;
  private final Deque<Idle> idle = new ConcurrentLinkedDeque<>();
  private volatile boolean closed;

  private record Idle(Channel channel, long sinceNanos) {}

  public NettyRpcTransport(
      NettyClients clients, URI uri, Duration timeout, int maxResponseBytes, int maxConnections) {
    this.endpoint = ClientEndpoint.of(uri);
    this.timeout = timeout;
    this.maxResponseBytes = maxResponseBytes;
    this.maxConnections = maxConnections;
    this.permits = new Semaphore(maxConnections);
    this.bootstrap =
        new Bootstrap()
            .group(clients.group())
            .channel(NioSocketChannel.class)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeout.toMillis(), 1L << 30))
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel channel) {
                    endpoint.secure(channel);
                    channel.pipeline().addLast(new HttpClientCodec());
                    channel.pipeline().addLast(new HttpObjectAggregator(maxResponseBytes));
                    channel.pipeline().addLast(new HttpAnswer());
                  }
                });
  }

  @Override
  public URI endpoint() {
    return endpoint.uri();
  }

  @Override
  public String post(String body) throws RpcClientException {
    if (closed) {
      throw new RpcClientException(0, "the client of " + endpoint.uri() + " is closed");
    }
    try {
      if (!permits.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new RpcClientException(
            0,
            "no answer from "
                + endpoint.uri()
                + " within "
                + timeout
                + ": all "
                + maxConnections
                + " connections stayed busy");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RpcClientException(0, "interrupted");
    }
    try {
      Channel channel = reusable();
      if (channel == null) {
        channel = connect();
      }
      HttpAnswer.Response response = exchange(channel, body);
      if (response.keepAlive() && !closed) {
        idle.push(new Idle(channel, System.nanoTime()));
      } else {
        channel.close();
      }
      return response.body();
    } finally {
      permits.release();
    }
  }

  /** The most recently used open connection, closing those idle too long on the way. */
  private Channel reusable() {
    Idle candidate;
    while ((candidate = idle.pollFirst()) != null) {
      if (candidate.channel().isActive()
          && System.nanoTime() - candidate.sinceNanos() < IDLE_NANOS) {
        return candidate.channel();
      }
      candidate.channel().close();
    }
    return null;
  }

  private Channel connect() throws RpcClientException {
    ChannelFuture connected = bootstrap.connect(endpoint.host(), endpoint.port());
    try {
      if (!connected.await(timeout.toMillis() + 1000)) {
        connected.channel().close();
        throw new RpcClientException(
            0, "cannot reach the node at " + endpoint.uri() + ": no connection within " + timeout);
      }
    } catch (InterruptedException e) {
      connected.channel().close();
      Thread.currentThread().interrupt();
      throw new RpcClientException(0, "interrupted");
    }
    if (!connected.isSuccess()) {
      throw new RpcClientException(
          0, "cannot reach the node at " + endpoint.uri() + ": " + connected.cause());
    }
    return connected.channel();
  }

  private HttpAnswer.Response exchange(Channel channel, String body) throws RpcClientException {
    var answer = channel.pipeline().get(HttpAnswer.class).await();
    channel
        .writeAndFlush(request(body))
        .addListener(
            written -> {
              if (!written.isSuccess()) {
                answer.completeExceptionally(written.cause());
              }
            });
    try {
      return answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      channel.close();
      throw new RpcClientException(0, "no answer from " + endpoint.uri() + " within " + timeout);
    } catch (ExecutionException e) {
      channel.close();
      if (tooLong(e.getCause())) {
        throw new RpcClientException(
            0,
            "response from " + endpoint.uri() + " is larger than " + maxResponseBytes + " bytes");
      }
      throw new RpcClientException(
          0, "cannot reach the node at " + endpoint.uri() + ": " + e.getCause());
    } catch (InterruptedException e) {
      channel.close();
      Thread.currentThread().interrupt();
      throw new RpcClientException(0, "interrupted");
    }
  }

  /** The aggregator's refusal arrives wrapped in a DecoderException. */
  private static boolean tooLong(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TooLongFrameException) {
        return true;
      }
    }
    return false;
  }

  private FullHttpRequest request(String body) {
    ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
    String path = endpoint.uri().getRawPath();
    if (path == null || path.isEmpty()) {
      path = "/";
    }
    if (endpoint.uri().getRawQuery() != null) {
      path += "?" + endpoint.uri().getRawQuery();
    }
    FullHttpRequest request =
        new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path, content);
    request.headers().set(HttpHeaderNames.HOST, endpoint.hostHeader());
    request.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
    request.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
    request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    return request;
  }

  /** Closes the idle connections; those in flight close when their answer arrives. */
  @Override
  public void close() {
    closed = true;
    Idle candidate;
    while ((candidate = idle.pollFirst()) != null) {
      candidate.channel().close();
    }
  }
}
