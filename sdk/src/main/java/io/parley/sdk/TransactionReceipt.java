package io.parley.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/** A committed transaction's {@code Receipt} (docs/rpc.md), failed or not. */
public record TransactionReceipt(
    Bytes32 transactionHash,
    long blockNumber,
    Bytes32 blockHash,
    boolean success,
    long gasUsed,
    List<Event> events,
    Optional<String> failureReason) {

  /** One event of the receipt: its source contract, topics and RLP data. */
  public record Event(String source, List<Bytes32> topics, Bytes data) {}

  public TransactionReceipt {
    events = List.copyOf(events);
  }

  static TransactionReceipt fromJson(JsonNode r) {
    List<Event> events = new ArrayList<>();
    for (JsonNode e : r.path("events")) {
      List<Bytes32> topics = new ArrayList<>();
      e.path("topics").forEach(t -> topics.add(Bytes32.fromHexString(t.asText())));
      events.add(
          new Event(
              e.path("source").asText(), topics, Bytes.fromHexString(e.path("data").asText())));
    }
    JsonNode reason = r.path("failureReason");
    return new TransactionReceipt(
        Bytes32.fromHexString(r.get("transactionHash").asText()),
        Long.decode(r.get("blockNumber").asText()),
        Bytes32.fromHexString(r.get("blockHash").asText()),
        "0x1".equals(r.get("status").asText()),
        Long.decode(r.get("gasUsed").asText()),
        events,
        reason.isNull() || reason.isMissingNode()
            ? Optional.empty()
            : Optional.of(reason.asText()));
  }
}
