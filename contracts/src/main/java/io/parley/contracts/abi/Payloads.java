package io.parley.contracts.abi;

import io.parley.base.crypto.Hashing;
import io.parley.base.encoding.EncodingException;
import io.parley.base.encoding.Rlp;
import io.parley.base.types.Address;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPException;

/**
 * Transaction payloads of contract transactions (docs/spec/language.md section 8): deploy {@code
 * RLP([bundle, [args]])} and call {@code RLP([ascii(name), [args]])}; and the contract address
 * rule.
 */
public final class Payloads {
  private Payloads() {}

  /** A deploy payload split into the bundle bytes and the encoded argument list. */
  public record Deploy(Bytes bundle, Bytes arguments) {}

  /** A call payload split into the function name and the encoded argument list. */
  public record Call(String function, Bytes arguments) {}

  public static Bytes deploy(Bytes bundle, Bytes encodedArguments) {
    return RLP.encodeList(
        w -> {
          w.writeValue(bundle);
          w.writeRLP(encodedArguments);
        });
  }

  public static Bytes call(String function, Bytes encodedArguments) {
    return RLP.encodeList(
        w -> {
          w.writeValue(Bytes.wrap(function.getBytes(StandardCharsets.US_ASCII)));
          w.writeRLP(encodedArguments);
        });
  }

  public static Deploy decodeDeploy(Bytes payload) {
    List<Bytes> items = split(payload, "deploy payload");
    try {
      Deploy d = new Deploy(RLP.decodeValue(items.get(0)), items.get(1));
      if (!deploy(d.bundle(), d.arguments()).equals(payload)) {
        throw new AbiException("deploy payload is not canonically encoded");
      }
      return d;
    } catch (RLPException e) {
      throw new AbiException("malformed deploy payload: " + e.getMessage());
    }
  }

  public static Call decodeCall(Bytes payload) {
    List<Bytes> items = split(payload, "call payload");
    try {
      Bytes name = RLP.decodeValue(items.get(0));
      if (name.isEmpty() || name.size() > 64) {
        throw new AbiException("call payload: function name must have 1 to 64 characters");
      }
      for (int i = 0; i < name.size(); i++) {
        int ch = name.get(i) & 0xff;
        if (!(Character.isLetterOrDigit(ch) && ch < 128 || ch == '_')) {
          throw new AbiException("call payload: function name is not an identifier");
        }
      }
      Call c = new Call(new String(name.toArrayUnsafe(), StandardCharsets.US_ASCII), items.get(1));
      if (!call(c.function(), c.arguments()).equals(payload)) {
        throw new AbiException("call payload is not canonically encoded");
      }
      return c;
    } catch (RLPException e) {
      throw new AbiException("malformed call payload: " + e.getMessage());
    }
  }

  private static List<Bytes> split(Bytes payload, String what) {
    List<Bytes> items;
    try {
      items = Rlp.splitList(payload, what);
    } catch (EncodingException e) {
      throw new AbiException(e.getMessage());
    }
    if (items.size() != 2) {
      throw new AbiException(what + " must be a list of 2 items, found " + items.size());
    }
    if (items.get(0).isEmpty() || (items.get(0).get(0) & 0xff) >= 0xc0) {
      throw new AbiException(what + ": first item must be a string");
    }
    if ((items.get(1).get(0) & 0xff) < 0xc0) {
      throw new AbiException(what + ": arguments must be a list");
    }
    return items;
  }

  /** keccak256(RLP([sender, nonce]))[12..32]. */
  public static Address contractAddress(Address sender, long nonce) {
    Bytes encoded =
        RLP.encodeList(
            w -> {
              w.writeValue(sender.bytes());
              w.writeLong(nonce);
            });
    return new Address(Hashing.keccak256(encoded).slice(12, Address.SIZE).copy());
  }
}
