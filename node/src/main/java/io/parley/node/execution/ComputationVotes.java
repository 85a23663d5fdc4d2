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
  static final Bytes32 FINISHED =
      Hashing.keccak256(
          Bytes.wrap("ComputationFinished(bytes32,bytes32)".getBytes(StandardCharsets.US_ASCII)));

  /** A decoded vote payload. */
  public record Payload(
      Bytes32 computation, Statement statement, Bytes32 stateShares, Signature signature) {
    public static Payload decode(Bytes payload) {
      return Rlp.decodeCanonical(
          payload,
          "computation vote",
          r -> {
            if (Rlp.readUint63(r, "version") != 1) {
              throw new IllegalArgumentException("unsupported vote version");
            }
            Bytes32 id = Rlp.readBytes32(r, "computationId");
            Statement statement = Statement.decode(r.readValue());
            Bytes32 shares = Rlp.readBytes32(r, "stateShares");
            Signature signature = Signature.fromBytes(r.readValue());
            Rlp.requireComplete(r, "computation vote");
            return new Payload(id, statement, shares, signature);
          },
          Payload::encode);
    }

    public Bytes encode() {
      return RLP.encodeList(
          w -> {
            w.writeLong(1);
            w.writeValue(computation);
            w.writeValue(statement.encode());
            w.writeValue(stateShares);
            w.writeValue(signature.toBytes());
          });
    }
  }

  private final long chainId;
  private final MpcCommittee committee;
  private final ContractRuntime runtime;

  ComputationVotes(long chainId, MpcCommittee committee, ContractRuntime runtime) {
    this.chainId = chainId;
    this.committee = committee;
    this.runtime = runtime;
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
    if (j < 0) {
      return Optional.of("computation vote: the sender is not a committee member");
    }
    if (!tx.value().isZero()) {
      return Optional.of("computation vote: a vote carries no value");
    }
    Payload p;
    try {
      p = Payload.decode(tx.payload());
    } catch (RuntimeException e) {
      return Optional.of("computation vote: " + e.getMessage());
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

  /** What remains to do after a vote that made a computation final is committed. */
  record Finish(
      LoadedContract code,
      ComputationRegistry.Record record,
      Statement statement,
      Bytes32 digest) {}

  /** A vote's result, and the finish it triggers (when it is the 2t+1-th for one digest). */
  record Outcome(ContractTransactions.Result result, Optional<Finish> finish) {}

  Outcome apply(StateOverlay state, Address sender, Transaction tx) {
    Optional<String> problem = admissionProblem(tx, sender);
    if (problem.isPresent()) {
      return failed(0, problem.get());
    }
    int j = member(sender);
    Payload p = Payload.decode(tx.payload());
    OverlayContractHost host = new OverlayContractHost(state);
    Optional<ComputationRegistry.Record> found =
        ComputationRegistry.read(
            key -> host.storageGet(ComputationRegistry.REGISTRY, key), p.computation());
    if (found.isEmpty()) {
      return failed(0, "computation vote: no computation " + p.computation());
    }
    ComputationRegistry.Record record = found.get();
    if (record.status() != ComputationRegistry.Status.QUEUED) {
      return failed(
          0, "computation vote: the computation is " + record.status().name().toLowerCase());
    }
    if (record.votes().stream().anyMatch(v -> v.member() == j)) {
      return failed(0, "computation vote: member " + j + " has already voted for this computation");
    }
    Address contract = record.contract();
    var bundle = state.contracts().code(state.get(contract).codeHash());
    LoadedContract code;
    try {
      code = runtime.load(bundle.orElseThrow());
    } catch (DeployException | RuntimeException e) {
      return failed(0, "computation vote: the contract's code cannot be loaded");
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
        record.withVote(new ComputationRegistry.MemberVote(j, digest));
    long agreeing = voted.votes().stream().filter(v -> v.digest().equals(digest)).count();
    if (agreeing < 2L * committee.threshold() + 1) {
      ComputationRegistry.write(host, voted);
      return new Outcome(
          new ContractTransactions.Result(true, 0, List.of(), Optional.empty()), Optional.empty());
    }
    ComputationRegistry.write(host, voted);
    return new Outcome(
        new ContractTransactions.Result(true, 0, List.of(), Optional.empty()),
        Optional.of(new Finish(code, voted, p.statement(), digest)));
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
    LoadedContract code = f.code();
    ComputationRegistry.Record record = f.record();
    Statement statement = f.statement();
    Bytes32 digest = f.digest();
    OverlayContractHost host = new OverlayContractHost(state);
    List<Event> events = new ArrayList<>();
    String failure = "";
    String callback = "result__" + record.function();
    Optional<Abi.FunctionDef> onResult = code.abi().action(callback);
    long used = 0;
    if (onResult.isPresent()) {
      Optional<Bytes> args = arguments(code, onResult.get(), statement);
      if (args.isEmpty()) {
        failure = "the statement has no public output 'result' of the callback's type";
      } else {
        state.beginTransaction();
        CallResult r =
            runtime.callSystem(
                code,
                host,
                new CallContext(
                    Address.ZERO,
                    record.contract(),
                    org.apache.tuweni.units.bigints.UInt256.ZERO,
                    block.height(),
                    block.timestampMillis(),
                    gas,
                    false),
                callback,
                args.get());
        used = r.gasUsed();
        if (r.success()) {
          state.commitTransaction();
          events.addAll(r.events());
        } else {
          state.rollbackTransaction();
          failure = r.failureReason().orElse("failed");
        }
      }
    }
    ComputationRegistry.write(host, record.done(digest, failure));
    events.add(
        new Event(
            record.contract(),
            List.of(FINISHED),
            RLP.encodeList(
                w -> {
                  w.writeValue(record.id());
                  w.writeValue(digest);
                })));
    return new ContractTransactions.Result(true, used, events, Optional.empty());
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
