package io.parley.node.mpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.KeyPair;
import io.parley.base.crypto.PrivateKey;
import io.parley.base.types.Address;
import io.parley.contracts.runtime.ContractRuntime;
import io.parley.contracts.runtime.LoadedContract;
import io.parley.genesis.Genesis;
import io.parley.mpc.network.CommitteeNetwork;
import io.parley.mpc.network.CommitteeNode;
import io.parley.mpc.network.TlsIdentity;
import io.parley.mpc.network.TrafficCounters;
import io.parley.node.execution.ComputationVotes;
import io.parley.node.execution.ContractCommittees;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import io.parley.zk.attestation.Statement;
import io.parley.zk.attestation.Vote;
import io.parley.zk.computation.CommitteeMember;
import io.parley.zk.computation.ComputationRequest;
import io.parley.zk.computation.ComputationResult;
import io.parley.zk.computation.MemberComputation;
import io.parley.zk.computation.MemberInputs;
import io.parley.zk.computation.Protocol;
import io.parley.zk.computation.ShareVector;
import io.parley.zk.computation.Workload;
import io.parley.zk.evidence.Blame;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.messages.Committee;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A committee member at work: follows the verified chain ({@link InputFollower}), and for each
 * computation a block starts, runs its part through the engine's door over the committee's TLS
 * network, keeps its shares of the new secret state, and sends its signed vote (kind 4) to the
 * validator. Logs name computations, never a share or a value.
 */
public final class MemberService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MemberService.class);

  /** The default step timeout: how long a member waits for another's message in a session. */
  public static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofSeconds(30);

  /** Most attempts run together: the blocks after the one that reaches it wait for the next. */
  static final int MAX_BATCH = 64;

  private final Genesis genesis;
  private int self;
  private final KeyPair signing;
  private final InputFollower follower;
  private final AttemptMarks marks;
  private final VerifiedBlocks blocks;
  private final RpcClient client;
  private final TrafficCounters traffic = new TrafficCounters();
  private final CommitteeNode node = new CommitteeNode(traffic);
  private volatile MemberObserver observer = MemberObserver.NONE;
  private CommitteeNetwork network;
  private Committee committee;
  private ContractCommittees committees;

  /**
   * Genesis member j's committee endpoint, then standby member s's (seat holders move, ADR 0056).
   */
  private final List<InetSocketAddress> memberAddresses;

  private final List<InetSocketAddress> standbyAddresses;
  private final ContractRuntime runtime = new ContractRuntime();
  private final CodeCache codes = new CodeCache(runtime);
  private final List<Bytes32> voted = new ArrayList<>();
  private final MemberOutbox outbox;
  private final Duration stepTimeout;

  /** Attempts this member voted in, waiting to become final: reported aborted past the deadline. */
  private final Map<Bytes32, Long> awaitingQuorum = new LinkedHashMap<>();

  private boolean resumed;

  /** Links were down in this catch-up pass: one wait per pass, not one per computation. */
  private boolean linksDownThisPass;

  /** When this member last opened its network for a new seat map (nanoTime; ADR 0056). */
  private long reseatedAt = System.nanoTime() - Duration.ofDays(1).toNanos();

  public MemberService(
      Genesis genesis,
      int self,
      PrivateKey signingKey,
      InputFollower follower,
      VerifiedBlocks blocks,
      RpcClient client,
      List<InetSocketAddress> committeeAddresses,
      Duration stepTimeout) {
    this(genesis, signingKey, follower, blocks, client, committeeAddresses, List.of(), stepTimeout);
    if (this.self != self) {
      throw new IllegalArgumentException("the key holds seat " + this.self + ", not " + self);
    }
  }

  /**
   * A member (genesis or standby) that takes part while it holds a seat (ADR 0056): the seat it
   * holds, and the committee, follow the chain's {@code MemberReplaced} events. {@code
   * memberAddresses} are genesis members' committee endpoints, {@code standbyAddresses} standby
   * members'.
   */
  public MemberService(
      Genesis genesis,
      PrivateKey signingKey,
      InputFollower follower,
      VerifiedBlocks blocks,
      RpcClient client,
      List<InetSocketAddress> memberAddresses,
      List<InetSocketAddress> standbyAddresses,
      Duration stepTimeout) {
    this.stepTimeout = stepTimeout;
    this.genesis = genesis;
    this.signing = KeyPair.of(signingKey);
    this.follower = follower;
    this.marks = new AttemptMarks(follower.store());
    this.outbox = new MemberOutbox(new RpcMemberChain(client, signing, genesis.config().chainId()));
    this.blocks = blocks;
    this.client = client;
    this.memberAddresses = List.copyOf(memberAddresses);
    this.standbyAddresses = List.copyOf(standbyAddresses);
    seat();
    if (self >= 0) {
      io.parley.mpc.network.Deviation.load(self, signingKey)
          .ifPresent(
              d -> {
                LOG.warn(
                    "member {} DEVIATES from the protocol (a test deviation is installed)", self);
                node.deviate(d);
              });
    }
  }

  /** The committee as seated now, and this member's network for it (none while it has no seat). */
  private void seat() {
    var mpc = follower.seated();
    this.self = follower.self();
    this.committee = new Committee(mpc.members().stream().map(m -> m.publicKey()).toList());
    this.committees = new ContractCommittees(mpc);
    if (self < 0) {
      this.network = null;
      return;
    }
    List<InetSocketAddress> addresses =
        SeatTakeover.endpoints(
            genesis.config().mpcCommittee(), mpc, memberAddresses, standbyAddresses);
    this.network =
        new CommitteeNetwork(
            committee,
            self,
            TlsIdentity.create(self, signing.privateKey()),
            addresses,
            node.listener(),
            traffic);
    node.attach(network);
  }

  /** This member's seat now, or -1: a standby member waiting for one. */
  public int seatHeld() {
    return self;
  }

  /**
   * The chain handed a seat to a standby member: the committee (keys, endpoints) is another one
   * from now on, so the network is opened anew; a member that lost its seat stops.
   */
  private void reseat(InputFollower.SeatChanged changed) throws InterruptedException {
    int before = self;
    if (network != null) {
      network.close();
    }
    reseatedAt = System.nanoTime();
    try {
      seat();
      if (network != null) {
        network.start();
      }
    } catch (javax.net.ssl.SSLException e) {
      throw new IllegalStateException("cannot open the committee network: " + e.getMessage(), e);
    }
    if (before >= 0 && self < 0) {
      throw new SeatLost(before, changed.standby());
    }
    LOG.warn(
        "seat {} is now standby member {}'s; this member holds seat {}",
        changed.seat(),
        changed.standby(),
        self);
  }

  /** Opens the committee's links (members dial each other; this does not wait for them). */
  public void start() throws Exception {
    if (network != null) {
      network.start();
    }
  }

  /** Reports each computation attempt's start and end to {@code observer} (metrics). */
  public void observe(MemberObserver observer) {
    this.observer = observer;
  }

  /** Bytes and frames of this member's computations, by phase (label {@code c.<phase>}). */
  public TrafficCounters traffic() {
    return traffic;
  }

  /** Whether every committee link has been up (it does not wait). */
  public boolean committeeConnected() throws InterruptedException {
    return network != null && network.awaitConnected(0, TimeUnit.MILLISECONDS);
  }

  /** The computations this member voted for so far. */
  public List<Bytes32> voted() {
    return List.copyOf(voted);
  }

  /**
   * Processes every new block; runs and votes for each computation attempt one starts (ADR 0037). A
   * member restarted in the middle of an attempt reports it aborted (it lost the attempt's
   * session), and joins the next one the chain starts.
   */
  public void catchUp() throws RpcClientException, VerifiedBlocks.Untrusted, InterruptedException {
    if (!resumed) {
      resume();
      resumed = true;
    }
    outbox.flush(); // what the validator could not take before goes first, in order
    linksDownThisPass = false;
    long head = blocks.head();
    // the attempts started in the blocks read now run together (their rounds overlap)
    List<Ready> batch = new ArrayList<>();
    for (long h = follower.processedHeight() + 1; h <= head; h++) {
      var block = blocks.fetch(h);
      if (block.isEmpty()) {
        break;
      }
      List<InputFollower.ComputationEvent> events = new ArrayList<>();
      follower.process(block.get(), events::add);
      complain(block.get().header().timestamp());
      for (var e : events) {
        if (e instanceof InputFollower.SeatChanged changed) {
          // attempts read so far run with the committee they started in; later ones with the new
          run(batch);
          batch.clear();
          reseat(changed);
          continue;
        }
        if (!(e instanceof InputFollower.Started) && waiting(batch, e.id())) {
          // what the chain did with an attempt in the batch: compute it first, as in order
          run(batch);
          batch.clear();
        }
        switch (e) {
          case InputFollower.Started st ->
              begin(st.contract(), st.id(), 0, h).ifPresent(batch::add);
          case InputFollower.Retried r ->
              begin(r.contract(), r.id(), r.attempt(), h).ifPresent(batch::add);
          case InputFollower.Finished f -> finished(f.contract(), f.id(), f.digest());
          case InputFollower.Failed f -> ended(f.id());
          case InputFollower.OutputRequested q -> deliver(q);
          case InputFollower.SeatChanged c -> {}
        }
      }
      if (batch.size() >= MAX_BATCH) {
        break;
      }
    }
    run(batch);
    reportMissingQuorum();
  }

  /** Catches up every {@code pollMillis} until interrupted. */
  public void run(long pollMillis) throws InterruptedException {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        catchUp();
      } catch (RpcClientException e) {
        LOG.warn("validator RPC: {} (retrying)", e.getMessage());
      } catch (VerifiedBlocks.Untrusted e) {
        LOG.error("refusing the validator's block: {} (retrying)", e.getMessage());
      }
      node.serve(Duration.ofMillis(pollMillis));
    }
  }

  /** The computation is over (final or failed): nothing more to do for it. */
  private void ended(Bytes32 id) {
    awaitingQuorum.remove(id);
    marks.close(id);
  }

  /**
   * After a restart: an attempt this member was running when it stopped is lost (its session lived
   * in memory), so it reports it aborted; an attempt it voted in waits for its quorum again.
   */
  private void resume() throws RpcClientException {
    for (String hex : marks.open()) {
      Bytes32 id = Bytes32.fromHexString(hex);
      Optional<AttemptMarks.Mark> m = marks.get(id);
      if (m.isEmpty()) {
        continue;
      }
      Optional<CurrentAttempt> now = current(id);
      if (now.isEmpty() || now.get().attempt() != m.get().attempt()) {
        if (now.isEmpty()) {
          ended(id);
        }
        continue;
      }
      if (m.get().voted()) {
        awaitingQuorum.put(id, System.nanoTime() + 2 * stepTimeout(m.get().attempt()).toNanos());
      } else {
        LOG.warn(
            "member {} restarted during attempt {} of {}: reporting it",
            self,
            m.get().attempt(),
            id);
        report(m.get().contract(), id, m.get().attempt(), 2);
      }
    }
  }

  /** A computation's status and attempt at the validator's head, if it is still running. */
  private record CurrentAttempt(int attempt) {}

  private Optional<CurrentAttempt> current(Bytes32 id) throws RpcClientException {
    var r = client.call("zk_getComputation", id.toHexString());
    String status = r.path("status").asText();
    if (!status.equals("queued") && !status.equals("retried")) {
      return Optional.empty();
    }
    return Optional.of(new CurrentAttempt(Integer.decode(r.path("attempt").asText("0x0"))));
  }

  /** Attempts this member voted in that did not become final in time: reports them (reason 4). */
  private void reportMissingQuorum() throws RpcClientException {
    long now = System.nanoTime();
    for (var e : new ArrayList<>(awaitingQuorum.entrySet())) {
      if (now - e.getValue() < 0) {
        continue;
      }
      awaitingQuorum.remove(e.getKey());
      Optional<AttemptMarks.Mark> m = marks.get(e.getKey());
      Optional<CurrentAttempt> c = current(e.getKey());
      if (m.isPresent() && c.isPresent() && c.get().attempt() == m.get().attempt()) {
        LOG.warn("attempt {} of {} has no quorum: reporting it", m.get().attempt(), e.getKey());
        report(m.get().contract(), e.getKey(), m.get().attempt(), 4);
      }
    }
  }

  /** The session id of an attempt: the computation's id for attempt 0, a derived id after. */
  static Bytes32 sessionId(Bytes32 id, int attempt) {
    return io.parley.node.execution.ComputationRegistry.attemptSession(id, attempt);
  }

  /** Marks the attempt and prepares it here; empty if the chain moved on or it cannot start. */
  private Optional<Ready> begin(Address contract, Bytes32 id, int attempt, long height)
      throws RpcClientException, InterruptedException {
    if (self < 0) {
      return Optional.empty(); // a standby member without a seat computes nothing
    }
    Optional<CurrentAttempt> now = current(id);
    if (now.isEmpty() || now.get().attempt() != attempt) {
      LOG.info("member {} skips attempt {} of {}: the chain has moved on", self, attempt, id);
      return Optional.empty();
    }
    marks.put(id, new AttemptMarks.Mark(contract, attempt, false, Bytes32.ZERO));
    return prepare(contract, id, attempt, height);
  }

  /**
   * Runs {@code batch} and votes for each result. A batch whose first use of the committee agrees
   * its keys runs that computation alone first, so that two key agreements never race.
   */
  private void run(List<Ready> batch) throws RpcClientException, InterruptedException {
    if (batch.isEmpty()) {
      return;
    }
    List<Ready> rest = batch;
    if (!batch.get(0).hadKeys() && batch.size() > 1) {
      run(List.of(batch.get(0)));
      rest = batch.subList(1, batch.size());
    }
    List<Outcome<ComputationResult>> outcomes =
        node.computeAll(
            rest.stream().map(Ready::computation).toList(), "c", stepTimeout(maxAttempt(rest)));
    for (int i = 0; i < rest.size(); i++) {
      Ready r = rest.get(i);
      Optional<Bytes32> digest = vote(r, outcomes.get(i));
      if (digest.isPresent()) {
        marks.put(r.id(), new AttemptMarks.Mark(r.contract(), r.attempt(), true, digest.get()));
        awaitingQuorum.put(r.id(), System.nanoTime() + 2 * stepTimeout(r.attempt()).toNanos());
      }
    }
  }

  private static boolean waiting(List<Ready> batch, Bytes32 id) {
    return batch.stream().anyMatch(r -> r.id().equals(id));
  }

  private static int maxAttempt(List<Ready> batch) {
    return batch.stream().mapToInt(Ready::attempt).max().orElse(0);
  }

  /**
   * The step timeout of attempt {@code a}: the configured one times (a + 1), so a member that is
   * slow to come back (a restarted JVM catching up) gets more time in each later attempt.
   */
  Duration stepTimeout(int a) {
    return stepTimeout.multipliedBy(a + 1L);
  }

  /**
   * The computation is final: the state shares of the attempt that made it final become current.
   */
  private void finished(Address contract, Bytes32 id, Bytes32 digest) {
    Optional<AttemptMarks.Mark> m = marks.get(id);
    if (m.isPresent() && m.get().voted() && m.get().digest().equals(digest)) {
      Bytes32 scope = pendingScope(id, m.get().attempt());
      follower
          .store()
          .get(scope, "names")
          .map(b -> new String(b, StandardCharsets.US_ASCII))
          .filter(t -> !t.isEmpty())
          .ifPresent(
              names -> {
                for (String name : names.split(",")) {
                  follower
                      .store()
                      .get(scope, name)
                      .ifPresent(v -> follower.store().put(scope(contract), name, v));
                }
              });
    } else if (m.isPresent()) {
      LOG.warn(
          "computation {} is final without this member's result: its secret state shares are stale",
          id);
    }
    ended(id);
  }

  private static final String OUTPUT = "output:";

  /** How many of the follower's unopened inputs this member has complained about. */
  private int complained;

  /**
   * Inputs this member could not open (secret-inputs.md section 5): it posts its complaint with the
   * input's transaction (kind 4, form 7); the chain rejects the input if the sender sealed it
   * wrongly, so that it does not stall every computation over its collection. Then what it owes for
   * off-chain inputs at block time {@code timestamp} (section 9).
   */
  private void complain(long timestamp) throws RpcClientException {
    List<InputFollower.Unopened> all = follower.unopened();
    if (self < 0) {
      complained = all.size();
      return;
    }
    follower.owedForOffChainInputs(timestamp).forEach(o -> send(o.contract(), o.payload()));
    for (; complained < all.size(); complained++) {
      InputFollower.Unopened u = all.get(complained);
      send(
          u.input().transaction().to().orElseThrow(),
          new io.parley.node.execution.InputComplaints.Payload(
                  u.input().encoded(), u.complaint().encode())
              .encode());
      LOG.warn("member {} complained about input {}", self, u.id());
    }
  }

  /**
   * The recipient of a private output asked for it (private-outputs.md section 3): if this member
   * voted for the result that became final, it posts its shares sealed for the recipient's key.
   */
  private void deliver(InputFollower.OutputRequested q) throws RpcClientException {
    if (self < 0) {
      return;
    }
    Optional<AttemptMarks.Mark> m = marks.get(q.id());
    JsonNode record = client.call("zk_getComputation", q.id().toHexString());
    Optional<byte[]> shares =
        m.filter(x -> x.voted())
            .filter(x -> record.path("result").asText().equals(x.digest().toHexString()))
            .flatMap(
                x -> follower.store().get(pendingScope(q.id(), x.attempt()), OUTPUT + q.name()));
    if (shares.isEmpty()) {
      LOG.info("member {} holds no shares of output {} of {}", self, q.name(), q.id());
      return;
    }
    send(
        io.parley.node.execution.ComputationRegistry.REGISTRY,
        OutputDelivery.share(genesis.config().chainId(), self, q, shares.get()));
    LOG.info("member {} posted its shares of output {} of {}", self, q.name(), q.id());
  }

  private static Bytes32 pendingScope(Bytes32 id, int attempt) {
    return Hashing.keccak256(
        Bytes.wrap("parley/mpc-member/pending-state".getBytes(StandardCharsets.US_ASCII)),
        id,
        Bytes.ofUnsignedInt(attempt));
  }

  /** Sends an abort report (attestation.md section 6) for attempt {@code attempt}. */
  private void report(Address contract, Bytes32 id, int attempt, int reason)
      throws RpcClientException {
    report(contract, id, attempt, reason, List.of());
  }

  /**
   * The same naming seats: those a timeout waited for (ADR 0056), or those an input's consistency
   * check found odd (ADR 0060).
   */
  private void report(Address contract, Bytes32 id, int attempt, int reason, List<Integer> silent) {
    long mask = 0;
    if (reason == 1
        && !silent.isEmpty()
        && System.nanoTime() - reseatedAt < 4 * stepTimeout(attempt).toNanos()) {
      // the seat map changed moments ago: a member slow to reopen its links keeps its seat
      LOG.info("member {} names no silent seat: the committee changed moments ago", self);
      silent = List.of();
    }
    for (int j : silent) {
      if (j != self && j >= 0 && j < committee.size()) {
        mask |= 1L << j;
      }
    }
    send(
        contract,
        new ComputationVotes.AbortPayload(
                id, attempt, reason, reason == 1 || reason == 6 ? mask : 0)
            .encode());
    LOG.info(
        "member {} reported attempt {} of {} aborted (reason {}, seats {})",
        self,
        attempt,
        id,
        reason,
        silent);
  }

  private void send(Address contract, Bytes payload) {
    long intrinsic = genesis.config().execution().intrinsicGas(payload.size());
    send(contract, payload, Math.max(5_000_000, intrinsic + 100_000));
  }

  /** Posts the proof that a member cheated (attestation.md section 7), in parts. */
  private void postEvidence(Address contract, Bytes32 id, int attempt, Blame blame) {
    int partSize = Math.max(1024, genesis.config().execution().maxTransactionSize() - 1024);
    for (Bytes part : SeatTakeover.evidenceParts(self, id, attempt, blame, partSize)) {
      send(contract, part);
    }
  }

  /** Through the outbox: a transaction the validator cannot take now is sent again later. */
  private void send(Address contract, Bytes payload, long gasLimit) {
    outbox.send(new MemberOutbox.Transaction(contract, payload, gasLimit));
  }

  /** What a prepared attempt needs to run and, afterwards, to vote. */
  private record Ready(
      Address contract,
      Bytes32 id,
      int attempt,
      ComputationInputs.Started started,
      ComputationInputs.Prepared prepared,
      Protocol protocol,
      MemberComputation computation,
      boolean hadKeys) {}

  /**
   * Reads the computation's record and code (proven), this member's shares, and builds the engine's
   * computation; a failure is reported (an abort report) and gives nothing to run.
   */
  private Optional<Ready> prepare(Address contract, Bytes32 id, int attempt, long height)
      throws RpcClientException, InterruptedException {
    observer.started();
    ComputationInputs.Started started;
    LoadedContract code;
    Bytes32 codeHash;
    try {
      ProvenComputation proven =
          ProvenComputation.read(client, blocks, contract, id, height, codes::contains);
      started = proven.started();
      codeHash = proven.codeHash();
      code = codes.load(codeHash, proven.bundle());
    } catch (VerifiedBlocks.Untrusted e) {
      // a validator's answer that its own certified state root contradicts: never computed on
      LOG.error(
          "computation {}: the validator's answer does not check out: {}", id, e.getMessage());
      observer.ended(MemberObserver.Ending.CODE_UNAVAILABLE, "unknown", 0);
      report(contract, id, attempt, 1);
      return Optional.empty();
    } catch (Exception e) {
      LOG.error("computation {}: the contract's code cannot be loaded: {}", id, e.getMessage());
      observer.ended(MemberObserver.Ending.CODE_UNAVAILABLE, "unknown", 0);
      report(contract, id, attempt, 1);
      return Optional.empty();
    }
    Protocol protocol;
    ComputationInputs.Prepared prepared;
    Map<String, ShareVector> held;
    try {
      protocol = committees.protocol(code);
      Bytes32 hash = codeHash;
      prepared =
          ComputationInputs.prepare(code, started, (name, json) -> codes.circuit(hash, name, json));
    } catch (RuntimeException e) {
      LOG.error("computation {} attempt {} cannot start here: {}", id, attempt, e.getMessage());
      report(contract, id, attempt, 1);
      return Optional.empty();
    }
    // the committee's links: attempt a waits up to 2^a step timeouts for a member to come back
    long wait = linksDownThisPass ? 0 : stepTimeout.toMillis() << attempt;
    if (!network.awaitConnected(wait, TimeUnit.MILLISECONDS)) {
      linksDownThisPass = true;
      LOG.error("computation {} attempt {}: the committee is not connected", id, attempt);
      observer.ended(MemberObserver.Ending.NOT_CONNECTED, protocol.name(), 0);
      report(contract, id, attempt, 1, network.disconnected());
      return Optional.empty();
    }
    try {
      Optional<Outcome.Aborted<?>> recovered =
          SeatTakeover.run(
              node,
              committee,
              self,
              signing.privateKey(),
              follower,
              code,
              started,
              prepared,
              protocol,
              sessionId(id, attempt),
              stepTimeout(attempt));
      if (recovered.isPresent()) {
        report(contract, id, attempt, 1, AbortReason.silent(recovered.get()));
        return Optional.empty();
      }
      held =
          new LinkedHashMap<>(
              ComputationInputs.held(
                  code, started, follower, self, committee.size(), protocol.inputFormat()));
      held.putAll(StateShares.load(follower.store(), contract, prepared, self, protocol));
    } catch (RuntimeException e) {
      // e.g. an input this member could not open: it cannot take part in this attempt
      LOG.error("computation {} attempt {} cannot start here: {}", id, attempt, e.getMessage());
      report(contract, id, attempt, 1);
      return Optional.empty();
    }
    ComputationRequest request =
        new ComputationRequest(
            sessionId(id, attempt),
            new Workload.CircuitWorkload(prepared.circuit()),
            prepared.publicValues(),
            prepared.recipients());
    // a validity check reads its input as dealt secret inputs (the engine checks their sharing);
    // other computations read collections and state as held values
    MemberInputs inputs =
        io.parley.node.execution.ComputationRegistry.isValidity(started.function())
            ? new MemberInputs(
                held, Map.of(), ComputationInputs.checkMask(code, started, follower, self))
            : new MemberInputs(Map.of(), held);
    MemberComputation computation =
        protocol.member(
            new CommitteeMember(committee, self, signing.privateKey()),
            request,
            inputs,
            follower.store());
    LOG.info(
        "member {} computing {} ({} of {}), attempt {}",
        self,
        id,
        started.function(),
        contract,
        attempt);
    Bytes32 committeeScope = io.parley.zk.computation.Protocols.committeeId(committee);
    boolean hadKeys =
        follower.store().get(committeeScope, "prss-keys").isPresent()
            || follower.store().get(committeeScope, "rep4-keys").isPresent();
    return Optional.of(
        new Ready(contract, id, attempt, started, prepared, protocol, computation, hadKeys));
  }

  /** Votes for a completed attempt's result, or reports (with evidence) one that ended without. */
  private Optional<Bytes32> vote(Ready ready, Outcome<ComputationResult> outcome)
      throws RpcClientException {
    Address contract = ready.contract();
    Bytes32 id = ready.id();
    int attempt = ready.attempt();
    ComputationInputs.Started started = ready.started();
    ComputationInputs.Prepared prepared = ready.prepared();
    Protocol protocol = ready.protocol();
    Bytes32 committeeScope = io.parley.zk.computation.Protocols.committeeId(committee);
    if (!(outcome instanceof Outcome.Completed<ComputationResult>) && !ready.hadKeys()) {
      // keys this member agreed in an attempt that failed may be missing at another member (it
      // stopped before the last step): drop them, so that the next attempt agrees keys again at
      // every member instead of this one skipping the agreement the others run
      follower.store().forget(committeeScope);
      LOG.warn(
          "member {} dropped the committee keys of failed attempt {} of {}", self, attempt, id);
    }
    if (!(outcome instanceof Outcome.Completed<ComputationResult> done)) {
      LOG.error("computation {} attempt {} ended without a result: {}", id, attempt, outcome);
      if (outcome instanceof Outcome.Aborted<ComputationResult> a
          && a.accusation() instanceof io.parley.zk.evidence.Accusation.Proven p) {
        postEvidence(contract, id, attempt, p.blame());
      }
      observer.ended(MemberObserver.Ending.ABORTED, protocol.name(), 0);
      // a check that located this member: its disclosure goes first (nonce order)
      LocatedHolder.Transactions transactions = LocatedHolder.Transactions.rpc(client);
      LocatedHolder.disclosure(
              outcome, self, committee.size(), started, attempt, follower, transactions)
          .ifPresent(d -> send(contract, d));
      report(contract, id, attempt, AbortReason.of(outcome), AbortReason.seats(outcome));
      return Optional.empty();
    }
    observer.ended(MemberObserver.Ending.COMPLETED, protocol.name(), done.rounds());
    ComputationResult result = done.value();
    Bytes32 pending = pendingScope(id, attempt);
    StateShares.save(follower.store(), pending, result.state());
    // shares of outputs to an account wait here until that account asks for them
    result
        .recipientShares()
        .forEach((name, r) -> follower.store().put(pending, OUTPUT + name, r.shares().encode()));
    follower
        .store()
        .put(
            pending,
            "names",
            String.join(",", result.state().keySet()).getBytes(StandardCharsets.US_ASCII));
    Map<String, String> delivered = new LinkedHashMap<>();
    result.recipientShares().forEach((name, r) -> delivered.put(name, r.recipient()));
    Statement statement =
        ComputationInputs.statement(
            genesis.config().chainId(),
            started,
            prepared,
            result.publicOutputs(),
            delivered,
            done.transcript());
    List<ShareVector> state = new ArrayList<>();
    statement.stateOutputs().forEach(name -> state.add(result.state().get(name)));
    Bytes32 shares = Vote.commitStateShares(state);
    Vote vote = Vote.sign(statement, self, shares, signing.privateKey());
    send(
        contract,
        new ComputationVotes.Payload(id, attempt, statement, shares, vote.signature()).encode());
    voted.add(id);
    LOG.info(
        "member {} voted for computation {} attempt {} (digest {})",
        self,
        id,
        attempt,
        statement.digest());
    return Optional.of(statement.digest());
  }

  @Override
  public void close() {
    try {
      node.serve(Duration.ofMillis(200));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (network != null) {
      network.close();
    }
  }

  static Bytes32 scope(Address contract) {
    return Hashing.keccak256(
        Bytes.wrap("parley/mpc-member/state".getBytes(StandardCharsets.UTF_8)), contract.bytes());
  }
}
