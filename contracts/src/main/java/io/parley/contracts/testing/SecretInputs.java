package io.parley.contracts.testing;

import io.parley.base.crypto.Hashing;
import io.parley.base.types.Address;
import io.parley.contracts.abi.Abi;
import io.parley.zk.computation.Protocol;
import io.parley.zk.computation.ShareVector;
import io.parley.zk.local.LocalCommittee;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The secret inputs of one contract's collections as the kit's committee holds them: per element
 * its owner, id, commitment and every member's shares of each field (or, in plaintext mode, the
 * values). Owners, ids and commitments are public; the shares never leave the committee except
 * through a computation.
 */
final class SecretInputs {
  /** One stored input. {@code shares} is empty in plaintext mode, {@code plain} otherwise. */
  record Element(
      Address owner,
      Bytes32 id,
      Bytes32 commitment,
      Map<String, LocalCommittee.SharedValues> shares,
      Map<String, BigInteger> plain) {}

  private final Address contract;
  private final Map<String, TreeMap<Integer, Element>> elements = new LinkedHashMap<>();
  private long sequence;

  SecretInputs(Address contract) {
    this.contract = contract;
  }

  /** A fresh input id: keccak256(contract || collection || owner || sequence). */
  Bytes32 nextId(String collection, Address owner) {
    return Hashing.keccak256(
        Bytes.concatenate(
            contract.bytes(),
            Bytes.wrap(collection.getBytes(StandardCharsets.UTF_8)),
            owner.bytes(),
            Bytes.ofUnsignedLong(sequence++)));
  }

  void put(String collection, int index, Element element) {
    elements.computeIfAbsent(collection, c -> new TreeMap<>()).put(index, element);
  }

  void remove(String collection, int index) {
    elements.computeIfAbsent(collection, c -> new TreeMap<>()).remove(index);
  }

  Map<Integer, Element> of(String collection) {
    return elements.getOrDefault(collection, new TreeMap<>());
  }

  /**
   * The kit's commitment to an input: keccak256 over each member's share vector in member order.
   * (On the chain an input's commitments are the per-member c_j of docs/spec/secret-inputs.md.)
   */
  static Bytes32 commitment(Bytes32 id, Map<String, LocalCommittee.SharedValues> shares) {
    List<Bytes> parts = new ArrayList<>();
    parts.add(id);
    for (LocalCommittee.SharedValues v : shares.values()) {
      for (ShareVector s : v.shares()) {
        parts.add(Hashing.keccak256(Bytes.wrap(s.encode())));
      }
    }
    return Hashing.keccak256(Bytes.concatenate(parts.toArray(Bytes[]::new)));
  }

  /** Commitment in plaintext mode: keccak256(id || values), for a stable id-to-commitment link. */
  static Bytes32 commitment(Bytes32 id, List<BigInteger> values) {
    List<Bytes> parts = new ArrayList<>();
    parts.add(id);
    for (BigInteger v : values) {
      parts.add(Bytes.wrap(v.toByteArray()));
    }
    return Hashing.keccak256(Bytes.concatenate(parts.toArray(Bytes[]::new)));
  }

  /**
   * The committee's held values for each field of a collection: element i's shares where an input
   * is stored, zero shares elsewhere, as one vector of {@code capacity} per member.
   */
  Map<String, LocalCommittee.SharedValues> held(
      Abi.CollectionDef c, Protocol protocol, int members) {
    Map<String, LocalCommittee.SharedValues> out = new LinkedHashMap<>();
    Map<Integer, Element> stored = of(c.name());
    for (Abi.Param field : c.fields()) {
      List<ShareVector> perMember = new ArrayList<>();
      for (int m = 0; m < members; m++) {
        List<ShareVector> parts = new ArrayList<>();
        for (int i = 0; i < c.capacity(); i++) {
          Element e = stored.get(i);
          parts.add(
              e == null
                  ? protocol.inputFormat().zeros(m, members, 1)
                  : e.shares().get(field.name()).shares().get(m));
        }
        perMember.add(ShareVector.concat(parts));
      }
      out.put(paramName(c, field.name()), new LocalCommittee.SharedValues(protocol, perMember));
    }
    return out;
  }

  /** In plaintext mode: each field's values, zero where no input is stored. */
  Map<String, Object> plain(Abi.CollectionDef c) {
    Map<String, Object> out = new LinkedHashMap<>();
    Map<Integer, Element> stored = of(c.name());
    for (Abi.Param field : c.fields()) {
      List<BigInteger> values = new ArrayList<>();
      for (int i = 0; i < c.capacity(); i++) {
        Element e = stored.get(i);
        values.add(e == null ? BigInteger.ZERO : e.plain().get(field.name()));
      }
      out.put(paramName(c, field.name()), values);
    }
    return out;
  }

  /** The public companions: {@code C__count} and {@code C__present}. */
  Map<String, BigInteger[]> companions(Abi.CollectionDef c) {
    Map<Integer, Element> stored = of(c.name());
    BigInteger[] present = new BigInteger[c.capacity()];
    for (int i = 0; i < present.length; i++) {
      present[i] = stored.containsKey(i) ? BigInteger.ONE : BigInteger.ZERO;
    }
    Map<String, BigInteger[]> out = new LinkedHashMap<>();
    out.put(c.name() + "__count", new BigInteger[] {BigInteger.valueOf(stored.size())});
    out.put(c.name() + "__present", present);
    return out;
  }

  /** The circuit parameter of a field (the collection's name for single values). */
  static String paramName(Abi.CollectionDef c, String field) {
    boolean single = c.fields().size() == 1 && c.fields().get(0).name().equals("value");
    return single ? c.name() : c.name() + "__" + field;
  }
}
