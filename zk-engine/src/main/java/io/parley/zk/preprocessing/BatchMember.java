package io.parley.zk.preprocessing;

import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.Kind;
import io.parley.zk.sharing.Polynomial;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;

/**
 * One member's messages in rounds DEAL, RESHARE, COIN and CHECK of a batch, computed from its seed
 * and what it received: the same code runs live and in a dispute replay, so a replay reproduces an
 * honest member's envelopes bit for bit.
 */
final class BatchMember {
  private final BatchPlan plan;
  private final Bytes32 batch;
  private final int self;
  private final int n;
  private final BatchComputation computation;
  private FieldElement[] ownDeal;
  private FieldElement[] ownReshare;
  private byte[] ownCoin;
  private FieldElement[] ownCheck;
  private boolean checkPasses;

  BatchMember(BatchPlan plan, Bytes32 batch, int self, Bytes32 seed) {
    this.plan = plan;
    this.batch = batch;
    this.self = self;
    this.n = plan.parties();
    this.computation = new BatchComputation(plan, self, seed);
  }

  static Kind kindOf(int round) {
    return switch (round) {
      case BatchPlan.DEAL, BatchPlan.RESHARE -> Kind.DEAL;
      case BatchPlan.COIN -> Kind.COIN;
      case BatchPlan.CHECK -> Kind.OPEN;
      default -> throw new IllegalArgumentException("not a replayable round: " + round);
    };
  }

  static boolean pointToPoint(int round) {
    return round == BatchPlan.DEAL || round == BatchPlan.RESHARE;
  }

  /** Unsigned envelopes this member sends in the round (one per recipient, or one broadcast). */
  List<Envelope> outgoing(int round) {
    List<Envelope> out = new ArrayList<>();
    switch (round) {
      case BatchPlan.DEAL -> {
        for (int j = 0; j < n; j++) {
          FieldElement[] values = computation.deal(j);
          if (j == self) {
            ownDeal = values;
          } else {
            out.add(Envelope.unsigned(batch, round, self, j, Kind.DEAL, values));
          }
        }
      }
      case BatchPlan.RESHARE -> {
        Polynomial[] polynomials = computation.resharePolynomials();
        for (int j = 0; j < n; j++) {
          FieldElement[] values = BatchComputation.evaluate(polynomials, j);
          if (j == self) {
            ownReshare = values;
          } else {
            out.add(Envelope.unsigned(batch, round, self, j, Kind.DEAL, values));
          }
        }
      }
      case BatchPlan.COIN -> {
        ownCoin = computation.coin();
        out.add(
            Envelope.unsigned(
                    batch, round, self, Envelope.BROADCAST, Kind.COIN, new FieldElement[0])
                .withData(ownCoin));
      }
      case BatchPlan.CHECK -> {
        ownCheck = computation.checkValues();
        out.add(Envelope.unsigned(batch, round, self, Envelope.BROADCAST, Kind.OPEN, ownCheck));
      }
      default -> throw new IllegalArgumentException("not a replayable round: " + round);
    }
    return out;
  }

  /** Whether an envelope has the shape the plan prescribes for the round (sender not checked). */
  boolean wellFormed(int round, Envelope e) {
    if (e.step() != round || e.kind() != kindOf(round) || !e.computation().equals(batch)) {
      return false;
    }
    int recipient = pointToPoint(round) ? self : Envelope.BROADCAST;
    if (e.recipient() != recipient) {
      return false;
    }
    return switch (round) {
      case BatchPlan.DEAL -> e.values().length == plan.dealtPerParty() + 1 && e.data().length == 0;
      case BatchPlan.RESHARE -> e.values().length == plan.products() + 1 && e.data().length == 0;
      case BatchPlan.COIN -> e.values().length == 0 && e.data().length == 32;
      default -> e.values().length == 2 * n + plan.threshold() && e.data().length == 0;
    };
  }

  /** Feeds the round's received envelopes (index = sender; own slot ignored). */
  void accept(int round, Envelope[] bySender) {
    switch (round) {
      case BatchPlan.DEAL -> computation.acceptDeals(values(bySender, ownDeal));
      case BatchPlan.RESHARE -> computation.acceptReshares(values(bySender, ownReshare));
      case BatchPlan.COIN -> {
        byte[][] coins = new byte[n][];
        for (int i = 0; i < n; i++) {
          coins[i] = i == self ? ownCoin : bySender[i].data();
        }
        computation.acceptCoins(batch, coins);
      }
      case BatchPlan.CHECK -> checkPasses = computation.checkPasses(values(bySender, ownCheck));
      default -> throw new IllegalArgumentException("not a replayable round: " + round);
    }
  }

  private FieldElement[][] values(Envelope[] bySender, FieldElement[] own) {
    FieldElement[][] out = new FieldElement[n][];
    for (int i = 0; i < n; i++) {
      out[i] = i == self ? own : bySender[i].values();
    }
    return out;
  }

  boolean checkPasses() {
    return checkPasses;
  }

  BatchOutput output() {
    return computation.output();
  }
}
