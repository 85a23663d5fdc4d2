package io.parley.genesis;

import io.parley.base.block.Validator;
import io.parley.base.crypto.PublicKey;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The MPC committee that computes the confidential parts of contracts: n = 3t + 1 members, any t of
 * which may be corrupt. Members are identified like validators, by secp256k1 keys. An empty
 * committee (a chain without confidential contracts) has threshold 0. {@code protocol} pins the MPC
 * protocol the committee runs ({@code rep4}, {@code shamir-king}, {@code shamir-broadcast});
 * absent, the engine's rule picks one per contract (docs/adr/0028). Genesis checks only its syntax;
 * the node checks that the engine knows it and that it runs on this committee. {@code
 * encryptionKeys} (all members or none) are the keys wallets encrypt secret inputs to, separate
 * from the signing keys (docs/spec/secret-inputs.md section 1). {@code standby} members (at most n,
 * each with its signing and encryption keys) take over the seat of a member the chain gives up on
 * (docs/spec/attestation.md section 8, ADR 0056); they need members with encryption keys.
 */
public record MpcCommittee(
    int threshold,
    List<Validator> members,
    Optional<String> protocol,
    List<PublicKey> encryptionKeys,
    List<Standby> standby) {
  /** A standby member: its identity (signing key) and the key wallets encrypt to once it sits. */
  public record Standby(Validator member, PublicKey encryptionKey) {}

  public static final MpcCommittee NONE = new MpcCommittee(0, List.of());

  private static final Pattern PROTOCOL_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

  public MpcCommittee(int threshold, List<Validator> members) {
    this(threshold, members, Optional.empty());
  }

  public MpcCommittee(int threshold, List<Validator> members, Optional<String> protocol) {
    this(threshold, members, protocol, List.of());
  }

  public MpcCommittee(
      int threshold,
      List<Validator> members,
      Optional<String> protocol,
      List<PublicKey> encryptionKeys) {
    this(threshold, members, protocol, encryptionKeys, List.of());
  }

  public MpcCommittee {
    members = List.copyOf(members);
    encryptionKeys = List.copyOf(encryptionKeys);
    standby = List.copyOf(standby);
    checkStandby(members, encryptionKeys, standby);
    if (!encryptionKeys.isEmpty()) {
      if (encryptionKeys.size() != members.size()) {
        throw new GenesisException(
            "mpcCommittee.members: every member needs an encryptionKey, or none does");
      }
      for (int j = 0; j < members.size(); j++) {
        if (encryptionKeys.get(j).equals(members.get(j).publicKey())) {
          throw new GenesisException(
              "mpcCommittee.members["
                  + j
                  + "].encryptionKey: must differ from the member's signing key (one key per"
                  + " role)");
        }
      }
    }
    if (protocol.isPresent()) {
      if (members.isEmpty()) {
        throw new GenesisException("mpcCommittee.protocol: an empty committee runs no protocol");
      }
      if (!PROTOCOL_NAME.matcher(protocol.get()).matches()) {
        throw new GenesisException(
            "mpcCommittee.protocol: '"
                + protocol.get()
                + "' is not a protocol name (1-32 of a-z, 0-9 and '-')");
      }
    }
    if (!members.isEmpty()) {
      if (members.size() < 4) {
        throw new GenesisException("mpcCommittee: needs at least 4 members (n = 3t + 1, t >= 1)");
      }
      if (threshold < 1 || 3 * threshold + 1 > members.size()) {
        throw new GenesisException(
            "mpcCommittee: threshold must satisfy 1 <= t and 3t + 1 <= n = " + members.size());
      }
    } else if (threshold != 0) {
      throw new GenesisException("mpcCommittee: an empty committee has threshold 0");
    }
  }

  private static void checkStandby(
      List<Validator> members, List<PublicKey> encryptionKeys, List<Standby> standby) {
    if (standby.isEmpty()) {
      return;
    }
    if (encryptionKeys.isEmpty()) {
      throw new GenesisException(
          "mpcCommittee.standby: standby members need a committee whose members have"
              + " encryption keys");
    }
    if (standby.size() > members.size()) {
      throw new GenesisException(
          "mpcCommittee.standby: at most " + members.size() + " standby members (one per seat)");
    }
    java.util.Set<PublicKey> seen = new java.util.HashSet<>(encryptionKeys);
    members.forEach(m -> seen.add(m.publicKey()));
    java.util.Set<Standby> seated = new java.util.HashSet<>();
    for (int j = 0; j < members.size(); j++) {
      seated.add(new Standby(members.get(j), encryptionKeys.get(j)));
    }
    for (int s = 0; s < standby.size(); s++) {
      Standby b = standby.get(s);
      if (seated.contains(b)) {
        continue; // a standby member that took a seat over (the chain's current committee)
      }
      if (b.encryptionKey().equals(b.member().publicKey())) {
        throw new GenesisException(
            "mpcCommittee.standby["
                + s
                + "].encryptionKey: must differ from its signing key (one key per role)");
      }
      if (!seen.add(b.member().publicKey()) || !seen.add(b.encryptionKey())) {
        throw new GenesisException(
            "mpcCommittee.standby[" + s + "]: a key already used by a member or a standby");
      }
    }
  }

  /** A copy with these standby members. */
  public MpcCommittee withStandby(List<Standby> standby) {
    return new MpcCommittee(threshold, members, protocol, encryptionKeys, standby);
  }

  public static MpcCommittee of(List<Validator> members) {
    return of(members, Optional.empty());
  }

  public static MpcCommittee of(List<Validator> members, Optional<String> protocol) {
    return of(members, protocol, List.of());
  }

  public static MpcCommittee of(
      List<Validator> members, Optional<String> protocol, List<PublicKey> encryptionKeys) {
    return members.isEmpty()
        ? NONE
        : new MpcCommittee((members.size() - 1) / 3, members, protocol, encryptionKeys);
  }
}
