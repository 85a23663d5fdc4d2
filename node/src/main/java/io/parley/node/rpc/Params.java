package io.parley.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.types.Address;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/** A method's parameters by position, with typed accessors that fail with -32602. */
public final class Params {
  private final String method;
  private final List<String> names;
  private final List<JsonNode> values;
  private final Optional<WebSocketCall> webSocket;

  Params(
      String method, List<String> names, List<JsonNode> values, Optional<WebSocketCall> webSocket) {
    this.method = method;
    this.names = names;
    this.values = values;
    this.webSocket = webSocket;
  }

  /** The WebSocket frame this call came in, if it came over WebSocket rather than HTTP. */
  Optional<WebSocketCall> webSocket() {
    return webSocket;
  }

  String method() {
    return method;
  }

  public Optional<JsonNode> optional(int index) {
    if (index >= values.size() || values.get(index) == null || values.get(index).isNull()) {
      return Optional.empty();
    }
    return Optional.of(values.get(index));
  }

  public JsonNode required(int index) throws RpcException {
    Optional<JsonNode> value = optional(index);
    if (value.isEmpty()) {
      throw RpcException.invalidParams(method + ": missing parameter '" + name(index) + "'");
    }
    return value.get();
  }

  public String string(int index) throws RpcException {
    JsonNode node = required(index);
    if (!node.isTextual()) {
      throw RpcException.invalidParams(
          method + ": parameter '" + name(index) + "' must be a string");
    }
    return node.asText();
  }

  private static final java.util.regex.Pattern QUANTITY =
      java.util.regex.Pattern.compile("^0[xX](0|[1-9a-fA-F][0-9a-fA-F]{0,14})$");

  /** A hex quantity ("0x0", "0x1a") below 2^60. */
  public long quantity(int index) throws RpcException {
    JsonNode node = required(index);
    if (!node.isTextual() || !QUANTITY.matcher(node.asText()).matches()) {
      throw RpcException.invalidParams(
          method + ": parameter '" + name(index) + "' must be a hex quantity such as \"0x10\"");
    }
    return Long.parseLong(node.asText().substring(2), 16);
  }

  /** 0x-prefixed hex of any length (the request body limit bounds it). */
  public Bytes hexBytes(int index) throws RpcException {
    return hexBytes(index, Integer.MAX_VALUE / 2);
  }

  public Bytes hexBytes(int index, int maxBytes) throws RpcException {
    String text = string(index);
    if (!text.startsWith("0x")) {
      throw RpcException.invalidParams(
          method + ": parameter '" + name(index) + "' must be 0x-prefixed hex");
    }
    if ((text.length() - 2) > 2L * maxBytes) {
      throw RpcException.invalidParams(
          method + ": parameter '" + name(index) + "' is longer than " + maxBytes + " bytes");
    }
    if ((text.length() & 1) != 0 || !text.substring(2).chars().allMatch(Params::isHex)) {
      throw RpcException.invalidParams(
          method
              + ": parameter '"
              + name(index)
              + "' is not valid hex (even number of 0-9a-f digits)");
    }
    return Bytes.fromHexString(text);
  }

  public Bytes32 hash(int index) throws RpcException {
    Bytes bytes = hexBytes(index, 32);
    if (bytes.size() != 32) {
      throw RpcException.invalidParams(
          method + ": parameter '" + name(index) + "' must be a 32-byte hash");
    }
    return Bytes32.wrap(bytes);
  }

  /** A contract storage key: exactly 32 bytes (docs/spec/language.md section 9). */
  public Bytes32 storageKey(int index) throws RpcException {
    Bytes bytes = hexBytes(index, 32);
    if (bytes.size() != 32) {
      throw RpcException.invalidParams(
          method
              + ": parameter '"
              + name(index)
              + "' must be a 32-byte storage key (0x and 64 hex digits)");
    }
    return Bytes32.wrap(bytes);
  }

  public Address address(int index) throws RpcException {
    Bytes bytes = hexBytes(index, 20);
    if (bytes.size() != 20) {
      throw RpcException.invalidParams(
          method + ": parameter '" + name(index) + "' must be a 20-byte address");
    }
    return new Address(bytes);
  }

  public boolean bool(int index, boolean fallback) throws RpcException {
    Optional<JsonNode> value = optional(index);
    if (value.isEmpty()) {
      return fallback;
    }
    if (!value.get().isBoolean()) {
      throw RpcException.invalidParams(
          method + ": parameter '" + name(index) + "' must be true or false");
    }
    return value.get().asBoolean();
  }

  /**
   * A block: "latest", "safe", "finalized" (all three the head: a committed block is final under
   * BFT consensus), "earliest" (genesis), a hex quantity or a non-negative JSON integer.
   */
  public BlockSelector block(int index) throws RpcException {
    Optional<JsonNode> value = optional(index);
    if (value.isEmpty()) {
      return BlockSelector.LATEST;
    }
    JsonNode node = value.get();
    if (node.isIntegralNumber() && node.canConvertToLong() && node.asLong() >= 0) {
      return new BlockSelector.Number(node.asLong());
    }
    if (node.isTextual()) {
      String text = node.asText();
      if (text.equals("latest") || text.equals("safe") || text.equals("finalized")) {
        return BlockSelector.LATEST;
      }
      if (text.equals("earliest")) {
        return new BlockSelector.Number(0);
      }
      if (text.matches("0x(0|[1-9a-fA-F][0-9a-fA-F]{0,15})")) {
        BigInteger n = new BigInteger(text.substring(2), 16);
        if (n.bitLength() < 64) {
          return new BlockSelector.Number(n.longValue());
        }
      }
    }
    throw RpcException.invalidParams(
        method
            + ": parameter '"
            + name(index)
            + "' must be \"latest\", \"safe\", \"finalized\", \"earliest\" or a block number"
            + " (hex quantity such as \"0x1a\" or an integer)");
  }

  /**
   * A fixed-size 0x-hex value found inside a parameter (such as a filter field), or -32602 naming
   * {@code where} and {@code what} it must be.
   */
  Bytes fixedHex(String where, JsonNode node, int size, String what) throws RpcException {
    String text = node == null || !node.isTextual() ? "" : node.asText();
    if (text.length() != 2 + 2 * size
        || !text.startsWith("0x")
        || !text.substring(2).chars().allMatch(Params::isHex)) {
      throw RpcException.invalidParams(
          method + ": " + where + " must be " + what + " (0x and " + 2 * size + " hex digits)");
    }
    return Bytes.fromHexString(text);
  }

  private String name(int index) {
    return index < names.size() ? names.get(index) : "#" + index;
  }

  private static boolean isHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** Which block a state or block query refers to. */
  public sealed interface BlockSelector {
    BlockSelector LATEST = new Latest();

    record Latest() implements BlockSelector {}

    record Number(long height) implements BlockSelector {}
  }
}
