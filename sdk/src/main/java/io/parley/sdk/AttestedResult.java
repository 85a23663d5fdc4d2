package io.parley.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.crypto.PublicKey;
import io.parley.base.crypto.Signature;
import io.parley.base.types.Address;
import io.parley.sdk.inputs.CommitteeView;
import io.parley.sdk.rpc.RpcClientException;
import io.parley.sdk.rpc.SubscriptionClient;
import io.parley.sdk.rpc.SubscriptionQueue;
import io.parley.sdk.verify.VerificationException;
import io.parley.zk.attestation.Finality;
import io.parley.zk.attestation.Statement;
import io.parley.zk.attestation.Vote;
import io.parley.zk.inputs.InputCommittee;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;

/**
 * A confidential computation's result with its attestation checked (docs/spec/attestation.md): the
 * statement the committee signed, read from the members' vote transactions (kind 4, section 5) in
 * the blocks from the start on, at least 2t+1 valid signatures of distinct members over it with the
 * committee's keys ({@code zk_getCommittee}, hash recomputed), and the chain's record naming its
 * digest as the result. The public outputs are then the statement's, not a node's word.
 */
public record AttestedResult(
    ComputationRecord record, Statement statement, List<Vote> votes, List<Integer> signers) {
  /** How many blocks after a computation's start {@link #fetchAll} reads at most for its votes. */
  public static final int MAX_BLOCKS_SCANNED = 10_000;

  public AttestedResult {
    votes = List.copyOf(votes);
    signers = List.copyOf(signers);
  }

  /** Public output {@code name} ({@code result} for the returned value), if the circuit has it. */
  public Optional<List<BigInteger>> publicOutput(String name) {
    return statement.publicOutputs().stream()
        .filter(o -> o.name().equals(name))
        .findFirst()
        .map(Statement.PublicOutput::values);
  }

  /** The returned value ({@code result}): its elements, or the one value of a scalar. */
  public List<BigInteger> result() {
    return publicOutput("result").orElse(List.of());
  }

  /** Waits up to {@code timeout} for computation {@code id} to be final, then fetches it. */
  public static AttestedResult await(ParleyClient client, Bytes32 id, Duration timeout)
      throws RpcClientException, VerificationException, InterruptedException {
    return awaitAll(client, List.of(id), timeout).get(0);
  }

  /**
   * Waits up to {@code timeout} for every computation of {@code ids} to be final, checking again at
   * each new finalized block (a WebSocket subscription, not a timer), then fetches them all in one
   * pass over the blocks.
   *
   * @throws VerificationException if one failed, is not final in time, or does not verify
   */
  public static List<AttestedResult> awaitAll(
      ParleyClient client, List<Bytes32> ids, Duration timeout)
      throws RpcClientException, VerificationException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (SubscriptionClient ws =
            SubscriptionClient.connect(
                SubscriptionClient.webSocketUri(client.rpc().endpoint()), Duration.ofSeconds(10));
        SubscriptionQueue heads = ws.newHeads(SubscriptionClient.DEFAULT_CAPACITY)) {
      int next = 0; // ids before `next` are done
      while (next < ids.size()) {
        ComputationRecord r = client.computation(ids.get(next));
        if (r.status().equals("done")) {
          next++;
          continue;
        }
        if (r.status().equals("failed")) {
          throw new VerificationException(
              "computation " + r.id() + " failed: it has no result to verify");
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new VerificationException(
              "computation " + r.id() + " is still " + r.status() + " after " + timeout);
        }
        heads.next(Duration.ofNanos(left));
      }
    }
    return fetchAll(client, ids);
  }

  /** The attested result of computation {@code id}, which must be done. */
  public static AttestedResult fetch(ParleyClient client, Bytes32 id)
      throws RpcClientException, VerificationException {
    return fetchAll(client, List.of(id)).get(0);
  }

  /**
   * The attested results of computations {@code ids}, which must all be done, in order: one pass
   * over the blocks from the earliest start.
   *
   * @throws VerificationException if one is not done, or its votes do not make its recorded result
   *     final
   */
  public static List<AttestedResult> fetchAll(ParleyClient client, List<Bytes32> ids)
      throws RpcClientException, VerificationException {
    Map<Bytes32, Pending> pending = new LinkedHashMap<>();
    // the committee as seated at each block read: a vote counts for the seat its sender held then
    Map<String, CommitteeView> committees = new HashMap<>();
    long first = Long.MAX_VALUE;
    long last = 0;
    for (Bytes32 id : ids) {
      ComputationRecord record = client.computation(id);
      if (record.result().isEmpty()) {
        throw new VerificationException(
            "computation " + id + " has no result yet (status " + record.status() + ")");
      }
      pending.put(id, new Pending(record));
      first = Math.min(first, record.blockNumber());
      last = Math.max(last, record.blockNumber() + MAX_BLOCKS_SCANNED);
    }
    long head =
        Long.decode(client.rpc().call("chain_getBlockByNumber", "latest").get("number").asText());
    last = Math.min(last, head);
    long open = pending.size();
    for (long h = first; h <= last && open > 0; h++) {
      JsonNode block = client.rpc().call("chain_getBlockByNumber", ParleyClient.quantity(h), true);
      for (JsonNode tx : block.path("transactions")) {
        if (!tx.path("kind").asText().equals("computation_vote")) {
          continue;
        }
        Optional<Ballot> ballot = Ballot.decode(Bytes.fromHexString(tx.get("payload").asText()));
        Pending p = ballot.map(b -> pending.get(b.computation())).orElse(null);
        if (p == null || p.complete()) {
          continue;
        }
        String key = p.record.contract() + "@" + h;
        CommitteeView seated = committees.get(key);
        if (seated == null) {
          seated = client.committee(p.record.contract(), h);
          committees.put(key, seated);
        }
        if (p.add(seated, Address.fromHex(tx.get("from").asText()), ballot.get())) {
          open -= p.complete() ? 1 : 0;
        }
      }
    }
    List<AttestedResult> out = new ArrayList<>();
    for (Pending p : pending.values()) {
      if (p.statement == null) {
        throw new VerificationException(
            "no vote for computation "
                + p.record.id()
                + " with its recorded digest "
                + p.record.result().get()
                + " in blocks "
                + p.record.blockNumber()
                + ".."
                + last);
      }
      List<Vote> votes = new ArrayList<>(p.votes.values());
      Finality.Result finality = Attestations.verify(p.statement, votes, p.committee, p.record);
      // p.committee: the committee seated at the block of the last vote counted
      out.add(new AttestedResult(p.record, p.statement, votes, finality.signers()));
    }
    return out;
  }

  /** The votes found so far for one computation's recorded digest, one per member. */
  private static final class Pending {
    final ComputationRecord record;
    final Map<Integer, Vote> votes = new LinkedHashMap<>();
    CommitteeView committee;
    Statement statement;

    Pending(ComputationRecord record) {
      this.record = record;
    }

    boolean complete() {
      return committee != null && votes.size() >= 2 * committee.committee().threshold() + 1;
    }

    /**
     * Counts {@code ballot} from {@code sender} if, in the committee {@code seated} at the ballot's
     * block, the sender holds a seat and it is a vote for the digest with that seat's valid
     * signature (a forged one never hides the member's real vote further on).
     */
    boolean add(CommitteeView seated, Address sender, Ballot ballot) {
      var members = seated.committee().members();
      int j = -1;
      for (int i = 0; i < members.size(); i++) {
        if (members.get(i).signing().address().equals(sender)) {
          j = i;
        }
      }
      Statement s = ballot.statement();
      if (j < 0 || votes.containsKey(j) || !s.digest().equals(record.result().get())) {
        return false;
      }
      Vote vote = new Vote(j, ballot.stateShares(), ballot.signature());
      List<PublicKey> keys = members.stream().map(InputCommittee.MemberKeys::signing).toList();
      int threshold = seated.committee().threshold();
      if (!Finality.check(s, List.of(vote), keys, threshold).signers().contains(j)) {
        return false;
      }
      statement = s;
      committee = seated;
      votes.put(j, vote);
      return true;
    }
  }

  /** A result vote's payload (forms 1 and 2); abort reports and other forms are not ballots. */
  private record Ballot(
      Bytes32 computation, Statement statement, Bytes32 stateShares, Signature signature) {
    static Optional<Ballot> decode(Bytes payload) {
      try {
        return RLP.decodeList(
            payload,
            r -> {
              long form = r.readLong();
              if (form != 1 && form != 2) {
                return Optional.<Ballot>empty();
              }
              Bytes32 id = Bytes32.wrap(r.readValue());
              if (form == 2) {
                r.readLong();
              }
              Statement s = Statement.decode(r.readValue());
              Bytes32 shares = Bytes32.wrap(r.readValue());
              Signature sig = Signature.fromBytes(r.readValue());
              return Optional.of(new Ballot(id, s, shares, sig));
            });
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    }
  }
}
