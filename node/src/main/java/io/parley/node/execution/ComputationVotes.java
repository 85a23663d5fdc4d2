package io.parley.node.execution;

import io.parley.base.block.Event;
import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.Secp256k1;
import io.parley.base.crypto.Signature;
import io.parley.base.encoding.Rlp;
import io.parley.base.tx.Transaction;
import io.parley.base.types.Address;
import io.parley.contracts.abi.Abi;
import io.parley.contracts.abi.Values;
import io.parley.contracts.check.Type;
import io.parley.contracts.runtime.CallContext;
import io.parley.contracts.runtime.CallResult;
import io.parley.contracts.runtime.ContractRuntime;
import io.parley.contracts.runtime.DeployException;
import io.parley.contracts.runtime.LoadedContract;
import io.parley.genesis.MpcCommittee;
import io.parley.zk.attestation.Statement;
import io.parley.zk.attestation.Vote;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;

/**
 * Committee members' votes for computation results (kind 4, docs/spec/attestation.md section 5):
 * checked, recorded in the computation's record, and at 2t+1 votes for one digest the computation
 * is final and the contract's {@code on result} callback runs.
 */
public final class ComputationVotes {
  static final Bytes32 FINISHED = ComputationRegistry.FINISHED;

  /** A kind-4 payload (attestation.md sections 5 and 6): a result vote or an abort report. */
  public sealed interface Message permits Payload, AbortPayload {
    Bytes32 computation();

    int attempt();

    Bytes encode();

    static Message decode(Bytes payload) {
      return Rlp.decodeCanonical(
          payload,
          "computation vote",
          r -> {
            long form = Rlp.readUint63(r, "form");
            Message m;
            if (form == 1 || form == 2) {
              Bytes32 id = Rlp.readBytes32(r, "computationId");
              int attempt = form == 2 ? attempt(Rlp.readUint63(r, "attempt")) : 0;
              Statement statement = Statement.decode(r.readValue());
              Bytes32 shares = Rlp.readBytes32(r, "stateShares");
              Signature signature = Signature.fromBytes(r.readValue());
              m = new Payload(id, attempt, statement, shares, signature);
            } else if (form == 3) {
              Bytes32 id = Rlp.readBytes32(r, "computationId");
              int attempt = attempt(Rlp.readUint63(r, "attempt"));
              long reason = Rlp.readUint63(r, "reason");
              if (reason < 1 || reason > MAX_ABORT_REASON) {
                throw new IllegalArgumentException(
                    "abort reason " + reason + " is not 1.." + MAX_ABORT_REASON);
              }
              long seats = 0;
              if (!r.isComplete()) {
                seats = Rlp.readUint63(r, "seats");
                if (seats == 0) {
                  throw new IllegalArgumentException("seats is absent, not 0, when empty");
                }
                if (reason != 1 && reason != INCONSISTENT) {
                  throw new IllegalArgumentException(
                      "only a timeout (reason 1) or an inconsistent input (reason 6) names seats");
                }
              }
              m = new AbortPayload(id, attempt, (int) reason, seats);
            } else {
              throw new IllegalArgumentException("unsupported vote form " + form);
            }
            Rlp.requireComplete(r, "computation vote");
            return m;
          },
          Message::encode);
    }

    private static int attempt(long a) {
      if (a >= ComputationRegistry.MAX_ATTEMPTS) {
        throw new IllegalArgumentException(
            "attempt "
                + a
                + " is beyond the last ("
                + (ComputationRegistry.MAX_ATTEMPTS - 1)
                + ")");
      }
      return (int) a;
    }
  }

  /** A result vote: form 1 for attempt 0, form 2 for later attempts. */
  public record Payload(
      Bytes32 computation,
      int attempt,
      Statement statement,
      Bytes32 stateShares,
      Signature signature)
      implements Message {
    public Payload(
        Bytes32 computation, Statement statement, Bytes32 stateShares, Signature signature) {
      this(computation, 0, statement, stateShares, signature);
    }

    public static Payload decode(Bytes payload) {
      if (Message.decode(payload) instanceof Payload p) {
        return p;
      }
      throw new IllegalArgumentException("not a result vote");
    }

    @Override
    public Bytes encode() {
      return RLP.encodeList(
          w -> {
            w.writeLong(attempt == 0 ? 1 : 2);
            w.writeValue(computation);
            if (attempt != 0) {
              w.writeLong(attempt);
            }
            w.writeValue(statement.encode());
            w.writeValue(stateShares);
            w.writeValue(signature.toBytes());
          });
    }
  }

  /**
   * An abort report (form 3): attempt {@code attempt} ended without a result for the sender; a
   * timeout may name the seats the sender waited for, an inconsistent input the seats its check
   * found odd ({@code seats}, a bitmask, bit j for seat j; 0 names none and is not encoded).
   */
  public record AbortPayload(Bytes32 computation, int attempt, int reason, long seats)
      implements Message {
    public AbortPayload(Bytes32 computation, int attempt, int reason) {
      this(computation, attempt, reason, 0);
    }

    @Override
    public Bytes encode() {
      return RLP.encodeList(
          w -> {
            w.writeLong(3);
            w.writeValue(computation);
            w.writeLong(attempt);
            w.writeLong(reason);
            if (seats != 0) {
              w.writeLong(seats);
            }
          });
    }
  }

  private final long chainId;
  private final MpcCommittee committee;
  private final ContractRuntime runtime;
  private final MemberConduct conduct;

  private final ContractCommittees committees;
  private final InputComplaints complaints;
  private final OffChainInputs offChain;
  private final InputDisclosures disclosures;

  ComputationVotes(
      long chainId, MpcCommittee committee, ContractRuntime runtime, int maxTransactionSize) {
    this.chainId = chainId;
    this.committee = committee;
    this.runtime = runtime;
    this.conduct = new MemberConduct(committee);
    this.committees = new ContractCommittees(committee);
    this.complaints = new InputComplaints(chainId, maxTransactionSize, runtime, committees);
    this.offChain = new OffChainInputs(chainId, maxTransactionSize, runtime, committees);
    this.disclosures =
        new InputDisclosures(chainId, maxTransactionSize, committees, conduct::engineCommittee);
  }

  /**
   * Kind-4 forms that are not about one computation's attempt: 4 evidence and 5 rejoin (a member's
   * conduct), 6 an output share, 7 an input complaint, 8 to 10 an off-chain input's
   * acknowledgement, complaint and expiry, 11 a Shamir input disclosure. Forms 1 to 3 are votes and
   * abort reports.
   */
  private static long form(Transaction tx) {
    return MemberConduct.form(tx.payload());
  }

  private int t() {
    return committee.threshold();
  }

  int committeeSize() {
    return committee.members().size();
  }

  /** The member index of {@code sender}, or -1. */
  int member(Address sender) {
    for (int j = 0; j < committee.members().size(); j++) {
      if (committee.members().get(j).address().equals(sender)) {
        return j;
      }
    }
    return -1;
  }

  /** Why admission must refuse this vote (no state needed), if it must. */
  Optional<String> admissionProblem(Transaction tx, Address sender) {
    int j = member(sender);
    if (j < 0 && !CommitteeSeats.identity(committee, sender)) {
      return Optional.of("computation vote: the sender is not a committee member");
    }
    // j < 0: a standby member, or a member whose seat a standby took; which seat it holds is in
    // the state, so only the shape is checked here, and execution checks the seat and signature
    if (!tx.value().isZero()) {
      return Optional.of("computation vote: a vote carries no value");
    }
    switch ((int) form(tx)) {
      case 4, 5 -> {
        return MemberConduct.admissionProblem(tx, committee.members().size());
      }
      case 6 -> {
        return PrivateOutputs.shareProblem(tx);
      }
      case 7 -> {
        return complaints.admissionProblem(tx);
      }
      case 11 -> {
        return disclosures.admissionProblem(tx);
      }
      case 8, 9, 10 -> {
        return offChain.admissionProblem(tx, form(tx));
      }
      default -> {}
    }
    Message m;
    try {
      m = Message.decode(tx.payload());
    } catch (RuntimeException e) {
      return Optional.of("computation vote: " + e.getMessage());
    }
    if (!(m instanceof Payload p)) {
      if (m instanceof AbortPayload a && a.seats() >>> committee.members().size() != 0) {
        return Optional.of("computation vote: a named seat is not below " + committeeSize());
      }
      return tx.to().isPresent()
          ? Optional.empty()
          : Optional.of("computation vote: an abort report names the contract in 'to'");
    }
    if (j < 0) {
      return Optional.empty();
    }
    Statement s = p.statement();
    if (s.chainId() != chainId
        || !s.computationId().equals(p.computation())
        || !tx.to().map(s.contract()::equals).orElse(false)) {
      return Optional.of(
          "computation vote: the statement is for another chain, computation or contract");
    }
    if (!Secp256k1.hasCanonicalScalars(p.signature())
        || !Secp256k1.verify(
            Vote.hash(s.digest(), j, p.stateShares()),
            p.signature(),
            committee.members().get(j).publicKey())) {
      return Optional.of("computation vote: the signature is not member " + j + "'s");
    }
    return Optional.empty();
  }

  /**
   * What remains to do after a vote that made a computation final (a statement and its digest), or
   * a report that made it fail (no statement; {@code reason} for {@code on abort}), is committed.
   */
  record Finish(
      LoadedContract code,
      ComputationRegistry.Record record,
      Optional<Statement> statement,
      Bytes32 digest,
      int reason) {}

  /** A vote's result, and the finish it triggers (when it is the 2t+1-th for one digest). */
  record Outcome(ContractTransactions.Result result, Optional<Finish> finish) {}

  Outcome apply(
      StateOverlay state, Address sender, Transaction tx, ContractTransactions.BlockContext block) {
    long height = block.height();
    int j = member(sender);
    if (j < 0) {
      return failed(0, "computation vote: the sender holds no seat in the committee (ADR 0056)");
    }
    Optional<String> problem = admissionProblem(tx, sender);
    if (problem.isPresent()) {
      return failed(0, problem.get());
    }
    switch ((int) form(tx)) {
      case 4, 5 -> {
        return new Outcome(
            conduct.apply(new OverlayContractHost(state), j, tx, height, r -> code(state, r)),
            Optional.empty());
      }
      case 6 -> {
        return new Outcome(
            PrivateOutputs.share(new OverlayContractHost(state), j, tx), Optional.empty());
      }
      case 7 -> {
        return new Outcome(
            complaints.apply(state, j, tx, block, contract -> code(state, contract)),
            Optional.empty());
      }
      case 8, 9, 10 -> {
        return new Outcome(
            offChain.apply(
                state, j, committeeSize(), tx, form(tx), block, contract -> code(state, contract)),
            Optional.empty());
      }
      case 11 -> {
        return disclosures.apply(
            new OverlayContractHost(state), j, tx, height, contract -> code(state, contract));
      }
      default -> {}
    }
    Message m = Message.decode(tx.payload());
    OverlayContractHost host = new OverlayContractHost(state);
    Optional<ComputationRegistry.Record> found =
        ComputationRegistry.read(
            key -> host.storageGet(ComputationRegistry.REGISTRY, key), m.computation());
    if (found.isEmpty()) {
      return failed(0, "computation vote: no computation " + m.computation());
    }
    ComputationRegistry.Record record = found.get();
    if (record.status() != ComputationRegistry.Status.QUEUED) {
      return failed(
          0, "computation vote: the computation is " + record.status().name().toLowerCase());
    }
    if (!tx.to().map(record.contract()::equals).orElse(false)) {
      return failed(0, "computation vote: the computation is another contract's");
    }
    if (m.attempt() != record.attempt()) {
      return failed(
          0,
          "computation vote: attempt "
              + m.attempt()
              + " is not the computation's current attempt "
              + record.attempt());
    }
    Optional<LoadedContract> code = code(state, record);
    if (code.isEmpty()) {
      return failed(0, "computation vote: the contract's code cannot be loaded");
    }
    return switch (m) {
      case Payload p -> vote(host, code.get(), record, j, p);
      case AbortPayload a -> abort(host, code.get(), record, j, a, height);
    };
  }

  private Optional<LoadedContract> code(StateOverlay state, ComputationRegistry.Record record) {
    return code(state, record.contract());
  }

  private Optional<LoadedContract> code(StateOverlay state, Address contract) {
    var codeHash = state.get(contract).codeHash();
    try {
      return runtime.loadDeployed(codeHash, () -> state.contracts().code(codeHash));
    } catch (DeployException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private Outcome vote(
      OverlayContractHost host,
      LoadedContract code,
      ComputationRegistry.Record record,
      int j,
      Payload p) {
    if (record.votes().stream().anyMatch(v -> v.member() == j && v.attempt() == p.attempt())) {
      return failed(
          0,
          "computation vote: member "
              + j
              + " has already voted in attempt "
              + p.attempt()
              + " of this computation");
    }
    Optional<Abi.ConfidentialDef> def =
        code.abi().confidential().stream()
            .filter(c -> c.name().equals(record.function()))
            .findFirst();
    if (def.isEmpty()) {
      return failed(0, "computation vote: no function " + record.function());
    }
    String circuit = code.bundle().circuits().get(def.get().circuit());
    Bytes32 circuitHash = Hashing.keccak256(Bytes.wrap(circuit.getBytes(StandardCharsets.UTF_8)));
    if (!p.statement().circuitHash().equals(circuitHash)) {
      return failed(0, "computation vote: the statement names another circuit");
    }
    if (!sameInputs(record, p.statement())) {
      return failed(
          0,
          "computation vote: the statement's inputs are not the ones the computation started with");
    }
    Bytes32 digest = p.statement().digest();
    ComputationRegistry.Record voted =
        record.withVote(new ComputationRegistry.MemberVote(j, digest, p.attempt()));
    ComputationRegistry.write(host, voted);
    long agreeing =
        voted.votes().stream()
            .filter(v -> v.attempt() == p.attempt() && v.digest().equals(digest))
            .count();
    if (agreeing < 2L * committee.threshold() + 1) {
      return succeeded(List.of());
    }
    PrivateOutputs.recordOutputs(host, record.id(), p.statement());
    return new Outcome(
        new ContractTransactions.Result(true, 0, List.of(), Optional.empty()),
        Optional.of(new Finish(code, voted, Optional.of(p.statement()), digest, 0)));
  }

  /**
   * An abort report (attestation.md section 6): at t+1 distinct reporters for the current attempt,
   * the next attempt starts ({@code ComputationRetried}); after the last attempt the computation
   * fails and its {@code on abort} callback runs.
   */
  private Outcome abort(
      OverlayContractHost host,
      LoadedContract code,
      ComputationRegistry.Record record,
      int j,
      AbortPayload a,
      long height) {
    if (record.aborts().stream().anyMatch(x -> x.member() == j && x.attempt() == a.attempt())) {
      return failed(
          0, "computation vote: member " + j + " has already reported attempt " + a.attempt());
    }
    if ((a.seats() & (1L << j)) != 0) {
      return failed(0, "computation vote: a member does not name its own seat");
    }
    ComputationRegistry.Record reported =
        record.withAbort(
            new ComputationRegistry.AbortReport(j, a.attempt(), a.reason(), a.seats()));
    if (reported.abortsIn(a.attempt()) < committee.threshold() + 1L) {
      ComputationRegistry.write(host, reported);
      return succeeded(List.of());
    }
    boolean validity = ComputationRegistry.isValidity(record.function());
    OddHolders.Decision odd =
        validity
            ? OddHolders.decide(reported.aborts(), a.attempt(), t(), committees.protocol(code))
            : new OddHolders.Generic();
    if (odd instanceof OddHolders.Wait) {
      ComputationRegistry.write(host, reported);
      return succeeded(List.of());
    }
    List<Event> replaced = new ArrayList<>(replaceSilent(host, reported, a.attempt(), height));
    int verdict =
        switch (odd) {
          case OddHolders.Exclude x -> {
            x.seats()
                .forEach(
                    seat ->
                        OddHolders.exclude(host, record, a.attempt(), seat, height)
                            .ifPresent(replaced::add));
            yield 0;
          }
          case OddHolders.Retry r ->
              a.attempt() + 1 < ComputationRegistry.MAX_ATTEMPTS ? 0 : INCONSISTENT;
          case OddHolders.Unattributed u -> INCONSISTENT;
          default -> OddHolders.inputVerdict(reported.aborts(), a.attempt(), t());
        };
    if (verdict != 0 && validity) {
      // t+1 members' engines found the dealt input itself bad: no later attempt can change that
      ComputationRegistry.write(host, reported);
      return new Outcome(
          new ContractTransactions.Result(true, 0, replaced, Optional.empty()),
          Optional.of(new Finish(code, reported, Optional.empty(), Bytes32.ZERO, verdict)));
    }
    if (a.attempt() + 1 < ComputationRegistry.MAX_ATTEMPTS) {
      List<Event> events = new ArrayList<>(replaced);
      events.add(ComputationRegistry.retry(host, reported));
      return succeeded(events);
    }
    boolean blamed =
        reported.aborts().stream().anyMatch(x -> x.attempt() == a.attempt() && x.reason() == 3);
    ComputationRegistry.write(host, reported);
    return new Outcome(
        new ContractTransactions.Result(true, 0, replaced, Optional.empty()),
        Optional.of(new Finish(code, reported, Optional.empty(), Bytes32.ZERO, blamed ? 1 : 2)));
  }

  /** Abort reasons 5 and 6: the engine found a dealt input out of range, or its sharing bad. */
  static final int OUT_OF_RANGE = 5;

  static final int INCONSISTENT = 6;

  static final int MAX_ABORT_REASON = INCONSISTENT;

  /**
   * Seats that t+1 reports of a later attempt (1 and on: attempt 0 waits for a member that
   * restarts) name silent go to free standby members (attestation.md section 8, ADR 0056).
   */
  private List<Event> replaceSilent(
      OverlayContractHost host, ComputationRegistry.Record reported, int attempt, long height) {
    if (attempt < 1) {
      return List.of();
    }
    List<Event> events = new ArrayList<>();
    for (int seat = 0; seat < committeeSize(); seat++) {
      long bit = 1L << seat;
      long naming =
          reported.aborts().stream()
              .filter(x -> x.attempt() == attempt && x.reason() == 1 && (x.seats() & bit) != 0)
              .count();
      if (naming >= committee.threshold() + 1L) {
        CommitteeSeats.replace(host, committee, seat, CommitteeSeats.CAUSE_SILENT, height)
            .ifPresent(events::add);
      }
    }
    return events;
  }

  private static Outcome succeeded(List<Event> events) {
    return new Outcome(
        new ContractTransactions.Result(true, 0, events, Optional.empty()), Optional.empty());
  }

  private static Outcome failed(long gas, String reason) {
    return new Outcome(ContractTransactions.Result.failed(gas, reason), Optional.empty());
  }

  /**
   * Makes a computation final after the deciding vote was committed: runs the {@code on result}
   * callback in a state transaction of its own (kept only if it succeeds), then marks the record
   * done. Returns the callback's gas and the events to add to the vote's receipt.
   */
  ContractTransactions.Result finish(
      StateOverlay state, Finish f, long gas, ContractTransactions.BlockContext block) {
    if (ComputationRegistry.isValidity(f.record().function())) {
      return settleValidity(state, f, gas, block);
    }
    LoadedContract code = f.code();
    ComputationRegistry.Record record = f.record();
    OverlayContractHost host = new OverlayContractHost(state);
    List<Event> events = new ArrayList<>();
    String failure = "";
    String callback = (f.statement().isPresent() ? "result__" : "abort__") + record.function();
    Optional<Abi.FunctionDef> def = code.abi().action(callback);
    long used = 0;
    if (def.isPresent()) {
      Optional<Bytes> args =
          f.statement().isPresent()
              ? arguments(code, def.get(), f.statement().get())
              : Optional.of(
                  Values.encodeList(
                      List.of(code.types().parse("u8")), List.of(BigInteger.valueOf(f.reason()))));
      if (args.isEmpty()) {
        failure = "the statement has no public output 'result' of the callback's type";
      } else {
        CallResult r = system(state, f, block, gas, callback, args.get());
        used = r.gasUsed();
        events.addAll(r.events());
        failure = r.success() ? "" : r.failureReason().orElse("failed");
      }
    }
    events.add(close(host, f, failure));
    return new ContractTransactions.Result(true, used, events, Optional.empty());
  }

  /**
   * A validity check is final or failed (computations.md section 4): a true result accepts the
   * input; a false one, or no result, runs the contract's {@code reject__C(index)}, which frees the
   * index. Nothing happens to an input that was replaced while it waited.
   */
  private ContractTransactions.Result settleValidity(
      StateOverlay state, Finish f, long gas, ContractTransactions.BlockContext block) {
    ComputationRegistry.Record record = f.record();
    OverlayContractHost host = new OverlayContractHost(state);
    ComputationRegistry.Used used = record.inputs().get(0);
    ComputationRegistry.StoredInput input = used.inputs().get(0);
    boolean valid =
        f.statement()
            .flatMap(
                st ->
                    st.publicOutputs().stream().filter(o -> o.name().equals("result")).findFirst())
            .map(o -> o.values().size() == 1 && o.values().get(0).equals(BigInteger.ONE))
            .orElse(false);
    List<Event> events = new ArrayList<>();
    long used2 = 0;
    String failure = "";
    if (ComputationRegistry.settleValidity(host, record, valid)) {
      Bytes data =
          RLP.encodeList(
              w -> {
                w.writeValue(ComputationRegistry.ascii(used.collection()));
                w.writeLong(input.index());
                w.writeValue(input.id());
                if (!valid) {
                  // 1 the rule is false; 5 out of range, 6 inconsistent sharing (t+1 members'
                  // engines found it); 2 no result
                  w.writeLong(
                      f.statement().isPresent() ? 1 : f.reason() >= OUT_OF_RANGE ? f.reason() : 2);
                }
              });
      if (!valid) {
        CallResult r =
            system(
                state,
                f,
                block,
                gas,
                io.parley.contracts.lang.ManyParties.REJECT + used.collection(),
                Values.encodeList(
                    List.of(f.code().types().parse("u32")),
                    List.of(BigInteger.valueOf(input.index()))));
        used2 = r.gasUsed();
        events.addAll(r.events());
        failure = r.success() ? "" : r.failureReason().orElse("failed");
      }
      events.add(
          new Event(
              record.contract(),
              List.of(valid ? ComputationRegistry.ACCEPTED : ComputationRegistry.REJECTED),
              data));
    }
    events.add(close(host, f, failure));
    return new ContractTransactions.Result(true, used2, events, Optional.empty());
  }

  /**
   * Runs a chain-only action of the computation's contract ({@code caller()} the zero address) in a
   * state transaction of its own, kept only if it succeeds; a failed call's events are dropped.
   */
  private CallResult system(
      StateOverlay state,
      Finish f,
      ContractTransactions.BlockContext block,
      long gas,
      String action,
      Bytes args) {
    state.beginTransaction();
    CallResult r =
        runtime.callSystem(
            f.code(),
            new OverlayContractHost(state),
            new CallContext(
                Address.ZERO,
                f.record().contract(),
                org.apache.tuweni.units.bigints.UInt256.ZERO,
                block.height(),
                block.timestampMillis(),
                gas,
                false),
            action,
            args);
    if (r.success()) {
      state.commitTransaction();
      return r;
    }
    state.rollbackTransaction();
    return new CallResult(
        false, r.gasUsed(), r.returnValue(), r.returnData(), List.of(), r.failureReason());
  }

  /**
   * Marks the record done (or failed), settles its fee (paid in equal parts to the members whose
   * votes made it final, the remainder to the first of them; refunded to the caller on failure),
   * and returns the chain's event saying so.
   */
  private Event close(OverlayContractHost host, Finish f, String failure) {
    ComputationRegistry.Record record = f.record();
    StateOverlay state = host.state();
    if (!ComputationRegistry.isValidity(record.function())) {
      ComputationRegistry.setInFlight(
          host,
          record.contract(),
          Math.max(0, ComputationRegistry.inFlight(host, record.contract()) - 1));
    }
    if (!record.fee().isZero()) {
      if (f.statement().isPresent()) {
        List<Integer> signers =
            record.votes().stream()
                .filter(v -> v.attempt() == record.attempt() && v.digest().equals(f.digest()))
                .map(ComputationRegistry.MemberVote::member)
                .toList();
        org.apache.tuweni.units.bigints.UInt256 n =
            org.apache.tuweni.units.bigints.UInt256.valueOf(signers.size());
        org.apache.tuweni.units.bigints.UInt256 share = record.fee().divide(n);
        org.apache.tuweni.units.bigints.UInt256 rest = record.fee().subtract(share.multiply(n));
        for (int i = 0; i < signers.size(); i++) {
          OverlayContractHost.move(
              state,
              ComputationRegistry.REGISTRY,
              committee.members().get(signers.get(i)).address(),
              i == 0 ? share.add(rest) : share);
        }
      } else {
        OverlayContractHost.move(
            state, ComputationRegistry.REGISTRY, record.caller(), record.fee());
      }
    }
    if (f.statement().isPresent()) {
      ComputationRegistry.write(host, record.done(f.digest(), failure));
      return new Event(
          record.contract(),
          List.of(FINISHED),
          RLP.encodeList(
              w -> {
                w.writeValue(record.id());
                w.writeValue(f.digest());
              }));
    }
    ComputationRegistry.write(host, record.failed(failure));
    return new Event(
        record.contract(),
        List.of(ComputationRegistry.FAILED),
        RLP.encodeList(
            w -> {
              w.writeValue(record.id());
              w.writeLong(f.reason());
            }));
  }

  /** The callback's argument: the statement's public output "result", by the parameter's type. */
  private static Optional<Bytes> arguments(
      LoadedContract code, Abi.FunctionDef callback, Statement statement) {
    if (callback.inputs().isEmpty()) {
      return Optional.of(Values.encodeList(List.of(), List.of()));
    }
    Optional<Statement.PublicOutput> result =
        statement.publicOutputs().stream().filter(o -> o.name().equals("result")).findFirst();
    if (result.isEmpty()) {
      return Optional.empty();
    }
    Type type = code.types().parse(callback.inputs().get(0).type());
    try {
      Object value = value(type, result.get().values());
      return Optional.of(Values.encodeList(List.of(type), List.of(value)));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Object value(Type type, List<BigInteger> values) {
    BigInteger modulus = BigInteger.ONE.shiftLeft(256);
    if (type instanceof Type.Array a) {
      if (values.size() != a.length()) {
        throw new IllegalArgumentException("wrong length");
      }
      List<Object> out = new ArrayList<>();
      for (BigInteger v : values) {
        out.add(value(a.element(), List.of(v)));
      }
      return out;
    }
    if (values.size() != 1) {
      throw new IllegalArgumentException("wrong length");
    }
    BigInteger v = values.get(0);
    if (type instanceof Type.Bool) {
      if (v.signum() != 0 && !v.equals(BigInteger.ONE)) {
        throw new IllegalArgumentException("not a bool");
      }
      return v.signum() != 0;
    }
    if (type instanceof Type.Int i && i.signed() && v.testBit(255)) {
      v = v.subtract(modulus);
    }
    return v;
  }

  private static boolean sameInputs(ComputationRegistry.Record record, Statement statement) {
    if (record.inputs().size() != statement.inputs().size()) {
      return false;
    }
    for (int c = 0; c < record.inputs().size(); c++) {
      ComputationRegistry.Used mine = record.inputs().get(c);
      Statement.CollectionInputs theirs = statement.inputs().get(c);
      if (!mine.collection().equals(theirs.collection())
          || mine.inputs().size() != theirs.used().size()) {
        return false;
      }
      for (int i = 0; i < mine.inputs().size(); i++) {
        if (mine.inputs().get(i).index() != theirs.used().get(i).index()
            || !mine.inputs().get(i).id().equals(theirs.used().get(i).id())) {
          return false;
        }
      }
    }
    return true;
  }
}
