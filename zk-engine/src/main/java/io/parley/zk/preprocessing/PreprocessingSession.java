package io.parley.zk.preprocessing;

import io.parley.base.crypto.PrivateKey;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * One member's run of a preprocessing batch ({@link BatchComputation} describes the maths) as a
 * sans-I/O state machine. After the CHECK round the members agree on the batch's fate with t + 1
 * Dolev-Strong verdict rounds ({@link AbortChain}), so either every honest member keeps the batch
 * or none does. An aborted batch is never used: every member then discloses its seed and received
 * envelopes, and {@link BatchReplay} names the member whose signed messages its own disclosure does
 * not reproduce. SeedDisclosure is safe because the batch is input-independent and discarded.
 */
public final class PreprocessingSession
    implements io.parley.zk.session.ProtocolSession<BatchOutput> {
  private final Committee committee;
  private final int self;
  private final int n;
  private final BatchPlan plan;
  private final Bytes32 batch;
  private final Bytes32 seed;
  private final PrivateKey key;
  private final Signer signer;
  private final BatchMember member;
  private final Envelope[][] received;
  private final List<Envelope> observed = new ArrayList<>();
  private final BlameVerifier verifier;
  private int step;
  private AbortChain chain = AbortChain.empty();
  private Optional<Envelope> chainCarrier = Optional.empty();
  private Optional<Outcome<BatchOutput>> outcome = Optional.empty();

  public PreprocessingSession(
      Committee committee, int self, BatchPlan plan, Bytes32 batch, Bytes32 seed, PrivateKey key) {
    this.committee = committee;
    this.self = self;
    this.n = committee.size();
    this.plan = plan;
    this.batch = batch;
    this.seed = seed;
    this.key = key;
    this.signer = Signer.with(key);
    this.member = new BatchMember(plan, batch, self, seed);
    this.received = new Envelope[plan.disclosureStep() + 1][n];
    this.verifier = BatchReplay.verifier(committee);
  }

  @Override
  public Optional<Outcome<BatchOutput>> outcome() {
    return outcome;
  }

  @Override
  public List<Action> start() {
    List<Action> actions = new ArrayList<>();
    sendAll(member.outgoing(BatchPlan.DEAL), actions);
    return actions;
  }

  private void sendAll(List<Envelope> envelopes, List<Action> actions) {
    for (Envelope unsigned : envelopes) {
      Envelope signed = signer.sign(unsigned);
      if (unsigned.recipient() == Envelope.BROADCAST) {
        for (int j = 0; j < n; j++) {
          if (j != self) {
            actions.add(new Action.Send(j, signed));
          }
        }
      } else {
        actions.add(new Action.Send(unsigned.recipient(), signed));
      }
      if (unsigned.step() == BatchPlan.FIRST_VERDICT && chain.contains(self)) {
        chainCarrier = Optional.of(signed);
      }
    }
    actions.add(new Action.ScheduleTimeout(step));
  }

  @Override
  public List<Action> onMessage(Envelope e) {
    if (outcome.isPresent() || !e.computation().equals(batch)) {
      return List.of();
    }
    if (e.kind() == Kind.BLAME) {
      try {
        Blame blame = BlameCodec.decode(e.data());
        if (blame.computation().equals(batch) && verifier.verify(blame).valid()) {
          outcome = Optional.of(new Outcome.Aborted<>(new Accusation.Proven(blame)));
        }
      } catch (MalformedMessageException ignored) {
        // An undecodable notice proves nothing and is dropped.
      }
      return List.of();
    }
    if (!acceptable(e) || !committee.signedBySender(e)) {
      return List.of();
    }
    Envelope previous = received[e.step()][e.sender()];
    if (previous != null) {
      return previous.sameContent(e)
          ? List.of()
          : abortWith(new Blame.Equivocation(e.sender(), previous, e));
    }
    received[e.step()][e.sender()] = e;
    List<Action> actions = new ArrayList<>();
    while (outcome.isEmpty() && roundComplete()) {
      processRound(actions);
    }
    return actions;
  }

  private boolean acceptable(Envelope e) {
    if (e.sender() < 0 || e.sender() >= n || e.sender() == self) {
      return false;
    }
    if (e.step() < step || e.step() > step + 1 || e.step() > plan.disclosureStep()) {
      return false;
    }
    if (e.step() <= BatchPlan.CHECK) {
      return member.wellFormed(e.step(), e);
    }
    Kind expected = e.step() == plan.disclosureStep() ? Kind.DISCLOSE : Kind.VERDICT;
    return e.kind() == expected && e.recipient() == Envelope.BROADCAST;
  }

  private boolean roundComplete() {
    for (int j = 0; j < n; j++) {
      if (j != self && received[step][j] == null) {
        return false;
      }
    }
    return true;
  }

  private void processRound(List<Action> actions) {
    int round = step;
    if (round <= BatchPlan.CHECK) {
      for (int j = 0; j < n; j++) {
        if (j != self) {
          observed.add(received[round][j]);
        }
      }
      member.accept(round, received[round]);
      step++;
      if (round < BatchPlan.CHECK) {
        sendAll(member.outgoing(round + 1), actions);
      } else {
        if (!member.checkPasses()) {
          chain = chain.extend(batch, self, key);
        }
        sendVerdict(actions);
      }
      return;
    }
    if (round < plan.disclosureStep()) {
      int needed = round - BatchPlan.FIRST_VERDICT + 1;
      for (int j = 0; j < n && !chain.contains(self); j++) {
        if (j == self) {
          continue;
        }
        Optional<AbortChain> candidate = decodeChain(received[round][j]);
        if (candidate.isPresent() && candidate.get().links().size() >= needed) {
          chainCarrier = Optional.of(received[round][j]);
          chain = candidate.get().extend(batch, self, key);
        }
      }
      step++;
      if (step < plan.disclosureStep()) {
        sendVerdict(actions);
      } else if (chain.links().isEmpty()) {
        outcome = Optional.of(new Outcome.Completed<>(member.output(), batch, step));
      } else {
        SeedDisclosure disclosure = new SeedDisclosure(seed, plan, List.copyOf(observed));
        Envelope unsigned =
            Envelope.unsigned(
                    batch, step, self, Envelope.BROADCAST, Kind.DISCLOSE, new FieldElement[0])
                .withData(disclosure.encode());
        Envelope signed = signer.sign(unsigned);
        received[step][self] = signed;
        for (int j = 0; j < n; j++) {
          if (j != self) {
            actions.add(new Action.Send(j, signed));
          }
        }
        actions.add(new Action.ScheduleTimeout(step));
      }
      return;
    }
    resolveDispute();
  }

  private Optional<AbortChain> decodeChain(Envelope e) {
    try {
      AbortChain c = AbortChain.decode(e.data());
      return c.links().isEmpty() || !c.valid(committee, batch) ? Optional.empty() : Optional.of(c);
    } catch (MalformedMessageException ex) {
      return Optional.empty();
    }
  }

  private void sendVerdict(List<Action> actions) {
    Envelope unsigned =
        Envelope.unsigned(batch, step, self, Envelope.BROADCAST, Kind.VERDICT, new FieldElement[0])
            .withData(chain.links().isEmpty() ? new byte[0] : chain.encode());
    sendAll(List.of(unsigned), actions);
  }

  private void resolveDispute() {
    Envelope[] disclosures = received[plan.disclosureStep()];
    List<Envelope> everything = new ArrayList<>(observed);
    for (int j = 0; j < n; j++) {
      if (j != self) {
        try {
          everything.addAll(SeedDisclosure.decode(disclosures[j].data()).received());
        } catch (MalformedMessageException e) {
          // The replay blames a malformed disclosure; nothing to collect from it.
        }
      }
    }
    Optional<Blame> blame =
        BatchReplay.findDeviation(committee, disclosures, everything, chainCarrier);
    outcome =
        Optional.of(
            new Outcome.Aborted<>(
                blame
                    .<Accusation>map(Accusation.Proven::new)
                    .orElse(new Accusation.Unresolved(step, "replay found no deviation"))));
  }

  @Override
  public List<Action> onTimeout(int timedOutStep) {
    if (outcome.isPresent() || timedOutStep != step) {
      return List.of();
    }
    List<Integer> silent = new ArrayList<>();
    for (int j = 0; j < n; j++) {
      if (j != self && received[step][j] == null) {
        silent.add(j);
      }
    }
    outcome = Optional.of(new Outcome.Aborted<>(new Accusation.Timeout(step, silent)));
    return List.of();
  }

  private List<Action> abortWith(Blame blame) {
    outcome = Optional.of(new Outcome.Aborted<>(new Accusation.Proven(blame)));
    Envelope notice =
        signer.sign(
            Envelope.unsigned(
                    batch, step, self, Envelope.BROADCAST, Kind.BLAME, new FieldElement[0])
                .withData(BlameCodec.encode(blame)));
    List<Action> actions = new ArrayList<>();
    for (int j = 0; j < n; j++) {
      if (j != self) {
        actions.add(new Action.Send(j, notice));
      }
    }
    return actions;
  }
}
