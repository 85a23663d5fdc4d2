package io.parley.base.block;

import io.parley.base.encoding.Rlp;
import io.parley.base.types.Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLPReader;
import org.apache.tuweni.rlp.RLPWriter;

/** An event emitted during execution: source address, indexed topics and data. */
public record Event(Address source, List<Bytes32> topics, Bytes data) {
  public Event {
    Objects.requireNonNull(source, "source");
    topics = List.copyOf(topics);
    Objects.requireNonNull(data, "data");
  }

  void write(RLPWriter w) {
    w.writeValue(source.bytes());
    w.writeList(topics, (tw, topic) -> tw.writeValue(topic));
    w.writeValue(data);
  }

  static Event read(RLPReader r) {
    Address source = new Address(r.readValue());
    List<Bytes32> topics =
        r.readList(
            tr -> {
              ArrayList<Bytes32> out = new ArrayList<>();
              while (!tr.isComplete()) {
                out.add(Rlp.readBytes32(tr, "topic"));
              }
              return out;
            });
    Bytes data = r.readValue();
    Rlp.requireComplete(r, "event");
    return new Event(source, topics, data);
  }
}
