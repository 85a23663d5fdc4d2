package io.parley.node.explorer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Answers the requests for {@code /explorer} on the RPC port (ADR 0035): GET and HEAD of the files
 * of {@link ExplorerSite}, with a Content-Security-Policy that allows only this origin, so the
 * pages run only their own scripts and talk only to the node that served them.
 */
public final class ExplorerResponses {
  /** Scripts, styles, images and connections (HTTP and WebSocket) of this origin, nothing else. */
  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
          + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private final ExplorerSite site;

  public ExplorerResponses(ExplorerSite site) {
    this.site = site;
  }

  /** The response to {@code request}, whose path (not decoded, without query) is {@code path}. */
  public FullHttpResponse respond(HttpRequest request, String rawPath) {
    boolean head = request.method().equals(HttpMethod.HEAD);
    if (!head && !request.method().equals(HttpMethod.GET)) {
      FullHttpResponse refused = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "GET or HEAD only\n");
      refused.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
      return refused;
    }
    Optional<ExplorerSite.Asset> found = site.find(rawPath);
    if (found.isEmpty()) {
      return text(HttpResponseStatus.NOT_FOUND, "not found\n");
    }
    ExplorerSite.Asset asset = found.get();
    if (asset.etag().equals(request.headers().get(HttpHeaderNames.IF_NONE_MATCH))) {
      FullHttpResponse notModified =
          new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED);
      secure(notModified.headers());
      notModified.headers().set(HttpHeaderNames.ETAG, asset.etag());
      return notModified;
    }
    ByteBuf content = head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(asset.bytes());
    FullHttpResponse ok =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, content);
    secure(ok.headers());
    ok.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, asset.contentType())
        .setInt(HttpHeaderNames.CONTENT_LENGTH, asset.bytes().length)
        .set(HttpHeaderNames.ETAG, asset.etag())
        .set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
    return ok;
  }

  private static FullHttpResponse text(HttpResponseStatus status, String body) {
    ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
    secure(response.headers());
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
    return response;
  }

  private static void secure(HttpHeaders headers) {
    headers
        .set(HttpHeaderNames.CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY)
        .set("X-Content-Type-Options", "nosniff")
        .set(HttpHeaderNames.X_FRAME_OPTIONS, "DENY")
        .set("Referrer-Policy", "no-referrer")
        .set("Cross-Origin-Resource-Policy", "same-origin")
        .set("Cross-Origin-Opener-Policy", "same-origin");
  }
}
