package io.parley.zk.king;

import io.parley.base.crypto.PrivateKey;
import io.parley.base.crypto.Secp256k1;
import io.parley.zk.evidence.Accusation;
import io.parley.zk.evidence.Blame;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Committee;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.Kind;
import io.parley.zk.messages.MalformedMessageException;
import io.parley.zk.prss.Prss;
import io.parley.zk.prss.PrssKeys;
import io.parley.zk.session.Action;
import io.parley.zk.session.ProtocolSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * One member's run of a PRSS preprocessing batch ({@link Dn07Batch}): the degree-2t king opening,
 * then a round of OKs, then the outputs. The outputs are released only once all n members have said
 * OK, and a member that said OK never discloses; a member that detects a wrong product share (at
 * its king) never says OK and discloses the batch's keys with the n signed shares that show the
 * fault. So either some honest member disputes and nobody ever uses the batch, or nobody honest
 * discloses: disclosing can never expose a batch in use. A member that has not said OK and receives
 * a disclosure with valid evidence discloses too; with disclosures from n - t members the replay
 * ({@link Dn07Replay}) names the cheater. Sans-I/O.
 */
public final class Dn07Session implements ProtocolSession<Dn07Batch.Output> {
  private static final int OK_STEP = 3;

  private final Committee committee;
  private final int self;
  private final int n;
  private final Bytes32 batch;
  private final Bytes32 id;
  private final PrssKeys batchKeys;
  private final Dn07Batch.Plan plan;
  private final Optional<PrivateKey> key;
  private final KingSession<Dn07Batch.Output> opening;

  private final boolean[] oks;
  private int oksLeft;
  private boolean saidOk;
  private Dn07Batch.Output output;
  private final Envelope[] disclosures;
  private List<Envelope> detection = List.of();
  private boolean disputing;
  private int contestedBy = -1;
  private Optional<Outcome<Dn07Batch.Output>> outcome = Optional.empty();

  Dn07Session(
      Committee committee,
      int self,
      Bytes32 batch,
      PrssKeys batchKeys,
      Dn07Batch.Plan plan,
      Optional<PrivateKey> key) {
    this.committee = committee;
    this.self = self;
    this.n = committee.size();
    this.batch = batch;
    this.id = Dn07Batch.sessionId(batch, plan);
    this.batchKeys = batchKeys;
    this.plan = plan;
    this.key = key;
    this.opening =
        new KingSession<>(
            committee,
            self,
            id,
            Dn07Batch.program(new Prss(batchKeys), plan),
            key,
            2 * committee.threshold());
    this.oks = new boolean[n];
    this.oksLeft = n;
    this.disclosures = new Envelope[n];
  }

  /** The computation id every envelope of this batch carries. */
  public Bytes32 id() {
    return id;
  }

  @Override
  public Optional<Outcome<Dn07Batch.Output>> outcome() {
    return outcome;
  }

  @Override
  public List<Action> start() {
    List<Action> actions = new ArrayList<>(opening.start());
    afterOpening(actions);
    return actions;
  }

  @Override
  public List<Action> onMessage(Envelope e) {
    if (outcome.isPresent() || !e.computation().equals(id)) {
      return List.of();
    }
    List<Action> actions = new ArrayList<>();
    switch (e.kind()) {
      case VERDICT -> onOk(e, actions);
      case DISCLOSE -> onDisclosure(e, actions);
      default -> {
        if (!disputing && opening.outcome().isEmpty()) {
          actions.addAll(opening.onMessage(e));
          afterOpening(actions);
        }
      }
    }
    return actions;
  }

  @Override
  public List<Action> onTimeout(int step) {
    if (outcome.isPresent()) {
      return List.of();
    }
    List<Action> actions = new ArrayList<>();
    if (disputing && step == Dn07Disclosure.DISCLOSE_STEP) {
      replay(true);
    } else if (saidOk && step == OK_STEP) {
      List<Integer> silent = new ArrayList<>();
      for (int j = 0; j < n; j++) {
        if (!oks[j]) {
          silent.add(j);
        }
      }
      outcome =
          Optional.of(
              new Outcome.Aborted<>(
                  contestedBy >= 0
                      ? new Accusation.Unresolved(
                          step,
                          "member "
                              + contestedBy
                              + " proved a fault after this member's OK; the batch is unused")
                      : new Accusation.Timeout(step, silent)));
    } else if (!disputing && !saidOk) {
      actions.addAll(opening.onTimeout(step));
      afterOpening(actions);
    }
    return actions;
  }

  private void afterOpening(List<Action> actions) {
    if (disputing || saidOk || opening.outcome().isEmpty()) {
      return;
    }
    switch (opening.outcome().get()) {
      case Outcome.Completed<Dn07Batch.Output> done -> {
        output = done.value();
        saidOk = true;
        Envelope ok =
            sign(Envelope.unsigned(id, OK_STEP, self, Envelope.BROADCAST, Kind.VERDICT, none()));
        for (int j = 0; j < n; j++) {
          if (j != self) {
            actions.add(new Action.Send(j, ok));
          }
        }
        actions.add(new Action.ScheduleTimeout(OK_STEP));
        oks[self] = true;
        oksLeft--;
        release();
      }
      case Outcome.Aborted<Dn07Batch.Output> aborted -> {
        if (!opening.detected().isEmpty() && key.isPresent()) {
          dispute(opening.detected(), actions);
        } else {
          outcome = Optional.of(aborted);
        }
      }
    }
  }

  private static FieldElement[] none() {
    return new FieldElement[0];
  }

  private Envelope sign(Envelope e) {
    return key.map(k -> e.withSignature(Secp256k1.sign(e.digest(), k))).orElse(e);
  }

  private void onOk(Envelope e, List<Action> actions) {
    int j = e.sender();
    if (j < 0 || j >= n || j == self || oks[j] || e.step() != OK_STEP) {
      return;
    }
    if (key.isPresent() && !committee.signedBySender(e)) {
      return;
    }
    oks[j] = true;
    oksLeft--;
    release();
  }

  private void release() {
    if (saidOk && oksLeft == 0 && outcome.isEmpty()) {
      outcome =
          Optional.of(
              new Outcome.Completed<>(
                  output,
                  opening.outcome().isPresent()
                      ? ((Outcome.Completed<Dn07Batch.Output>) opening.outcome().get()).transcript()
                      : Bytes32.ZERO,
                  opening.step() + 1));
    }
  }

  private void onDisclosure(Envelope e, List<Action> actions) {
    int j = e.sender();
    if (key.isEmpty()
        || j < 0
        || j >= n
        || j == self
        || e.step() != Dn07Disclosure.DISCLOSE_STEP
        || disclosures[j] != null
        || !committee.signedBySender(e)) {
      return;
    }
    Dn07Disclosure d;
    try {
      d = Dn07Disclosure.decode(e, n, committee.threshold());
    } catch (MalformedMessageException malformed) {
      return;
    }
    if (!d.batch().equals(batch) || !d.plan().equals(plan)) {
      return;
    }
    if (!disputing) {
      // only a member that has not said OK may disclose, and only on proof of a fault
      if (saidOk && Dn07Replay.showsDetection(committee, d.evidence())) {
        contestedBy = j;
        return;
      }
      if (saidOk
          || !Dn07Replay.showsDetection(committee, d.evidence())
          || !d.evidence().get(0).computation().equals(id)) {
        return;
      }
      disclosures[j] = e;
      dispute(d.evidence(), actions);
      return;
    }
    disclosures[j] = e;
    replay(false);
  }

  private void dispute(List<Envelope> evidence, List<Action> actions) {
    disputing = true;
    detection = evidence;
    Envelope own =
        sign(
            Envelope.unsigned(
                    id,
                    Dn07Disclosure.DISCLOSE_STEP,
                    self,
                    Envelope.BROADCAST,
                    Kind.DISCLOSE,
                    none())
                .withData(Dn07Disclosure.of(batch, plan, batchKeys, evidence).encode()));
    disclosures[self] = own;
    for (int j = 0; j < n; j++) {
      if (j != self) {
        actions.add(new Action.Send(j, own));
      }
    }
    actions.add(new Action.ScheduleTimeout(Dn07Disclosure.DISCLOSE_STEP));
    replay(false);
  }

  /** Replays once every member disclosed, or at the timeout with n - t disclosures. */
  private void replay(boolean timedOut) {
    List<Envelope> in = new ArrayList<>();
    List<Integer> silent = new ArrayList<>();
    for (int j = 0; j < n; j++) {
      if (disclosures[j] != null) {
        in.add(disclosures[j]);
      } else {
        silent.add(j);
      }
    }
    if (!silent.isEmpty() && !timedOut) {
      return;
    }
    if (in.size() < n - committee.threshold()) {
      outcome =
          Optional.of(
              new Outcome.Aborted<>(new Accusation.Timeout(Dn07Disclosure.DISCLOSE_STEP, silent)));
      return;
    }
    Optional<Blame> blame = Dn07Replay.find(committee, in, detection);
    outcome =
        Optional.of(
            new Outcome.Aborted<>(
                blame
                    .<Accusation>map(Accusation.Proven::new)
                    .orElse(
                        new Accusation.Unresolved(
                            Dn07Disclosure.DISCLOSE_STEP, "replay found no deviation"))));
  }
}
