package io.parley.node.mpc;

import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.KeyPair;
import io.parley.base.crypto.PrivateKey;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.tx.Transaction;
import io.parley.base.tx.TransactionKind;
import io.parley.base.types.Address;
import io.parley.contracts.runtime.ContractRuntime;
import io.parley.contracts.runtime.LoadedContract;
import io.parley.genesis.Genesis;
import io.parley.mpc.network.CommitteeNetwork;
import io.parley.mpc.network.CommitteeNode;
import io.parley.mpc.network.PhaseObserver;
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
import org.apache.tuweni.units.bigints.UInt256;
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
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

  private final Genesis genesis;
  private final int self;
  private final KeyPair signing;
  private final InputFollower follower;
  private final VerifiedBlocks blocks;
  private final RpcClient client;
  private final CommitteeNode node = new CommitteeNode(new TrafficCounters());
  private final CommitteeNetwork network;
  private final Committee committee;
  private final ContractCommittees committees;
  private final ContractRuntime runtime = new ContractRuntime();
  private final List<Bytes32> voted = new ArrayList<>();

  public MemberService(
      Genesis genesis,
      int self,
      PrivateKey signingKey,
      InputFollower follower,
      VerifiedBlocks blocks,
      RpcClient client,
      List<InetSocketAddress> committeeAddresses) {
    this.genesis = genesis;
    this.self = self;
    this.signing = KeyPair.of(signingKey);
    this.follower = follower;
    this.blocks = blocks;
    this.client = client;
    var mpc = genesis.config().mpcCommittee();
    this.committee = new Committee(mpc.members().stream().map(m -> m.publicKey()).toList());
    this.committees = new ContractCommittees(mpc);
    this.network =
        new CommitteeNetwork(
            committee,
            self,
            TlsIdentity.create(self, signingKey),
            committeeAddresses,
            node.listener(),
            new TrafficCounters());
    node.attach(network);
  }

  /** Opens the committee's links (members dial each other; this does not wait for them). */
  public void start() throws Exception {
    network.start();
  }

  /** The computations this member voted for so far. */
  public List<Bytes32> voted() {
    return List.copyOf(voted);
  }

  /** Processes every new block; runs and votes for each computation one starts. */
  public void catchUp() throws RpcClientException, VerifiedBlocks.Untrusted, InterruptedException {
    long head = blocks.head();
    for (long h = follower.processedHeight() + 1; h <= head; h++) {
      var block = blocks.fetch(h);
      if (block.isEmpty()) {
        return;
      }
      List<Map.Entry<Address, Bytes32>> started = new ArrayList<>();
      follower.process(block.get(), (contract, id) -> started.add(Map.entry(contract, id)));
      for (var s : started) {
        computeAndVote(s.getKey(), s.getValue(), h);
      }
    }
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

  private void computeAndVote(Address contract, Bytes32 id, long height)
      throws RpcClientException, InterruptedException {
    String block = "0x" + Long.toHexString(height);
    ComputationInputs.Started started =
        ComputationInputs.Started.fromRpc(
            client.call("zk_getComputation", id.toHexString(), block));
    LoadedContract code;
    try {
      Bytes bundle =
          Bytes.fromHexString(
              client
                  .call("contract_getCode", contract.toHexString(), block)
                  .get("bundle")
                  .asText());
      code = runtime.load(bundle);
    } catch (Exception e) {
      LOG.error("computation {}: the contract's code cannot be loaded: {}", id, e.getMessage());
      return;
    }
    Protocol protocol = committees.protocol(code);
    ComputationInputs.Prepared prepared = ComputationInputs.prepare(code, started);
    Map<String, ShareVector> held =
        new LinkedHashMap<>(
            ComputationInputs.held(
                code, started, follower, self, committee.size(), protocol.inputFormat()));
    held.putAll(StateShares.load(follower.store(), contract, prepared, self, protocol));
    ComputationRequest request =
        new ComputationRequest(
            id,
            new Workload.CircuitWorkload(prepared.circuit()),
            prepared.publicValues(),
            prepared.recipients());
    MemberComputation computation =
        protocol.member(
            new CommitteeMember(committee, self, signing.privateKey()),
            request,
            new MemberInputs(Map.of(), held),
            follower.store());
    if (!network.awaitConnected(60, TimeUnit.SECONDS)) {
      LOG.error("computation {}: the committee is not connected", id);
      return;
    }
    LOG.info("member {} computing {} ({} of {})", self, id, started.function(), contract);
    Outcome<ComputationResult> outcome =
        node.compute(computation, "c", STEP_TIMEOUT, PhaseObserver.NONE);
    if (!(outcome instanceof Outcome.Completed<ComputationResult> done)) {
      LOG.error("computation {} ended without a result: {}", id, outcome);
      return;
    }
    ComputationResult result = done.value();
    StateShares.save(follower.store(), contract, result.state());
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
    long nonce =
        Long.decode(
            client
                .call("state_getAccount", signing.address().toHexString())
                .get("pendingNonce")
                .asText());
    SignedTransaction tx =
        new Transaction(
                genesis.config().chainId(),
                nonce,
                TransactionKind.COMPUTATION_VOTE,
                UInt256.ZERO,
                5_000_000,
                Optional.of(contract),
                UInt256.ZERO,
                new ComputationVotes.Payload(id, statement, shares, vote.signature()).encode())
            .sign(signing);
    client.call("tx_send", tx.encoded().toHexString());
    voted.add(id);
    LOG.info("member {} voted for computation {} (digest {})", self, id, statement.digest());
  }

  @Override
  public void close() {
    try {
      node.serve(Duration.ofMillis(200));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    network.close();
  }

  static Bytes32 scope(Address contract) {
    return Hashing.keccak256(
        Bytes.wrap("parley/mpc-member/state".getBytes(StandardCharsets.UTF_8)), contract.bytes());
  }
}
