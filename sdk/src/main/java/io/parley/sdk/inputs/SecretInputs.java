package io.parley.sdk.inputs;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.types.Address;
import io.parley.sdk.tx.TransactionTemplate;
import io.parley.sdk.tx.Transactions;
import io.parley.zk.inputs.InputContext;
import io.parley.zk.inputs.Sealer;
import io.parley.zk.inputs.SecretInputException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;

/**
 * Secret inputs for a contract's collection (docs/spec/secret-inputs.md, docs/rpc.md "Secret
 * inputs"): checks the values against the collection's field types, then builds the kind-3 draft
 * whose payload is sealed with zk-engine's {@link Sealer} for the chain, sender and nonce it is
 * signed with (shared, encrypted to each member, committed, with a proof of knowledge of the
 * ephemeral key). Error messages name the field, never the value.
 */
public final class SecretInputs {
  /**
   * The gas limit the drafts carry (the CLI's default): {@code tx_estimateGas} does not take kind
   * 3, and an input costs {@code 40,000 + 20,000 x members} beyond its intrinsic gas plus the
   * contract's {@code on input} rule. Override with {@code withGasLimit}.
   */
  public static final long DEFAULT_GAS_LIMIT = 5_000_000;

  private SecretInputs() {}

  /**
   * The kind-3 draft for one element of {@code collection}: {@code target} 0 adds a new input,
   * {@code index + 1} replaces the sender's input at that index.
   */
  public static TransactionTemplate draft(
      CommitteeView view, String collection, long target, List<BigInteger> values) {
    CommitteeView.Collection c = collectionOf(view, collection);
    if (target < 0 || target > c.capacity()) {
      throw new IllegalArgumentException(
          "target must be 0 (a new input) or an index + 1 up to " + c.capacity());
    }
    List<BigInteger> checked = check(c, values);
    Address contract = view.contract();
    return Transactions.secretInput(
            contract,
            (chainId, sender, nonce) ->
                seal(view, chainId, sender, nonce, collection, target, checked))
        .withGasLimit(DEFAULT_GAS_LIMIT);
  }

  /** The sealed payload (secret-inputs.md section 4) for one signer and nonce. */
  public static Bytes seal(
      CommitteeView view,
      long chainId,
      Address sender,
      long nonce,
      String collection,
      long target,
      List<BigInteger> values) {
    try {
      return Sealer.seal(
              view.committee(),
              new InputContext(
                  chainId,
                  sender,
                  nonce,
                  view.contract(),
                  collection,
                  target,
                  view.committee().hash()),
              values)
          .encode();
    } catch (SecretInputException e) {
      throw new IllegalArgumentException("cannot seal the input: " + e.getMessage(), e);
    }
  }

  public static CommitteeView.Collection collectionOf(CommitteeView view, String collection) {
    return view.collection(collection)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "the contract has no collection '"
                        + collection
                        + "' ("
                        + view.contract()
                        + " has "
                        + view.collections().stream().map(CommitteeView.Collection::name).toList()
                        + ")"));
  }

  /**
   * Reads an element's values from a JSON array in field order: integers as numbers or decimal
   * strings, bools as true/false.
   */
  public static List<BigInteger> fromJson(CommitteeView.Collection c, JsonNode array) {
    if (array == null || !array.isArray() || array.size() != c.fields().size()) {
      throw new IllegalArgumentException(
          "expected a JSON array of " + c.fields().size() + " value(s) for " + c.fields());
    }
    List<BigInteger> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      CommitteeView.Field f = c.fields().get(i);
      JsonNode v = array.get(i);
      if (f.type().equals("bool")) {
        if (!v.isBoolean()) {
          throw new IllegalArgumentException("field '" + f.name() + "' is a bool");
        }
        out.add(v.asBoolean() ? BigInteger.ONE : BigInteger.ZERO);
      } else {
        if (!v.isIntegralNumber() && !v.isTextual()) {
          throw new IllegalArgumentException("field '" + f.name() + "' is not an integer");
        }
        try {
          out.add(v.isTextual() ? new BigInteger(v.asText()) : v.bigIntegerValue());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("field '" + f.name() + "' is not an integer");
        }
      }
    }
    return check(c, out);
  }

  /** Checks the count and each value's range for its field type (the value is never shown). */
  public static List<BigInteger> check(CommitteeView.Collection c, List<BigInteger> values) {
    if (values.size() != c.fields().size()) {
      throw new IllegalArgumentException(
          "collection '"
              + c.name()
              + "' takes "
              + c.fields().size()
              + " value(s) "
              + c.fields()
              + ", got "
              + values.size());
    }
    for (int i = 0; i < values.size(); i++) {
      CommitteeView.Field f = c.fields().get(i);
      BigInteger n = values.get(i);
      BigInteger min;
      BigInteger max;
      if (f.type().equals("bool")) {
        min = BigInteger.ZERO;
        max = BigInteger.ONE;
      } else {
        int bits = Integer.parseInt(f.type().substring(1));
        boolean signed = f.type().startsWith("i");
        min = signed ? BigInteger.ONE.shiftLeft(bits - 1).negate() : BigInteger.ZERO;
        max =
            signed
                ? BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE)
                : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
      }
      if (n == null || n.compareTo(min) < 0 || n.compareTo(max) > 0) {
        throw new IllegalArgumentException(
            "field '" + f.name() + "' is outside " + f.type() + " (value not shown)");
      }
    }
    return List.copyOf(values);
  }
}
