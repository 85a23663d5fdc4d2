package io.parley.node.mpc;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.timeout.IdleStateHandler;
import io.parley.base.crypto.PrivateKey;
import io.parley.mpc.network.TlsIdentity;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member's input endpoint (secret-inputs.md section 9): HTTPS over Netty with the member's TLS
 * identity, {@code POST /v1/offchain-inputs/0x<transaction hash>/<j>} with the ciphertext as the
 * body. It takes a ciphertext only for an input of a final block whose digest names it; every
 * answer follows from the chain and the request alone, and nothing is logged of the body.
 */
public final class InputEndpoint implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InputEndpoint.class);
  private static final Pattern PATH =
      Pattern.compile("/v1/offchain-inputs/0x([0-9a-fA-F]{64})/([0-9]{1,2})");

  private final OffChainDeliveries deliveries;
  private final IntSupplier seat;
  private final int maxBody;
  private final PrivateKey signingKey;

  /**
   * TLS contexts by seat: the certificate binds the seat a wallet addresses (ADR 0056 moves them).
   */
  private final Map<Integer, SslContext> tls = new ConcurrentHashMap<>();

  private final EndpointConnections connections =
      new EndpointConnections(EndpointConnections.TOTAL, EndpointConnections.PER_ADDRESS);

  private EventLoopGroup loop;
  private Channel channel;

  /**
   * {@code seat}: the seat this member holds now (-1 for none); {@code signingKey}: the member's
   * genesis key, which vouches for the endpoint's TLS key as that seat's; {@code maxBody}: the
   * largest ciphertext (maxTransactionSize - 8,192).
   */
  public InputEndpoint(
      OffChainDeliveries deliveries, IntSupplier seat, PrivateKey signingKey, int maxBody) {
    this.deliveries = deliveries;
    this.seat = seat;
    this.maxBody = maxBody;
    this.signingKey = signingKey;
  }

  private SslContext tls(int seat) {
    return tls.computeIfAbsent(
        Math.max(seat, 0),
        s -> {
          TlsIdentity identity = TlsIdentity.create(s, signingKey);
          try {
            return SslContextBuilder.forServer(
                    identity.keyPair().getPrivate(), identity.certificate())
                .sslProvider(SslProvider.JDK)
                .protocols("TLSv1.3")
                .applicationProtocolConfig(
                    new ApplicationProtocolConfig(
                        ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_1_1))
                .build();
          } catch (SSLException e) {
            throw new IllegalStateException("cannot set up the input endpoint's TLS", e);
          }
        });
  }

  /** Binds and serves; returns the bound address (port 0 picks one). */
  public InetSocketAddress start(InetSocketAddress address) throws InterruptedException {
    loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    channel =
        new ServerBootstrap()
            .group(loop)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(connections)
                        .addLast(tls(seat.getAsInt()).newHandler(ch.alloc()))
                        .addLast(new IdleStateHandler(0, 0, 30, TimeUnit.SECONDS))
                        .addLast(new HttpServerCodec(4096, 8192, 8192))
                        .addLast(new HttpObjectAggregator(maxBody))
                        .addLast(new Handler());
                  }
                })
            .bind(address)
            .sync()
            .channel();
    return (InetSocketAddress) channel.localAddress();
  }

  /** The answer to one request: status and JSON body. */
  record Reply(int status, String json) {}

  /** What the endpoint answers {@code method path} with {@code body} (no I/O: tested alone). */
  Reply handle(HttpMethod method, String path, Bytes body) {
    Matcher m = PATH.matcher(path);
    if (!m.matches()) {
      return error(400, "the path is not /v1/offchain-inputs/0x<transaction hash>/<member index>");
    }
    if (!HttpMethod.POST.equals(method)) {
      return error(405, "POST the ciphertext");
    }
    Bytes32 transaction = Bytes32.fromHexString(m.group(1));
    int j = Integer.parseInt(m.group(2));
    OffChainDeliveries.Answer a = deliveries.accept(transaction, j, seat.getAsInt(), body);
    if (a.status() != 200) {
      return error(a.status(), a.message());
    }
    LOG.info("member {} accepted its ciphertext of off-chain input {}", j, transaction);
    return new Reply(200, "{\"member\":" + j + ",\"status\":\"accepted\"}");
  }

  private static Reply error(int status, String message) {
    return new Reply(status, "{\"error\":\"" + message.replace("\"", "'") + "\"}");
  }

  private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      Reply reply;
      if (!request.decoderResult().isSuccess()) {
        reply = error(400, "malformed HTTP request");
      } else {
        String path = request.uri();
        int query = path.indexOf('?');
        reply =
            handle(
                request.method(),
                query < 0 ? path : path.substring(0, query),
                Bytes.wrap(ByteBufUtil.getBytes(request.content())));
      }
      FullHttpResponse response =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              HttpResponseStatus.valueOf(reply.status()),
              Unpooled.copiedBuffer(reply.json(), StandardCharsets.UTF_8));
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
      HttpUtil.setContentLength(response, response.content().readableBytes());
      boolean keepAlive = HttpUtil.isKeepAlive(request) && reply.status() == 200;
      HttpUtil.setKeepAlive(response, keepAlive);
      var future = ctx.writeAndFlush(response);
      if (!keepAlive) {
        future.addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
      if (event instanceof io.netty.handler.timeout.IdleStateEvent) {
        ctx.close(); // 30 s without a byte either way
        return;
      }
      super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.debug("input endpoint connection closed: {}", cause.toString());
      ctx.close();
    }
  }

  @Override
  public void close() {
    if (channel != null) {
      channel.close().awaitUninterruptibly();
    }
    if (loop != null) {
      loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
  }
}
