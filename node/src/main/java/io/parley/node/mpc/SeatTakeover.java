package io.parley.node.mpc;

import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.PrivateKey;
import io.parley.base.types.Address;
import io.parley.contracts.abi.Abi;
import io.parley.contracts.runtime.LoadedContract;
import io.parley.mpc.network.CommitteeNode;
import io.parley.zk.attestation.Statement;
import io.parley.zk.computation.Protocol;
import io.parley.zk.computation.ShareVector;
import io.parley.zk.computation.Workload;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.inputs.PlainFormat;
import io.parley.zk.messages.Committee;
import io.parley.zk.messages.Signer;
import io.parley.zk.recovery.SeatRecovery;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before an attempt, every seat a standby member holds gets the shares it lacks of what the
 * computation reads (attestation.md section 8, mpc-network.md section 6, ADR 0056): its stored
 * inputs, in the record's order, then the function's state. Each such seat's holder asks for the
 * items it lacks (often none: inputs sealed after it took the seat are its own), the other members
 * answer, and it keeps what it recovered as it keeps what it opens. Logs name items, never shares.
 */
final class SeatTakeover {
  private static final Logger LOG = LoggerFactory.getLogger(SeatTakeover.class);

  /** One thing a computation reads: a stored input, or a state variable. */
  private record Item(String collection, int index, Bytes32 id, String state, int length) {}

  private SeatTakeover() {}

  /** Each seat's committee endpoint: its genesis member's, or the standby member's holding it. */
  static List<java.net.InetSocketAddress> endpoints(
      io.parley.genesis.MpcCommittee genesis,
      io.parley.genesis.MpcCommittee seated,
      List<java.net.InetSocketAddress> members,
      List<java.net.InetSocketAddress> standby) {
    List<java.net.InetSocketAddress> out = new ArrayList<>(members);
    for (int j = 0; j < seated.members().size(); j++) {
      if (seated.members().get(j).equals(genesis.members().get(j))) {
        continue;
      }
      int s =
          genesis
              .standby()
              .indexOf(
                  new io.parley.genesis.MpcCommittee.Standby(
                      seated.members().get(j), seated.encryptionKeys().get(j)));
      if (s < 0 || s >= standby.size()) {
        throw new IllegalStateException(
            "no committee endpoint for the standby member at seat " + j + " (--standby-addresses)");
      }
      out.set(j, standby.get(s));
    }
    return out;
  }

  /** The evidence that a member cheated, in transaction payloads (attestation.md section 7). */
  static List<Bytes> evidenceParts(
      int self, Bytes32 id, int attempt, io.parley.zk.evidence.Blame blame, int partSize) {
    Bytes evidence = Bytes.wrap(io.parley.zk.computation.Blames.encode(blame));
    List<io.parley.node.execution.MemberConduct.EvidencePart> parts;
    try {
      parts =
          io.parley.node.execution.MemberConduct.split(
              id, attempt, blame.accused(), evidence, partSize);
    } catch (IllegalArgumentException e) {
      LOG.error("computation {}: the evidence cannot be posted: {}", id, e.getMessage());
      return List.of();
    }
    LOG.warn(
        "member {} posts evidence {} that member {} cheated in attempt {} of {} ({} bytes, {}"
            + " parts)",
        self,
        parts.get(0).digest(),
        blame.accused(),
        attempt,
        id,
        evidence.size(),
        parts.size());
    return parts.stream().map(io.parley.node.execution.MemberConduct.EvidencePart::encode).toList();
  }

  /**
   * Runs the recovery of each standby-held seat for this attempt, in seat order. Returns the first
   * session that ended without its shares (the attempt cannot run), or empty.
   */
  static Optional<Outcome.Aborted<?>> run(
      CommitteeNode node,
      Committee committee,
      int self,
      PrivateKey key,
      InputFollower follower,
      LoadedContract code,
      ComputationInputs.Started started,
      ComputationInputs.Prepared prepared,
      Protocol protocol,
      Bytes32 session,
      Duration stepTimeout)
      throws InterruptedException {
    List<Integer> seats = follower.standbySeats();
    if (seats.isEmpty()) {
      return Optional.empty();
    }
    PlainFormat format = PlainFormat.byId(protocol.inputFormat().name());
    List<Item> items = items(code, started, prepared, format);
    SeatRecovery.Format sharing =
        format == PlainFormat.SHAMIR ? SeatRecovery.Format.SHAMIR : SeatRecovery.Format.REPLICATED;
    Address contract = started.contract();
    for (int seat : seats) {
      Bytes32 id =
          Hashing.keccak256(
              Bytes.wrap("parley/recover".getBytes(StandardCharsets.US_ASCII)),
              session,
              Bytes.ofUnsignedInt(seat));
      SeatRecovery recovery;
      BitSet lacking = new BitSet();
      int[] lengths = items.stream().mapToInt(Item::length).toArray();
      if (seat == self) {
        for (int i = 0; i < items.size(); i++) {
          if (!holds(follower, contract, items.get(i))) {
            lacking.set(i);
          }
        }
        recovery =
            SeatRecovery.newcomer(committee, seat, id, Signer.with(key), sharing, lengths, lacking);
      } else {
        List<ShareVector> offered = new ArrayList<>();
        for (Item item : items) {
          offered.add(shares(follower, contract, item, self, protocol, committee.size()));
        }
        recovery =
            SeatRecovery.holder(
                committee, self, seat, id, Signer.with(key), offered, new SecureRandom());
      }
      Outcome<Map<Integer, ShareVector>> outcome = node.run(recovery, id, "c.recover", stepTimeout);
      if (!(outcome instanceof Outcome.Completed<Map<Integer, ShareVector>> done)) {
        LOG.error("recovery of seat {} for attempt {} ended: {}", seat, session, outcome);
        return Optional.of((Outcome.Aborted<?>) outcome);
      }
      if (seat == self && !lacking.isEmpty()) {
        done.value().forEach((i, shares) -> keep(follower, contract, items.get(i), format, shares));
        LOG.info(
            "member {} recovered {} of the {} items of {} it lacked",
            self,
            done.value().size(),
            items.size(),
            started.id());
      }
    }
    return Optional.empty();
  }

  /**
   * The stored vectors the attempt reads; an input's with every value dealt (a Shamir mask too).
   */
  private static List<Item> items(
      LoadedContract code,
      ComputationInputs.Started started,
      ComputationInputs.Prepared prepared,
      PlainFormat format) {
    List<Item> items = new ArrayList<>();
    for (Statement.CollectionInputs c : started.inputs()) {
      Abi.CollectionDef def = code.abi().collection(c.collection()).orElseThrow();
      for (Statement.StoredInput u : c.used()) {
        items.add(
            new Item(c.collection(), u.index(), u.id(), null, format.dealt(def.fields().size())));
      }
    }
    for (Workload.Slot slot : new Workload.CircuitWorkload(prepared.circuit()).stateInputs()) {
      items.add(new Item(null, 0, null, slot.name(), slot.length()));
    }
    return items;
  }

  private static boolean holds(InputFollower follower, Address contract, Item item) {
    if (item.state() != null) {
      return follower.store().get(MemberService.scope(contract), item.state()).isPresent();
    }
    return follower
        .held(contract, item.collection(), item.index())
        .filter(h -> h.id().equals(item.id()))
        .isPresent();
  }

  /** A holder's shares of an item: a state never written is zeros, as the engine reads it. */
  private static ShareVector shares(
      InputFollower follower,
      Address contract,
      Item item,
      int self,
      Protocol protocol,
      int members) {
    if (item.state() != null) {
      return follower
          .store()
          .get(MemberService.scope(contract), item.state())
          .map(b -> StateShares.decode(b, self, protocol))
          .orElseGet(() -> protocol.inputFormat().zeros(self, members, item.length()));
    }
    InputFollower.HeldInput h =
        follower
            .held(contract, item.collection(), item.index())
            .filter(x -> x.id().equals(item.id()))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "member " + self + " does not hold input " + item.id() + " to offer"));
    return h.format().parse(h.plain().toArrayUnsafe(), item.length(), self);
  }

  private static void keep(
      InputFollower follower, Address contract, Item item, PlainFormat format, ShareVector v) {
    if (item.state() != null) {
      follower.store().put(MemberService.scope(contract), item.state(), v.encode());
    } else {
      follower.keep(contract, item.collection(), item.index(), item.id(), format, v);
    }
  }
}
