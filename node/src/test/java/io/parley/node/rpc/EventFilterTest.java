package io.parley.node.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.block.Event;
import io.parley.base.types.Address;
import java.util.List;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

/** Which events an events subscription receives, by source and topic position. */
class EventFilterTest {
  private static final Address TOKEN = Address.fromHex("0x" + "aa".repeat(20));
  private static final Address OTHER = Address.fromHex("0x" + "bb".repeat(20));
  private static final Bytes32 TRANSFER = Bytes32.repeat((byte) 1);
  private static final Bytes32 APPROVAL = Bytes32.repeat((byte) 2);
  private static final Bytes32 ALICE = Bytes32.repeat((byte) 3);
  private static final Bytes32 BOB = Bytes32.repeat((byte) 4);

  private static Event event(Address source, Bytes32... topics) {
    return new Event(source, List.of(topics), Bytes.EMPTY);
  }

  @Test
  void noFilterMatchesEveryEvent() {
    assertThat(EventFilter.ANY.matches(event(TOKEN))).isTrue();
    assertThat(EventFilter.ANY.matches(event(OTHER, APPROVAL, ALICE))).isTrue();
  }

  @Test
  void anAddressListMatchesOnlyThoseSources() {
    EventFilter filter = new EventFilter(Set.of(TOKEN), List.of());
    assertThat(filter.matches(event(TOKEN, TRANSFER))).isTrue();
    assertThat(filter.matches(event(OTHER, TRANSFER))).isFalse();
  }

  @Test
  void eachTopicPositionIsAnyOneOfItsTopicsOrAnyTopicWhenEmpty() {
    EventFilter filter =
        new EventFilter(Set.of(), List.of(Set.of(TRANSFER), Set.of(), Set.of(ALICE, BOB)));
    assertThat(filter.matches(event(TOKEN, TRANSFER, ALICE, BOB))).isTrue();
    assertThat(filter.matches(event(TOKEN, TRANSFER, BOB, ALICE))).isTrue();
    assertThat(filter.matches(event(TOKEN, APPROVAL, ALICE, BOB))).isFalse();
    assertThat(filter.matches(event(TOKEN, TRANSFER, ALICE, TRANSFER))).isFalse();
  }

  @Test
  void anEventWithFewerTopicsThanAConstrainedPositionDoesNotMatch() {
    EventFilter filter = new EventFilter(Set.of(), List.of(Set.of(), Set.of(ALICE)));
    assertThat(filter.matches(event(TOKEN, TRANSFER))).isFalse();
    assertThat(
            new EventFilter(Set.of(), List.of(Set.of(TRANSFER), Set.of()))
                .matches(event(TOKEN, TRANSFER)))
        .as("an unconstrained position needs no topic")
        .isTrue();
  }
}
