package io.parley.node.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.types.Address;
import io.parley.node.chain.ComputationStatuses;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

/** Following the registry's statuses block by block, over an in-memory registry storage. */
class ComputationStatusesTest {
  private static final Address CONTRACT = Address.fromHex("0x" + "c0".repeat(20));

  /** The registry's storage: the count, the ids by start order, the records. */
  private final Map<Bytes32, Bytes> storage = new HashMap<>();

  private Function<Bytes32, Optional<Bytes>> registry() {
    Map<Bytes32, Bytes> snapshot = Map.copyOf(storage);
    return key -> Optional.ofNullable(snapshot.get(key));
  }

  private ComputationRegistry.Record start(int n) {
    Bytes32 id = Bytes32.leftPad(Bytes.of(n));
    ComputationRegistry.Record r =
        new ComputationRegistry.Record(
            id,
            CONTRACT,
            "add_up",
            Bytes32.ZERO,
            n,
            ComputationRegistry.Status.QUEUED,
            Bytes.EMPTY,
            List.of(),
            List.of(),
            Bytes32.ZERO,
            "",
            0,
            List.of(),
            io.parley.base.types.Address.ZERO,
            org.apache.tuweni.units.bigints.UInt256.ZERO);
    long count = storage.containsKey(ComputationRegistry.COUNT) ? count() : 0;
    storage.put(ComputationRegistry.atKey(count), id);
    storage.put(ComputationRegistry.COUNT, Bytes32.leftPad(Bytes.ofUnsignedLong(count + 1)));
    storage.put(ComputationRegistry.recordKey(id), r.encode());
    return r;
  }

  private long count() {
    return ComputationRegistry.count(key -> Optional.ofNullable(storage.get(key)));
  }

  private void finish(ComputationRegistry.Record r) {
    storage.put(
        ComputationRegistry.recordKey(r.id()), r.done(Bytes32.repeat((byte) 7), "").encode());
  }

  private ComputationRegistry.Record retry(ComputationRegistry.Record r) {
    ComputationRegistry.Record next = r.retried();
    storage.put(ComputationRegistry.recordKey(r.id()), next.encode());
    return next;
  }

  private void vote(ComputationRegistry.Record r) {
    storage.put(
        ComputationRegistry.recordKey(r.id()),
        r.withVote(new ComputationRegistry.MemberVote(0, Bytes32.repeat((byte) 7), 0)).encode());
  }

  @Test
  void reportsEachNewComputationAndEachStatusChangeOnce() {
    ComputationStatuses statuses = new ComputationStatuses();
    assertThat(statuses.advance(registry())).isEmpty();
    assertThat(statuses.counts())
        .containsExactly(
            Map.entry("queued", 0L),
            Map.entry("retried", 0L),
            Map.entry("done", 0L),
            Map.entry("failed", 0L));

    ComputationRegistry.Record first = start(1);
    ComputationRegistry.Record second = start(2);
    assertThat(statuses.advance(registry()))
        .extracting(ComputationRegistry.Record::id)
        .containsExactly(first.id(), second.id());
    assertThat(statuses.counts()).containsEntry("queued", 2L);

    vote(first); // a vote alone is no status change
    assertThat(statuses.advance(registry())).isEmpty();

    ComputationRegistry.Record again = retry(second); // a new attempt is one
    assertThat(statuses.advance(registry())).containsExactly(again);
    assertThat(ComputationStatuses.label(again)).isEqualTo("retried");
    assertThat(statuses.counts()).containsEntry("queued", 1L).containsEntry("retried", 1L);

    finish(first);
    ComputationRegistry.Record third = start(3);
    assertThat(statuses.advance(registry()))
        .extracting(r -> r.id() + " " + r.status())
        .containsExactly(third.id() + " QUEUED", first.id() + " DONE");
    assertThat(statuses.counts())
        .containsEntry("queued", 1L)
        .containsEntry("retried", 1L)
        .containsEntry("done", 1L);

    assertThat(statuses.advance(registry())).as("nothing changed").isEmpty();
  }
}
