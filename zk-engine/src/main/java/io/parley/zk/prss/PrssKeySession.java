package io.parley.zk.prss;

import io.parley.zk.evidence.Accusation;
import io.parley.zk.evidence.Blame;
import io.parley.zk.evidence.BlameCodec;
import io.parley.zk.evidence.BlameVerifier;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Committee;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.Kind;
import io.parley.zk.messages.MalformedMessageException;
import io.parley.zk.messages.Signer;
import io.parley.zk.session.Action;
import io.parley.zk.session.ProtocolSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import org.apache.tuweni.bytes.Bytes32;

/**
 * One member's run of the PRSS key agreement (docs/spec/prss.md, section 5): the committee agrees,
 * without a dealer, a key K_A for every t-subset A, known exactly to the n - t members outside A.
 * Each holder g of K_A contributes 32 random bytes c_{A,g}; K_A hashes the holders' contributions.
 *
 * <p>Step 0: member g broadcasts a signed statement (COIN) with the digests H_{A,g} of all its
 * contributions and sends each other member h a signed DEAL with c_{A,g} for every A held by both.
 * Step 1 (echo), once its step-0 checks passed: it broadcasts an ECHO forwarding every statement it
 * received, so that honest members learn whether they all received the same statement from each
 * author. Then every honest holder of K_A used the same contributions (SHA-256 binds each to its
 * statement's digest).
 *
 * <p>Threat model: at most t malicious members, identifiable abort. A contribution that does not
 * match its author's statement (or a malformed statement or contribution) ends in {@link
 * Blame.PrssKeys}; two different signed envelopes for one slot (e.g. two statements) in {@link
 * Blame.Equivocation}; silence in {@link Accusation.Timeout}. Envelopes and forwarded statements
 * with a bad signature are ignored. The member that finds a deviation sends no echo and broadcasts
 * its blame, so the others abort with it instead of completing. The corrupt members lie in some
 * t-set A*, whose key only honest members contribute to and see: it stays secret and uniform. The
 * computation id must be unique to this agreement (signed envelopes are bound to it).
 */
public final class PrssKeySession implements ProtocolSession<PrssKeys> {
  private final Committee committee;
  private final int self;
  private final int n;
  private final int t;
  private final Bytes32 computation;
  private final Signer signer;
  private final RandomGenerator random;
  private final BlameVerifier verifier;

  private final TreeMap<Integer, byte[]> contributions = new TreeMap<>();
  private final Envelope[] statements;
  private final Envelope[] deals;
  private final Envelope[] echoes;
  private final List<TreeMap<Integer, byte[]>> digests = new ArrayList<>();
  private final List<TreeMap<Integer, byte[]>> received = new ArrayList<>();
  private final boolean[] echoChecked;
  private int step;
  private PrssKeys keys;
  private Optional<Outcome<PrssKeys>> outcome = Optional.empty();

  /**
   * @param random the source of this member's contributions: a {@link java.security.SecureRandom}
   *     in production (a seeded generator only in tests)
   * @param signer signs with the member's genesis key (the agreement needs signatures)
   */
  public PrssKeySession(
      Committee committee, int self, Bytes32 computation, Signer signer, RandomGenerator random) {
    this.committee = committee;
    this.n = committee.size();
    this.t = committee.threshold();
    if (self < 0 || self >= n) {
      throw new IllegalArgumentException("member " + self + " out of range 0.." + (n - 1));
    }
    this.self = self;
    this.computation = computation;
    this.signer = signer;
    this.random = random;
    this.verifier = PrssBlameVerifier.of(committee);
    this.statements = new Envelope[n];
    this.deals = new Envelope[n];
    this.echoes = new Envelope[n];
    this.echoChecked = new boolean[n];
    for (int i = 0; i < n; i++) {
      digests.add(null);
      received.add(null);
    }
  }

  @Override
  public List<Action> start() {
    for (int a : Subsets.heldBy(n, t, self)) {
      byte[] c = new byte[32];
      random.nextBytes(c);
      contributions.put(a, c);
    }
    TreeMap<Integer, byte[]> stated = new TreeMap<>();
    contributions.forEach((a, c) -> stated.put(a, KeyMessages.contributionDigest(a, c)));
    statements[self] = sign(KeyMessages.CONTRIBUTION_STEP, Envelope.BROADCAST, Kind.COIN, stated);
    List<Action> actions = new ArrayList<>();
    for (int h = 0; h < n; h++) {
      if (h == self) {
        continue;
      }
      TreeMap<Integer, byte[]> shared = new TreeMap<>();
      for (int a : KeyMessages.dealSubsets(n, t, self, h)) {
        shared.put(a, contributions.get(a));
      }
      actions.add(new Action.Send(h, statements[self]));
      actions.add(new Action.Send(h, sign(KeyMessages.CONTRIBUTION_STEP, h, Kind.DEAL, shared)));
    }
    actions.add(new Action.ScheduleTimeout(KeyMessages.CONTRIBUTION_STEP));
    progress(actions);
    return actions;
  }

  @Override
  public List<Action> onMessage(Envelope e) {
    List<Action> actions = new ArrayList<>();
    if (outcome.isPresent()
        || !e.computation().equals(computation)
        || e.sender() < 0
        || e.sender() >= n
        || e.sender() == self) {
      return actions;
    }
    if (e.kind() == Kind.BLAME) {
      onBlameNotice(e);
      return actions;
    }
    Envelope[] slots = slotsFor(e);
    if (slots == null || !committee.signedBySender(e)) {
      return actions;
    }
    Envelope previous = slots[e.sender()];
    if (previous != null) {
      if (!previous.sameContent(e)) {
        abort(new Blame.Equivocation(e.sender(), previous, e), actions);
      }
      return actions;
    }
    slots[e.sender()] = e;
    progress(actions);
    return actions;
  }

  @Override
  public List<Action> onTimeout(int timedOut) {
    if (outcome.isPresent() || timedOut != step) {
      return List.of();
    }
    List<Integer> silent = new ArrayList<>();
    for (int g = 0; g < n; g++) {
      boolean missing =
          step == KeyMessages.CONTRIBUTION_STEP
              ? statements[g] == null || received.get(g) == null
              : !echoChecked[g];
      if (g != self && missing) {
        silent.add(g);
      }
    }
    outcome = Optional.of(new Outcome.Aborted<>(new Accusation.Timeout(step, silent)));
    return List.of();
  }

  @Override
  public Optional<Outcome<PrssKeys>> outcome() {
    return outcome;
  }

  private Envelope[] slotsFor(Envelope e) {
    if (KeyMessages.isStatement(e, computation)) {
      return statements;
    }
    if (KeyMessages.isDeal(e, computation, n) && e.recipient() == self) {
      return deals;
    }
    boolean echo =
        e.kind() == Kind.ECHO
            && e.step() == KeyMessages.ECHO_STEP
            && e.recipient() == Envelope.BROADCAST;
    return echo ? echoes : null;
  }

  private void progress(List<Action> actions) {
    if (statements[self] == null) {
      return; // not started: envelopes wait in their slots
    }
    if (step == KeyMessages.CONTRIBUTION_STEP) {
      checkContributions(actions);
      if (outcome.isPresent() || !allContributionsChecked()) {
        return;
      }
      keys = deriveKeys();
      List<Envelope> forwarded = new ArrayList<>();
      for (int g = 0; g < n; g++) {
        if (g != self) {
          forwarded.add(statements[g]);
        }
      }
      Envelope echo =
          signer.sign(
              Envelope.unsigned(
                      computation,
                      KeyMessages.ECHO_STEP,
                      self,
                      Envelope.BROADCAST,
                      Kind.ECHO,
                      new FieldElement[0])
                  .withData(KeyMessages.encodeEcho(forwarded)));
      broadcast(echo, actions);
      step = KeyMessages.ECHO_STEP;
      actions.add(new Action.ScheduleTimeout(step));
    }
    checkEchoes(actions);
    if (outcome.isEmpty() && allEchoesChecked()) {
      outcome =
          Optional.of(new Outcome.Completed<>(keys, KeyMessages.transcript(statements), step + 1));
    }
  }

  /** Parses statements and checks every arrived contribution envelope against its statement. */
  private void checkContributions(List<Action> actions) {
    for (int g = 0; g < n && outcome.isEmpty(); g++) {
      if (g == self) {
        continue;
      }
      if (digests.get(g) == null && statements[g] != null) {
        Optional<TreeMap<Integer, byte[]>> parsed =
            KeyMessages.statementDigests(statements[g], n, t);
        if (parsed.isEmpty()) {
          blameContribution(g, actions);
          return;
        }
        digests.set(g, parsed.get());
      }
      if (received.get(g) == null && deals[g] != null) {
        Optional<TreeMap<Integer, byte[]>> parsed = KeyMessages.dealContributions(deals[g], n, t);
        if (parsed.isEmpty()) {
          blameContribution(g, actions);
          return;
        }
        if (digests.get(g) == null) {
          continue;
        }
        if (KeyMessages.firstMismatch(digests.get(g), parsed.get()).isPresent()) {
          blameContribution(g, actions);
          return;
        }
        received.set(g, parsed.get());
      }
    }
  }

  private void blameContribution(int g, List<Action> actions) {
    PrssEvidence evidence =
        new PrssEvidence(
            g, computation, Optional.ofNullable(statements[g]), Optional.ofNullable(deals[g]));
    abort(PrssBlameVerifier.blame(evidence), actions);
  }

  private boolean allContributionsChecked() {
    for (int g = 0; g < n; g++) {
      if (g != self && received.get(g) == null) {
        return false;
      }
    }
    return true;
  }

  /**
   * Compares every statement forwarded in an arrived echo with the one received directly; a
   * different one signed by its author proves equivocation. Malformed echoes are dropped.
   */
  private void checkEchoes(List<Action> actions) {
    for (int g = 0; g < n && outcome.isEmpty(); g++) {
      if (g == self || echoChecked[g] || echoes[g] == null) {
        continue;
      }
      Optional<List<Envelope>> forwarded = KeyMessages.decodeEcho(echoes[g].data(), n);
      if (forwarded.isEmpty()) {
        echoes[g] = null;
        continue;
      }
      for (Envelope f : forwarded.get()) {
        if (!KeyMessages.isStatement(f, computation) || f.sender() < 0 || f.sender() >= n) {
          continue;
        }
        Envelope mine = statements[f.sender()];
        if (!mine.sameContent(f) && committee.signedBySender(f)) {
          abort(new Blame.Equivocation(f.sender(), mine, f), actions);
          return;
        }
      }
      echoChecked[g] = true;
    }
  }

  private boolean allEchoesChecked() {
    for (int g = 0; g < n; g++) {
      if (g != self && !echoChecked[g]) {
        return false;
      }
    }
    return true;
  }

  /** K_A for every held A from the holders' contributions, ascending by holder. */
  private PrssKeys deriveKeys() {
    List<int[]> all = Subsets.of(n, t);
    TreeMap<Integer, byte[]> derived = new TreeMap<>();
    for (int a : contributions.keySet()) {
      List<byte[]> byHolder = new ArrayList<>();
      for (int h : Subsets.holders(n, all.get(a))) {
        byHolder.add(h == self ? contributions.get(a) : received.get(h).get(a));
      }
      derived.put(a, KeyMessages.key(a, byHolder));
    }
    return new PrssKeys(n, t, self, derived);
  }

  private void onBlameNotice(Envelope e) {
    try {
      Blame blame = BlameCodec.decode(e.data(), PrssBlameVerifier::opaque);
      if (blame.computation().equals(computation) && verifier.verify(blame).valid()) {
        outcome = Optional.of(new Outcome.Aborted<>(new Accusation.Proven(blame)));
      }
    } catch (MalformedMessageException ignored) {
      // An undecodable notice proves nothing; it is dropped like any malformed message.
    }
  }

  /** Stops with the blame and broadcasts it, so the others abort instead of waiting. */
  private void abort(Blame blame, List<Action> actions) {
    outcome = Optional.of(new Outcome.Aborted<>(new Accusation.Proven(blame)));
    Envelope notice =
        signer.sign(
            Envelope.unsigned(
                    computation, step, self, Envelope.BROADCAST, Kind.BLAME, new FieldElement[0])
                .withData(BlameCodec.encode(blame)));
    broadcast(notice, actions);
  }

  private void broadcast(Envelope e, List<Action> actions) {
    for (int h = 0; h < n; h++) {
      if (h != self) {
        actions.add(new Action.Send(h, e));
      }
    }
  }

  private Envelope sign(int atStep, int recipient, Kind kind, TreeMap<Integer, byte[]> entries) {
    return signer.sign(
        Envelope.unsigned(computation, atStep, self, recipient, kind, new FieldElement[0])
            .withData(KeyMessages.encodeEntries(entries)));
  }
}
