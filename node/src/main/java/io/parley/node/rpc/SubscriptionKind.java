package io.parley.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.parley.base.types.Address;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes32;

/** What a subscription follows: the {@code kind} and {@code filter} of chain_subscribe. */
sealed interface SubscriptionKind {
  String NEW_HEADS = "newHeads";
  String EVENTS = "events";
  String TRANSACTION = "transaction";
  String COMPUTATION = "computation";

  /** Each committed block's header, in height order. */
  record NewHeads() implements SubscriptionKind {}

  /** Each event of a committed block that matches the filter, in chain order. */
  record Events(EventFilter filter) implements SubscriptionKind {}

  /** The status of one transaction until it is final (committed or dropped). */
  record TransactionStatus(Bytes32 hash) implements SubscriptionKind {}

  /**
   * A confidential computation's status (docs/spec/computations.md: queued, then done or failed),
   * read from the registry after each committed block: of one computation ({@code id}, until it is
   * final) or of every computation of one contract ({@code contract}, each start and each change).
   */
  record Computation(Optional<Bytes32> id, Optional<Address> contract) implements SubscriptionKind {
    public Computation {
      if (id.isPresent() == contract.isPresent()) {
        throw new IllegalArgumentException("a computation subscription names an id or a contract");
      }
    }
  }

  /** Parameter 0 ({@code kind}) and parameter 1 ({@code filter}) of chain_subscribe. */
  static SubscriptionKind parse(Params p) throws RpcException {
    String kind = p.string(0);
    Optional<JsonNode> filter = p.optional(1);
    if (filter.isPresent() && !filter.get().isObject()) {
      throw RpcException.invalidParams(p.method() + ": parameter 'filter' must be an object");
    }
    JsonNode fields = filter.orElse(MissingNode.getInstance());
    return switch (kind) {
      case NEW_HEADS -> {
        onlyFields(p, kind, fields, Set.of());
        yield new NewHeads();
      }
      case EVENTS -> {
        onlyFields(p, kind, fields, Set.of("address", "topics"));
        yield new Events(filter.isPresent() ? EventFilter.parse(p, fields) : EventFilter.ANY);
      }
      case TRANSACTION -> {
        onlyFields(p, kind, fields, Set.of("hash"));
        yield new TransactionStatus(
            Bytes32.wrap(p.fixedHex("filter.hash", fields.get("hash"), 32, "a 32-byte hash")));
      }
      case COMPUTATION -> {
        onlyFields(p, kind, fields, Set.of("id", "contract"));
        if (fields.has("id") == fields.has("contract")) {
          throw RpcException.invalidParams(
              p.method() + ": the filter of computation takes either id or contract");
        }
        yield fields.has("id")
            ? new Computation(
                Optional.of(
                    Bytes32.wrap(
                        p.fixedHex("filter.id", fields.get("id"), 32, "a 32-byte computation id"))),
                Optional.empty())
            : new Computation(
                Optional.empty(),
                Optional.of(
                    new Address(
                        p.fixedHex(
                            "filter.contract", fields.get("contract"), 20, "a 20-byte address"))));
      }
      default ->
          throw RpcException.invalidParams(
              p.method()
                  + ": unknown kind '"
                  + (kind.length() <= 64 ? kind : kind.substring(0, 64) + "...")
                  + "'; the kinds are newHeads, events, transaction and computation");
    };
  }

  private static void onlyFields(Params p, String kind, JsonNode filter, Set<String> allowed)
      throws RpcException {
    Iterator<String> names = filter.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw RpcException.invalidParams(
            p.method()
                + ": the filter of "
                + kind
                + (allowed.isEmpty()
                    ? " takes no fields"
                    : " takes " + String.join(", ", allowed.stream().sorted().toList()))
                + ", not '"
                + (name.length() <= 64 ? name : name.substring(0, 64) + "...")
                + "'");
      }
    }
  }
}
