package io.parley.node.explorer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The explorer's static files (docs/explorer.md), read once from the jar into memory. Only the
 * files named in {@link #FILES} exist: a request path is looked up as a whole, never resolved
 * against a directory, so no path can reach anything else. Sizes are bounded when loading.
 */
public final class ExplorerSite {
  /** Where the files live in the jar, relative to this class. */
  static final String RESOURCE_DIRECTORY = "site/";

  /** Every file of the site, as served under {@code /explorer/}. */
  public static final List<String> FILES =
      List.of(
          "index.html",
          "explorer.css",
          "favicon.svg",
          "js/main.js",
          "js/rpc.js",
          "js/live.js",
          "js/dom.js",
          "js/format.js",
          "js/keccak.js",
          "js/rlp.js",
          "js/values.js",
          "js/views/links.js",
          "js/views/home.js",
          "js/views/block.js",
          "js/views/transaction.js",
          "js/views/account.js",
          "js/views/contract.js",
          "js/views/computation.js");

  static final int MAX_FILE_BYTES = 128 * 1024;
  static final int MAX_SITE_BYTES = 1024 * 1024;

  private static final Map<String, String> CONTENT_TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "svg", "image/svg+xml");

  /** One file: its bytes, content type and a strong ETag (a hash of the bytes). */
  public record Asset(String name, String contentType, byte[] bytes, String etag) {}

  private final Map<String, Asset> assets;

  private ExplorerSite(Map<String, Asset> assets) {
    this.assets = assets;
  }

  /** Reads every file of {@link #FILES}; a missing or oversized one is a build error. */
  public static ExplorerSite load() {
    Map<String, Asset> assets = new LinkedHashMap<>();
    int total = 0;
    for (String name : FILES) {
      byte[] bytes = read(name);
      total += bytes.length;
      if (total > MAX_SITE_BYTES) {
        throw new IllegalStateException("explorer site exceeds " + MAX_SITE_BYTES + " bytes");
      }
      assets.put(name, new Asset(name, contentType(name), bytes, etag(bytes)));
    }
    return new ExplorerSite(Map.copyOf(assets));
  }

  /**
   * The file a request path names: {@code /explorer}, {@code /explorer/} and {@code
   * /explorer/index.html} are the page, {@code /explorer/<file>} a file of {@link #FILES}. Anything
   * else (other names, {@code ..}, encoded characters) has no file.
   */
  public Optional<Asset> find(String rawPath) {
    if ("/explorer".equals(rawPath) || "/explorer/".equals(rawPath)) {
      return Optional.of(assets.get("index.html"));
    }
    if (!rawPath.startsWith("/explorer/")) {
      return Optional.empty();
    }
    return Optional.ofNullable(assets.get(rawPath.substring("/explorer/".length())));
  }

  /** True for the paths the explorer owns: {@code /explorer} and everything under it. */
  public static boolean owns(String rawPath) {
    return "/explorer".equals(rawPath) || rawPath.startsWith("/explorer/");
  }

  private static byte[] read(String name) {
    try (InputStream in = ExplorerSite.class.getResourceAsStream(RESOURCE_DIRECTORY + name)) {
      if (in == null) {
        throw new IllegalStateException("explorer file missing from the jar: " + name);
      }
      byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
      if (bytes.length > MAX_FILE_BYTES) {
        throw new IllegalStateException(
            "explorer file " + name + " exceeds " + MAX_FILE_BYTES + " bytes");
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read explorer file " + name, e);
    }
  }

  private static String contentType(String name) {
    String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    String type = CONTENT_TYPES.get(extension);
    if (type == null) {
      throw new IllegalStateException("no content type for explorer file " + name);
    }
    return type;
  }

  private static String etag(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
