package io.parley.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.block.Event;
import io.parley.base.types.Address;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Which contract events an {@code events} subscription receives (docs/rpc.md): emitted by one of
 * {@code addresses} (any source when empty), and for each position {@code i} of {@code topics} with
 * a non-empty set, a topic {@code i} in that set. Sizes are bounded, so matching an event is cheap.
 */
record EventFilter(Set<Address> addresses, List<Set<Bytes32>> topics) {
  static final int MAX_ADDRESSES = 16;
  static final int MAX_TOPIC_POSITIONS = 4;
  static final int MAX_ALTERNATIVES = 16;
  static final EventFilter ANY = new EventFilter(Set.of(), List.of());

  EventFilter {
    addresses = Set.copyOf(addresses);
    topics = topics.stream().map(Set::copyOf).toList();
  }

  boolean matches(Event event) {
    if (!addresses.isEmpty() && !addresses.contains(event.source())) {
      return false;
    }
    for (int i = 0; i < topics.size(); i++) {
      Set<Bytes32> wanted = topics.get(i);
      if (!wanted.isEmpty()
          && (i >= event.topics().size() || !wanted.contains(event.topics().get(i)))) {
        return false;
      }
    }
    return true;
  }

  /** {@code {address, topics}}, both optional; {@code p} names the method in errors. */
  static EventFilter parse(Params p, JsonNode filter) throws RpcException {
    Set<Address> addresses = new LinkedHashSet<>();
    JsonNode address = filter.get("address");
    if (address != null && !address.isNull()) {
      for (JsonNode a : oneOrMany(p, "filter.address", address, MAX_ADDRESSES, "addresses")) {
        addresses.add(new Address(p.fixedHex("filter.address", a, 20, "a 20-byte address")));
      }
    }
    List<Set<Bytes32>> topics = new ArrayList<>();
    JsonNode topicList = filter.get("topics");
    if (topicList != null && !topicList.isNull()) {
      if (!topicList.isArray() || topicList.size() > MAX_TOPIC_POSITIONS) {
        throw RpcException.invalidParams(
            p.method()
                + ": filter.topics must be an array of at most "
                + MAX_TOPIC_POSITIONS
                + " positions");
      }
      for (int i = 0; i < topicList.size(); i++) {
        String where = "filter.topics[" + i + "]";
        Set<Bytes32> alternatives = new LinkedHashSet<>();
        JsonNode position = topicList.get(i);
        if (!position.isNull()) {
          for (JsonNode t : oneOrMany(p, where, position, MAX_ALTERNATIVES, "topics")) {
            alternatives.add(Bytes32.wrap(p.fixedHex(where, t, 32, "a 32-byte topic")));
          }
        }
        topics.add(alternatives);
      }
    }
    return new EventFilter(addresses, topics);
  }

  /** A single value, or a non-empty array of at most {@code max} values. */
  private static List<JsonNode> oneOrMany(
      Params p, String where, JsonNode node, int max, String plural) throws RpcException {
    if (!node.isArray()) {
      return List.of(node);
    }
    if (node.isEmpty() || node.size() > max) {
      throw RpcException.invalidParams(
          p.method() + ": " + where + " must list 1 to " + max + " " + plural);
    }
    List<JsonNode> values = new ArrayList<>();
    node.forEach(values::add);
    return values;
  }
}
