package io.parley.node.execution;

import io.parley.base.block.Event;
import io.parley.base.block.Validator;
import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.PublicKey;
import io.parley.base.types.Address;
import io.parley.contracts.runtime.ContractHost;
import io.parley.genesis.MpcCommittee;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;

/**
 * Who sits in each committee seat (docs/spec/attestation.md section 8, ADR 0056): genesis member j
 * until the chain hands seat j to a standby member, for good. The seat keeps its index and its
 * evaluation point; votes, reports and evidence name seats, and the seat's current holder signs
 * them. Kept under the registry account:
 *
 * <ul>
 *   <li>{@code keccak256("parley/seat" || u32(j))} → {@code RLP([standby, height, cause])}: seat j
 *       is held by standby member {@code standby} since block {@code height};
 *   <li>{@code keccak256("parley/standby-used" || u32(s))} → {@code RLP([seat, height])}: standby s
 *       has taken a seat (a standby takes at most one, once).
 * </ul>
 */
public final class CommitteeSeats {
  /** Why a seat changed hands. */
  public static final int CAUSE_BLAME = 1;

  public static final int CAUSE_SILENT = 2;

  public static final Bytes32 REPLACED =
      Hashing.keccak256(Bytes.wrap("MemberReplaced(u16,u16,u8)".getBytes()));

  /** A seat held by a standby member. */
  public record Seat(int standby, long height, int cause) {}

  private CommitteeSeats() {}

  public static Bytes32 seatKey(int j) {
    return Hashing.keccak256(ComputationRegistry.ascii("parley/seat"), u32(j));
  }

  static Bytes32 usedKey(int s) {
    return Hashing.keccak256(ComputationRegistry.ascii("parley/standby-used"), u32(s));
  }

  /** Seat j's standby holder, if a standby holds it. */
  public static Optional<Seat> seat(Function<Bytes32, Optional<Bytes>> storage, int j) {
    return storage
        .apply(seatKey(j))
        .filter(b -> !b.isEmpty())
        .map(b -> RLP.decodeList(b, r -> new Seat(r.readInt(), r.readLong(), r.readInt())));
  }

  /**
   * The committee as the chain sees it now: genesis with each replaced seat's member and encryption
   * key those of its standby holder (threshold, protocol and the standby list unchanged).
   */
  public static MpcCommittee current(
      MpcCommittee genesis, Function<Bytes32, Optional<Bytes>> storage) {
    if (genesis.standby().isEmpty()) {
      return genesis;
    }
    List<Validator> members = new ArrayList<>(genesis.members());
    List<PublicKey> keys = new ArrayList<>(genesis.encryptionKeys());
    boolean changed = false;
    for (int j = 0; j < members.size(); j++) {
      Optional<Seat> seat = seat(storage, j);
      if (seat.isPresent()) {
        MpcCommittee.Standby s = genesis.standby().get(seat.get().standby());
        members.set(j, s.member());
        keys.set(j, s.encryptionKey());
        changed = true;
      }
    }
    return changed
        ? new MpcCommittee(
            genesis.threshold(), members, genesis.protocol(), keys, genesis.standby())
        : genesis;
  }

  /** The first standby member that has not taken a seat yet. */
  public static OptionalInt freeStandby(
      MpcCommittee genesis, Function<Bytes32, Optional<Bytes>> storage) {
    for (int s = 0; s < genesis.standby().size(); s++) {
      if (storage.apply(usedKey(s)).filter(b -> !b.isEmpty()).isEmpty()) {
        return OptionalInt.of(s);
      }
    }
    return OptionalInt.empty();
  }

  /** True when {@code sender} is a genesis member or standby member (it may hold a seat). */
  public static boolean identity(MpcCommittee genesis, Address sender) {
    return genesis.members().stream().anyMatch(m -> m.address().equals(sender))
        || genesis.standby().stream().anyMatch(s -> s.member().address().equals(sender));
  }

  /**
   * Hands seat j to the first free standby member, if there is one: records it, lifts seat j's
   * exclusion (it named the previous holder) and returns the {@code MemberReplaced} event, emitted
   * from the registry account with {@code data = RLP([seat, standby, cause])}.
   */
  static Optional<Event> replace(
      ContractHost host, MpcCommittee genesis, int j, int cause, long height) {
    Function<Bytes32, Optional<Bytes>> storage = MemberConduct.registry(host);
    OptionalInt free = freeStandby(genesis, storage);
    if (free.isEmpty()) {
      return Optional.empty();
    }
    int s = free.getAsInt();
    host.storageSet(
        ComputationRegistry.REGISTRY,
        seatKey(j),
        RLP.encodeList(
            w -> {
              w.writeInt(s);
              w.writeLong(height);
              w.writeInt(cause);
            }));
    host.storageSet(
        ComputationRegistry.REGISTRY,
        usedKey(s),
        RLP.encodeList(
            w -> {
              w.writeInt(j);
              w.writeLong(height);
            }));
    host.storageSet(ComputationRegistry.REGISTRY, MemberConduct.excludedKey(j), Bytes.EMPTY);
    return Optional.of(
        new Event(
            ComputationRegistry.REGISTRY,
            List.of(REPLACED),
            RLP.encodeList(
                w -> {
                  w.writeInt(j);
                  w.writeInt(s);
                  w.writeInt(cause);
                })));
  }

  private static Bytes u32(int v) {
    return Bytes.ofUnsignedInt(v);
  }
}
