package io.parley.zk.king;

import io.parley.zk.evidence.Blame;
import io.parley.zk.evidence.Verdict;
import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Committee;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.Kind;
import io.parley.zk.messages.MalformedMessageException;
import io.parley.zk.prss.Prss;
import io.parley.zk.prss.Subsets;
import io.parley.zk.sharing.ReedSolomon;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Attribution of a wrong product share in a PRSS preprocessing batch (docs/spec/king-opening.md
 * section 6). Every product share a member sends is a deterministic function of its per-batch PRSS
 * keys; each key is held by the n - t members outside its t-set, at least t + 1 of them honest, so
 * the value disclosed by t + 1 holders is the key. With the keys, anyone recomputes every member's
 * shares of the disputed chunk and names a member whose signed shares differ, or a holder whose
 * signed disclosure contradicts t + 1 others. The batch is input-independent and discarded before
 * anyone discloses (ADR 0025), and per-batch keys are one-way from the agreed keys: other batches
 * stay secret.
 */
public final class Dn07Replay {
  private Dn07Replay() {}

  /** Verified disclosures by sender: same batch, plan and computation, signed. */
  static Map<Integer, Dn07Disclosure> disclosures(Committee committee, List<Envelope> envelopes) {
    Map<Integer, Dn07Disclosure> out = new TreeMap<>();
    Envelope first = envelopes.get(0);
    Dn07Disclosure reference = null;
    for (Envelope e : envelopes) {
      if (e.kind() != Kind.DISCLOSE
          || !e.computation().equals(first.computation())
          || !committee.signedBySender(e)
          || out.containsKey(e.sender())) {
        throw new MalformedMessageException("disclosures must be signed, distinct, of one batch");
      }
      Dn07Disclosure d = Dn07Disclosure.decode(e, committee.size(), committee.threshold());
      if (!Dn07Batch.sessionId(d.batch(), d.plan()).equals(e.computation())) {
        throw new MalformedMessageException("disclosure names another batch or plan");
      }
      if (reference == null) {
        reference = d;
      } else if (!reference.plan().equals(d.plan()) || !reference.batch().equals(d.batch())) {
        throw new MalformedMessageException("disclosures disagree on the batch");
      }
      out.put(e.sender(), d);
    }
    return out;
  }

  /** For each t-set, the key disclosed identically by at least t+1 of its holders (if any). */
  static Map<Integer, byte[]> majority(int n, int t, Map<Integer, Dn07Disclosure> bySender) {
    Map<Integer, byte[]> keys = new HashMap<>();
    List<int[]> subsets = Subsets.of(n, t);
    for (int a = 0; a < subsets.size(); a++) {
      Map<String, Integer> votes = new HashMap<>();
      Map<String, byte[]> values = new HashMap<>();
      for (Map.Entry<Integer, Dn07Disclosure> d : bySender.entrySet()) {
        byte[] key = d.getValue().keys().get(a);
        if (key != null && !Subsets.contains(subsets.get(a), d.getKey())) {
          String id = java.util.HexFormat.of().formatHex(key);
          votes.merge(id, 1, Integer::sum);
          values.put(id, key);
        }
      }
      for (Map.Entry<String, Integer> v : votes.entrySet()) {
        if (v.getValue() >= t + 1) {
          keys.put(a, values.get(v.getKey()));
        }
      }
    }
    return keys;
  }

  /** A holder whose disclosure differs from the majority key, if any. */
  static Optional<Integer> contradicting(
      int n, int t, Map<Integer, Dn07Disclosure> bySender, Map<Integer, byte[]> keys) {
    List<int[]> subsets = Subsets.of(n, t);
    for (Map.Entry<Integer, Dn07Disclosure> d : bySender.entrySet()) {
      for (int a : Subsets.heldBy(n, t, d.getKey())) {
        byte[] disclosed = d.getValue().keys().get(a);
        byte[] agreed = keys.get(a);
        if (agreed != null && (disclosed == null || !Arrays.equals(disclosed, agreed))) {
          return Optional.of(d.getKey());
        }
      }
    }
    return Optional.empty();
  }

  /**
   * A proof of a fault a replay attributes: the n signed SHARES envelopes of one chunk of a
   * degree-2t opening with a column off the code, or the n signed CONFIRM envelopes of one step
   * (identical statements) with a chunk's check shares off the code, followed by that chunk's
   * VALUES envelope.
   */
  static boolean showsDetection(Committee committee, List<Envelope> evidence) {
    if (!evidence.isEmpty() && evidence.get(0).kind() == Kind.KING_CONFIRM) {
      return confirmFault(committee, evidence) >= 0;
    }
    return sharesFault(committee, evidence);
  }

  /** The chunk whose check shares are off the code, with its VALUES envelope last; or -1. */
  static int confirmFault(Committee committee, List<Envelope> evidence) {
    int n = committee.size();
    int t = committee.threshold();
    if (evidence.size() != n + 1) {
      return -1;
    }
    Envelope values = evidence.get(n);
    Envelope[] bySender = new Envelope[n];
    Envelope first = evidence.get(0);
    for (Envelope e : evidence.subList(0, n)) {
      if (e.kind() != Kind.KING_CONFIRM
          || KingData.degreeOfConfirm(e) != 2 * t
          || e.sender() < 0
          || e.sender() >= n
          || bySender[e.sender()] != null
          || !e.computation().equals(first.computation())
          || e.step() != first.step()
          || !Arrays.equals(e.data(), first.data())
          || e.values().length != first.values().length
          || !committee.signedBySender(e)) {
        return -1;
      }
      bySender[e.sender()] = e;
    }
    int c = KingData.chunk(values);
    if (values.kind() != Kind.KING_VALUES
        || !values.computation().equals(first.computation())
        || values.step() != first.step() - 1
        || c < 0
        || c >= first.values().length
        || !matchesStatement(committee, first, values)) {
      return -1;
    }
    FieldElement[] column = new FieldElement[n];
    for (int j = 0; j < n; j++) {
      column[j] = bySender[j].values()[c];
    }
    return new ReedSolomon(n, 2 * t).isCodeword(column) ? -1 : c;
  }

  /** The VALUES envelope carries the values the confirm's statement for its chunk signs. */
  static boolean matchesStatement(Committee committee, Envelope confirm, Envelope values) {
    int c = KingData.chunk(values);
    List<ValuesStatement> statements = KingData.statements(confirm);
    if (c < 0 || c >= statements.size()) {
      return false;
    }
    ValuesStatement s = statements.get(c);
    int king = KingData.kingOf(confirm, c, committee.size());
    return s.chunk() == c
        && s.king() == king
        && values.sender() == king
        && s.valuesHash().equals(ValuesStatement.hashValues(values.values()))
        && s.validFor(committee.members().get(king));
  }

  /**
   * The n signed SHARES envelopes of one chunk of a degree-2t opening, with a word off the code.
   */
  static boolean sharesFault(Committee committee, List<Envelope> slot) {
    int n = committee.size();
    int t = committee.threshold();
    if (slot.size() != n) {
      return false;
    }
    Envelope[] bySender = new Envelope[n];
    Envelope first = slot.get(0);
    for (Envelope e : slot) {
      if (e.kind() != Kind.KING_SHARES
          || KingData.degreeOfShares(e) != 2 * t
          || e.sender() < 0
          || e.sender() >= n
          || bySender[e.sender()] != null
          || !e.computation().equals(first.computation())
          || e.step() != first.step()
          || e.recipient() != first.recipient()
          || !KingData.sameChunk(e, first)
          || e.values().length != first.values().length
          || !committee.signedBySender(e)) {
        return false;
      }
      bySender[e.sender()] = e;
    }
    ReedSolomon code = new ReedSolomon(n, 2 * t);
    FieldElement[] column = new FieldElement[n];
    for (int v = 0; v < first.values().length; v++) {
      for (int j = 0; j < n; j++) {
        column[j] = bySender[j].values()[v];
      }
      if (!code.isCodeword(column)) {
        return true;
      }
    }
    return false;
  }

  /** True when the member's signed shares of its chunk differ from what the keys prescribe. */
  static boolean deviates(
      Committee committee, Dn07Batch.Plan plan, Map<Integer, byte[]> keys, Envelope shares) {
    int n = committee.size();
    int t = committee.threshold();
    int total = plan.triples() + plan.bits();
    List<KingChunks.Chunk> chunks = KingChunks.of(total, n);
    int index = KingData.chunk(shares);
    if (index < 0 || index >= chunks.size()) {
      return true;
    }
    KingChunks.Chunk c = chunks.get(index);
    if (shares.recipient() != c.king() || shares.values().length != c.length()) {
      return true;
    }
    FieldElement[] products =
        Dn07Batch.products(Dn07Batch.local(Prss.forMember(n, t, shares.sender(), keys), plan));
    return !Arrays.equals(
        Arrays.copyOfRange(products, c.offset(), c.offset() + c.length()), shares.values());
  }

  /**
   * True when the member's signed check share of the chunk differs from what its keys prescribe.
   */
  static boolean deviatesInCheck(
      Committee committee,
      Dn07Batch.Plan plan,
      Map<Integer, byte[]> keys,
      Envelope confirm,
      Envelope values) {
    int n = committee.size();
    int t = committee.threshold();
    int c = KingData.chunk(values);
    List<KingChunks.Chunk> chunks = KingChunks.of(plan.triples() + plan.bits(), n);
    if (c < 0 || c >= chunks.size() || confirm.values().length != chunks.size()) {
      return true;
    }
    KingChunks.Chunk chunk = chunks.get(c);
    ValuesStatement s = KingData.statements(confirm).get(c);
    FieldElement[] products =
        Dn07Batch.products(Dn07Batch.local(Prss.forMember(n, t, confirm.sender(), keys), plan));
    FieldElement[] opened = new FieldElement[products.length];
    System.arraycopy(values.values(), 0, opened, chunk.offset(), chunk.length());
    FieldElement[] alphas = CheckCombination.alphas(s.signingDigest(), chunk.length());
    FieldElement expected =
        FieldElement.sumOfProductsOfDifferences(alphas, products, opened, chunk.offset());
    return !expected.equals(confirm.values()[c]);
  }

  /**
   * The blame a replay finds, from at least n - t verified disclosure envelopes and the detection
   * slot; empty when every key is not fixed by t+1 holders or nobody deviates.
   */
  static Optional<Blame> find(
      Committee committee, List<Envelope> disclosures, List<Envelope> slot) {
    int n = committee.size();
    int t = committee.threshold();
    Map<Integer, Dn07Disclosure> bySender = disclosures(committee, disclosures);
    Map<Integer, byte[]> keys = majority(n, t, bySender);
    if (keys.size() != Subsets.count(n, t)) {
      return Optional.empty();
    }
    Optional<Integer> liar = contradicting(n, t, bySender, keys);
    if (liar.isPresent()) {
      return Optional.of(new Blame.Replay(liar.get(), disclosures));
    }
    Dn07Batch.Plan plan = bySender.values().iterator().next().plan();
    if (!slot.isEmpty() && slot.get(0).kind() == Kind.KING_CONFIRM) {
      int n2 = slot.size() - 1;
      Envelope values = slot.get(n2);
      List<Envelope> confirms = new ArrayList<>(slot.subList(0, n2));
      confirms.sort(java.util.Comparator.comparingInt(Envelope::sender));
      for (Envelope e : confirms) {
        if (deviatesInCheck(committee, plan, keys, e, values)) {
          List<Envelope> evidence = new ArrayList<>(disclosures);
          evidence.add(e);
          evidence.add(values);
          return Optional.of(new Blame.Replay(e.sender(), evidence));
        }
      }
      return Optional.empty();
    }
    List<Envelope> ordered = new ArrayList<>(slot);
    ordered.sort(java.util.Comparator.comparingInt(Envelope::sender));
    for (Envelope e : ordered) {
      if (deviates(committee, plan, keys, e)) {
        List<Envelope> evidence = new ArrayList<>(disclosures);
        evidence.add(e);
        return Optional.of(new Blame.Replay(e.sender(), evidence));
      }
    }
    return Optional.empty();
  }

  public static Verdict verdict(Committee committee, Blame.Replay blame) {
    int n = committee.size();
    int t = committee.threshold();
    try {
      List<Envelope> envelopes = blame.envelopes();
      Envelope last = envelopes.get(envelopes.size() - 1);
      boolean withCheck = last.kind() == Kind.KING_VALUES && envelopes.size() >= 2;
      boolean withShares = last.kind() == Kind.KING_SHARES;
      List<Envelope> disclosed =
          withCheck
              ? envelopes.subList(0, envelopes.size() - 2)
              : withShares ? envelopes.subList(0, envelopes.size() - 1) : envelopes;
      if (disclosed.size() < n - t) {
        return new Verdict(false, "need disclosures from at least n - t members");
      }
      Map<Integer, Dn07Disclosure> bySender = disclosures(committee, disclosed);
      Map<Integer, byte[]> keys = majority(n, t, bySender);
      if (keys.size() != Subsets.count(n, t)) {
        return new Verdict(false, "some key is not fixed by t+1 holders");
      }
      if (withCheck) {
        Envelope confirm = envelopes.get(envelopes.size() - 2);
        if (confirm.kind() != Kind.KING_CONFIRM
            || confirm.sender() != blame.accused()
            || !committee.signedBySender(confirm)
            || !confirm.computation().equals(disclosed.get(0).computation())
            || KingData.degreeOfConfirm(confirm) != 2 * t
            || !last.computation().equals(confirm.computation())
            || last.step() != confirm.step() - 1
            || !matchesStatement(committee, confirm, last)) {
          return new Verdict(false, "not the accused's signed confirm and the chunk's values");
        }
        Dn07Batch.Plan plan = bySender.values().iterator().next().plan();
        return deviatesInCheck(committee, plan, keys, confirm, last)
            ? new Verdict(true, "check share differs from what the disclosed keys prescribe")
            : new Verdict(false, "check share matches the disclosed keys");
      }
      if (!withShares) {
        Optional<Integer> liar = contradicting(n, t, bySender, keys);
        return liar.isPresent() && liar.get() == blame.accused()
            ? new Verdict(true, "disclosed a key t+1 other holders contradict")
            : new Verdict(false, "the accused's disclosure agrees with the majority");
      }
      if (last.sender() != blame.accused()
          || !committee.signedBySender(last)
          || !last.computation().equals(disclosed.get(0).computation())
          || KingData.degreeOfShares(last) != 2 * t) {
        return new Verdict(false, "not the accused's signed product shares of this batch");
      }
      Dn07Batch.Plan plan = bySender.values().iterator().next().plan();
      return deviates(committee, plan, keys, last)
          ? new Verdict(true, "product shares differ from what the disclosed keys prescribe")
          : new Verdict(false, "product shares match the disclosed keys");
    } catch (MalformedMessageException | IllegalArgumentException e) {
      return new Verdict(false, "malformed evidence: " + e.getMessage());
    }
  }
}
