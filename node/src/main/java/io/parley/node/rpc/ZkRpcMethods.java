package io.parley.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.base.block.BlockHeader;
import io.parley.base.types.Address;
import io.parley.contracts.abi.Abi;
import io.parley.contracts.runtime.ContractRuntime;
import io.parley.contracts.runtime.LoadedContract;
import io.parley.genesis.MpcCommittee;
import io.parley.node.chain.Blockchain;
import io.parley.node.execution.ComputationRegistry;
import io.parley.node.execution.ContractCommittees;
import io.parley.node.execution.MemberConduct;
import io.parley.node.execution.PrivateOutputs;
import io.parley.node.execution.contract.ContractReader;
import io.parley.zk.inputs.InputCommittee;
import io.parley.zk.inputs.PlainFormat;
import java.util.List;

/**
 * Confidential-computation methods (docs/rpc.md): {@code zk_getCommittee} gives a wallet what it
 * seals a contract's secret inputs for (docs/spec/secret-inputs.md section 1).
 */
public final class ZkRpcMethods {
  public static final int NO_SECRET_INPUTS = 4070;
  public static final int COMPUTATION_NOT_FOUND = 4071;
  public static final int EVIDENCE_NOT_FOUND = 4072;
  public static final int OUTPUT_NOT_FOUND = 4073;
  private static final long MAX_PAGE = 100;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final Blockchain chain;
  private final ContractReader reader;

  public ZkRpcMethods(Blockchain chain) {
    this.chain = chain;
    this.reader = new ContractReader(chain.stateNodes(), new ContractRuntime());
  }

  public List<RpcMethod> methods() {
    return List.of(
        new RpcMethod("zk_getCommittee", List.of("address", "block"), 1, this::committee),
        new RpcMethod("zk_getComputation", List.of("id", "block"), 1, this::computation),
        new RpcMethod("zk_getEvidence", List.of("digest", "block"), 1, this::evidence),
        new RpcMethod("zk_getOutput", List.of("id", "name", "block"), 2, this::output),
        new RpcMethod(
            "zk_listComputations", List.of("offset", "limit", "block"), 0, this::computations));
  }

  /** Reads the registry's storage at {@code at}. */
  private java.util.function.Function<
          org.apache.tuweni.bytes.Bytes32, java.util.Optional<org.apache.tuweni.bytes.Bytes>>
      registry(BlockHeader at) {
    var root = chain.account(ComputationRegistry.REGISTRY, at).storageRoot();
    var store = new io.parley.node.execution.contract.ContractStore(chain.stateNodes());
    return key -> store.storage(root, key);
  }

  private JsonNode computation(Params p) throws RpcException {
    var id = p.hash(0);
    BlockHeader at = BlockResolver.resolve(chain, p.block(1));
    ComputationRegistry.Record r =
        ComputationRegistry.read(registry(at), id)
            .orElseThrow(
                () ->
                    new RpcException(
                        COMPUTATION_NOT_FOUND,
                        "no computation " + id + " in block " + at.height()));
    return record(r, at);
  }

  /** Abort report reasons 1..6 by name (attestation.md section 6). */
  static final java.util.List<String> ABORT_REASONS =
      java.util.List.of(
          "timeout", "restarted", "blame", "no-quorum", "input-out-of-range", "inconsistent-input");

  /** queued (first attempt), retried (a later attempt), done or failed. */
  static String status(ComputationRegistry.Record r) {
    return io.parley.node.chain.ComputationStatuses.label(r);
  }

  private ObjectNode record(ComputationRegistry.Record r, BlockHeader at) throws RpcException {
    ObjectNode n = JSON.objectNode();
    n.put("id", r.id().toHexString());
    n.put("contract", r.contract().toHexString());
    n.put("function", r.function());
    n.put("status", status(r));
    n.put("attempt", JsonViews.quantity(r.attempt()));
    n.put("startTransaction", r.startTransaction().toHexString());
    n.put("caller", r.caller().toHexString());
    n.put("fee", JsonViews.quantity(r.fee()));
    n.put("blockNumber", JsonViews.quantity(r.blockNumber()));
    n.put("arguments", r.arguments().toHexString());
    ArrayNode inputs = n.putArray("inputs");
    for (ComputationRegistry.Used u : r.inputs()) {
      ObjectNode c = inputs.addObject().put("collection", u.collection());
      ArrayNode used = c.putArray("used");
      for (ComputationRegistry.StoredInput i : u.inputs()) {
        used.addObject()
            .put("index", JsonViews.quantity(i.index()))
            .put("id", i.id().toHexString());
      }
    }
    ArrayNode votes = n.putArray("votes");
    for (ComputationRegistry.MemberVote v : r.votes()) {
      votes
          .addObject()
          .put("member", JsonViews.quantity(v.member()))
          .put("digest", v.digest().toHexString())
          .put("attempt", JsonViews.quantity(v.attempt()));
    }
    ArrayNode aborts = n.putArray("aborts");
    for (ComputationRegistry.AbortReport a : r.aborts()) {
      ObjectNode report =
          aborts
              .addObject()
              .put("member", JsonViews.quantity(a.member()))
              .put("attempt", JsonViews.quantity(a.attempt()))
              .put("reason", ABORT_REASONS.get(a.reason() - 1));
      if (a.seats() != 0) {
        ArrayNode seats = report.putArray(a.reason() == 1 ? "silent" : "odd");
        for (int j = 0; j < Long.SIZE; j++) {
          if ((a.seats() & (1L << j)) != 0) {
            seats.add(j);
          }
        }
      }
    }
    if (r.status() == ComputationRegistry.Status.QUEUED) {
      n.putNull("result");
    } else {
      n.put("result", r.result().toHexString());
    }
    if (r.callbackFailure().isEmpty()) {
      n.putNull("callbackFailure");
    } else {
      n.put("callbackFailure", r.callbackFailure());
    }
    ArrayNode blames = n.putArray("blames");
    for (var digest : MemberConduct.blames(registry(at), r.id())) {
      var e = MemberConduct.evidence(registry(at), digest).orElseThrow();
      blames
          .addObject()
          .put("accused", JsonViews.quantity(e.accused()))
          .put("attempt", JsonViews.quantity(e.attempt()))
          .put("evidence", digest.toHexString());
    }
    n.put("registryKey", ComputationRegistry.recordKey(r.id()).toHexString());
    return n;
  }

  /** A private output: its recipient, the key it asked with, the members' sealed shares. */
  private JsonNode output(Params p) throws RpcException {
    var id = p.hash(0);
    String name = p.string(1);
    BlockHeader at = BlockResolver.resolve(chain, p.block(2));
    var storage = registry(at);
    var record = ComputationRegistry.read(storage, id);
    if (record.isEmpty()) {
      throw new RpcException(
          COMPUTATION_NOT_FOUND, "no computation " + id + " in block " + at.height());
    }
    PrivateOutputs.Output output =
        PrivateOutputs.outputs(storage, id).stream()
            .filter(o -> o.name().equals(name))
            .findFirst()
            .orElseThrow(
                () ->
                    new RpcException(
                        OUTPUT_NOT_FOUND,
                        "computation "
                            + id
                            + " has no final private output '"
                            + name
                            + "' in block "
                            + at.height()));
    ObjectNode n = JSON.objectNode();
    n.put("computation", id.toHexString());
    n.put("name", name);
    n.put("recipient", output.recipient().toHexString());
    n.put("type", outputType(record.get(), name, at));
    var key = PrivateOutputs.requested(storage, id, name);
    if (key.isPresent()) {
      n.put("publicKey", key.get().toHexString());
    } else {
      n.putNull("publicKey");
    }
    ArrayNode shares = n.putArray("shares");
    int members = chain.executor().processor().committees().size();
    for (PrivateOutputs.Posted s : PrivateOutputs.shares(storage, id, name, members)) {
      shares
          .addObject()
          .put("member", JsonViews.quantity(s.member()))
          .put("ephemeral", s.ephemeral().toHexString())
          .put("ciphertext", s.ciphertext().toHexString());
    }
    n.put("blockNumber", JsonViews.quantity(at.height()));
    return n;
  }

  /** A verified blame the chain recorded (attestation.md section 7), with its bytes. */
  private JsonNode evidence(Params p) throws RpcException {
    var digest = p.hash(0);
    BlockHeader at = BlockResolver.resolve(chain, p.block(1));
    MemberConduct.Evidence e =
        MemberConduct.evidence(registry(at), digest)
            .orElseThrow(
                () ->
                    new RpcException(
                        EVIDENCE_NOT_FOUND,
                        "no evidence " + digest + " recorded in block " + at.height()));
    ObjectNode n = JSON.objectNode();
    n.put("digest", digest.toHexString());
    n.put("computation", e.computation().toHexString());
    n.put("attempt", JsonViews.quantity(e.attempt()));
    n.put("accused", JsonViews.quantity(e.accused()));
    n.put("reporter", JsonViews.quantity(e.reporter()));
    n.put("blockNumber", JsonViews.quantity(e.height()));
    n.put("evidence", e.bytes().toHexString());
    n.put("registryKey", MemberConduct.evidenceKey(digest).toHexString());
    return n;
  }

  private JsonNode computations(Params p) throws RpcException {
    long offset = p.optional(0).isPresent() ? p.quantity(0) : 0;
    long limit = p.optional(1).isPresent() ? p.quantity(1) : 20;
    if (limit < 1 || limit > MAX_PAGE) {
      throw RpcException.invalidParams("limit must be 1.." + MAX_PAGE);
    }
    BlockHeader at = BlockResolver.resolve(chain, p.block(2));
    var storage = registry(at);
    long count = ComputationRegistry.count(storage);
    ObjectNode n = JSON.objectNode();
    n.put("count", JsonViews.quantity(count));
    n.put("blockNumber", JsonViews.quantity(at.height()));
    ArrayNode list = n.putArray("computations");
    for (long i = offset; i < Math.min(count, offset + limit); i++) {
      var id = ComputationRegistry.at(storage, i).orElseThrow();
      var r = ComputationRegistry.read(storage, id).orElseThrow();
      list.addObject()
          .put("id", id.toHexString())
          .put("contract", r.contract().toHexString())
          .put("function", r.function())
          .put("status", status(r));
    }
    return n;
  }

  /**
   * The circuit IR type of a computation's output (from its contract's ABI): how a recipient reads
   * the reconstructed words (private-outputs.md section 4, step 3).
   */
  private String outputType(ComputationRegistry.Record record, String name, BlockHeader at) {
    return reader
        .contract(at.stateRoot(), record.contract())
        .flatMap(
            c ->
                c.abi().confidential().stream()
                    .filter(f -> f.name().equals(record.function()))
                    .findFirst())
        .flatMap(f -> f.outputs().stream().filter(o -> o.name().equals(name)).findFirst())
        .map(Abi.CircuitOutput::type)
        .orElseThrow(() -> new IllegalStateException("output " + name + " has no ABI type"));
  }

  /** The last committee with replaced seats the RPC answered for (seats change rarely). */
  private volatile ContractCommittees seatedCommittees;

  /** The committee seated at block {@code at}: genesis', or with standby members (ADR 0056). */
  private ContractCommittees seated(ContractCommittees genesis, BlockHeader at) {
    MpcCommittee now =
        io.parley.node.execution.CommitteeSeats.current(genesis.genesis(), registry(at));
    if (now == genesis.genesis()) {
      return genesis;
    }
    ContractCommittees last = seatedCommittees;
    if (last == null || !last.genesis().equals(now)) {
      last = new ContractCommittees(now);
      seatedCommittees = last;
    }
    return last;
  }

  private JsonNode committee(Params p) throws RpcException {
    Address address = p.address(0);
    BlockHeader at = BlockResolver.resolve(chain, p.block(1));
    ContractCommittees committees = seated(chain.executor().processor().committees(), at);
    if (!committees.acceptsSecretInputs()) {
      throw new RpcException(
          NO_SECRET_INPUTS,
          "this chain's MPC committee has no encryption keys in genesis, so it takes no secret"
              + " inputs");
    }
    LoadedContract contract =
        reader
            .contract(at.stateRoot(), address)
            .orElseThrow(
                () ->
                    new RpcException(
                        ContractRpcMethods.CONTRACT_NOT_FOUND,
                        "no contract at " + address + " in block " + at.height()));
    InputCommittee committee;
    try {
      committee = committees.forContract(contract);
    } catch (IllegalArgumentException e) {
      throw new RpcException(
          NO_SECRET_INPUTS, "the committee cannot run this contract: " + e.getMessage());
    }
    ObjectNode n = JSON.objectNode();
    n.put("contract", address.toHexString());
    n.put("protocol", committees.protocol(contract).name());
    n.put("sharing", committee.format().id());
    n.put("threshold", JsonViews.quantity(committee.threshold()));
    ArrayNode members = n.putArray("members");
    for (int j = 0; j < committee.size(); j++) {
      members
          .addObject()
          .put("index", JsonViews.quantity(j))
          .put("address", committees.genesis().members().get(j).address().toHexString())
          .put("signingKey", committee.members().get(j).signing().toHexString())
          .put("encryptionKey", committee.members().get(j).encryption().toHexString());
      var excluded = MemberConduct.excluded(registry(at), j);
      ObjectNode member = (ObjectNode) members.get(j);
      var seat = io.parley.node.execution.CommitteeSeats.seat(registry(at), j);
      if (seat.isEmpty()) {
        member.putNull("heldBy");
      } else {
        member
            .putObject("heldBy")
            .put("standby", JsonViews.quantity(seat.get().standby()))
            .put("since", JsonViews.quantity(seat.get().height()))
            .put("cause", seat.get().cause() == 1 ? "blame" : "silent");
      }
      if (excluded.isEmpty()) {
        member.putNull("excluded");
      } else {
        member
            .putObject("excluded")
            .put("since", JsonViews.quantity(excluded.get().height()))
            .put("computation", excluded.get().computation().toHexString())
            .put("evidence", excluded.get().evidence().toHexString());
      }
    }
    ArrayNode standby = n.putArray("standby");
    List<MpcCommittee.Standby> spare = committees.genesis().standby();
    for (int s = 0; s < spare.size(); s++) {
      standby
          .addObject()
          .put("index", JsonViews.quantity(s))
          .put("address", spare.get(s).member().address().toHexString())
          .put("signingKey", spare.get(s).member().publicKey().toHexString())
          .put("encryptionKey", spare.get(s).encryptionKey().toHexString());
    }
    n.put("committeeHash", committee.hash().toHexString());
    n.put("maxValuesPerInput", JsonViews.quantity(PlainFormat.MAX_VALUES));
    ArrayNode collections = n.putArray("collections");
    for (Abi.CollectionDef c : contract.abi().collections()) {
      ObjectNode cn =
          collections
              .addObject()
              .put("name", c.name())
              .put("capacity", JsonViews.quantity(c.capacity()))
              .put("onePerOwner", c.onePerOwner());
      ArrayNode fields = cn.putArray("fields");
      c.fields().forEach(f -> fields.addObject().put("name", f.name()).put("type", f.type()));
      cn.put(
          "plainBytes",
          JsonViews.quantity(
              committee.format().plainLength(committee.format().dealt(c.fields().size()))));
    }
    return n;
  }
}
