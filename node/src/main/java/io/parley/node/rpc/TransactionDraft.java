package io.parley.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.tx.Transaction;
import io.parley.base.tx.TransactionKind;
import io.parley.base.types.Address;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * An unsigned transaction described as a JSON object, for {@code tx_estimateGas}: {@code from} and
 * {@code kind} ("transfer", "deploy" or "call") are required; {@code to}, {@code value}, {@code
 * payload}, {@code gasLimit} and {@code nonce} are optional. Every malformed field is reported by
 * name with -32602.
 */
record TransactionDraft(
    Address from,
    TransactionKind kind,
    Optional<Address> to,
    UInt256 value,
    Bytes payload,
    Optional<Long> gasLimit,
    Optional<Long> nonce) {

  private static final Set<String> FIELDS =
      Set.of("from", "kind", "to", "value", "payload", "gasLimit", "nonce");

  /** The transaction to simulate: gas price 0, default limit and nonce filled in. */
  Transaction toTransaction(long chainId, long defaultGasLimit, long defaultNonce) {
    return new Transaction(
        chainId,
        nonce.orElse(defaultNonce),
        kind,
        UInt256.ZERO,
        gasLimit.orElse(defaultGasLimit),
        to,
        value,
        payload);
  }

  static TransactionDraft parse(String method, JsonNode node) throws RpcException {
    String prefix = method + ": parameter 'transaction'";
    if (!node.isObject()) {
      throw RpcException.invalidParams(prefix + " must be an object");
    }
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw RpcException.invalidParams(
            prefix + " has an unknown field '" + truncate(name) + "'; allowed: " + FIELDS);
      }
    }
    Optional<String> fromText = optionalText(node, "from", prefix);
    if (fromText.isEmpty()) {
      throw RpcException.invalidParams(prefix + ".from is required");
    }
    Address from = address(fromText.get(), prefix + ".from");
    Optional<String> kindText = optionalText(node, "kind", prefix);
    if (kindText.isEmpty()) {
      throw RpcException.invalidParams(prefix + ".kind is required");
    }
    TransactionKind kind = kind(kindText.get(), prefix);
    Optional<String> toText = optionalText(node, "to", prefix);
    Optional<Address> to =
        toText.isPresent() ? Optional.of(address(toText.get(), prefix + ".to")) : Optional.empty();
    if (kind.requiresRecipient() != to.isPresent()) {
      throw RpcException.invalidParams(
          prefix
              + (kind.requiresRecipient()
                  ? ".to is required for kind " + name(kind)
                  : ".to must be absent for kind deploy"));
    }
    Optional<String> valueText = optionalText(node, "value", prefix);
    UInt256 value =
        valueText.isPresent()
            ? UInt256.valueOf(quantity(valueText.get(), prefix + ".value", 256))
            : UInt256.ZERO;
    Optional<String> payloadText = optionalText(node, "payload", prefix);
    Bytes payload =
        payloadText.isPresent() ? data(payloadText.get(), prefix + ".payload") : Bytes.EMPTY;
    Optional<Long> gasLimit = optionalLong(node, "gasLimit", prefix);
    Optional<Long> nonce = optionalLong(node, "nonce", prefix);
    return new TransactionDraft(from, kind, to, value, payload, gasLimit, nonce);
  }

  /** The JSON name of a kind: its enum name in lower case ("secret_input" for kind 3). */
  static String name(TransactionKind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  private static TransactionKind kind(String text, String prefix) throws RpcException {
    for (TransactionKind k : TransactionKind.values()) {
      if (name(k).equals(text)) {
        return k;
      }
    }
    throw RpcException.invalidParams(
        prefix
            + ".kind must be \"transfer\", \"deploy\" or \"call\", got \""
            + truncate(text)
            + "\"");
  }

  private static Optional<String> optionalText(JsonNode node, String field, String prefix)
      throws RpcException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw RpcException.invalidParams(prefix + "." + field + " must be a string");
    }
    return Optional.of(value.asText());
  }

  private static Optional<Long> optionalLong(JsonNode node, String field, String prefix)
      throws RpcException {
    Optional<String> text = optionalText(node, field, prefix);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(quantity(text.get(), prefix + "." + field, 63).longValueExact());
  }

  private static Address address(String text, String what) throws RpcException {
    Bytes bytes = data(text, what);
    if (bytes.size() != Address.SIZE) {
      throw RpcException.invalidParams(what + " must be a 20-byte address");
    }
    return new Address(bytes);
  }

  private static Bytes data(String text, String what) throws RpcException {
    if (!text.startsWith("0x")
        || (text.length() & 1) != 0
        || !text.substring(2).chars().allMatch(TransactionDraft::isHex)) {
      throw RpcException.invalidParams(
          what + " must be 0x-prefixed hex with an even number of digits");
    }
    return Bytes.fromHexString(text);
  }

  private static BigInteger quantity(String text, String what, int bits) throws RpcException {
    if (!text.matches("0x[0-9a-fA-F]{1,64}")) {
      throw RpcException.invalidParams(what + " must be a hex quantity such as \"0x5208\"");
    }
    BigInteger n = new BigInteger(text.substring(2), 16);
    if (n.bitLength() > bits) {
      throw RpcException.invalidParams(what + " must be below 2^" + bits);
    }
    return n;
  }

  private static boolean isHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static String truncate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }
}
