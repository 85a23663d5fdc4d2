package io.parley.node.mpc;

import io.parley.node.execution.ComputationRegistry;
import io.parley.node.execution.InputDisclosures;
import io.parley.node.execution.OffChainInputs;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import io.parley.zk.attestation.Statement;
import io.parley.zk.evidence.Accusation;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.inputs.Disclosure;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Shamir member that its own decoding of an arrival check located (secret-inputs.md section 6):
 * it discloses what the sender dealt it (form 11, section 6.1) before it reports the attempt, so
 * the chain attributes the failure to the sender (its w_j follows from its plaintext) and never to
 * this member. An honest sender's check never locates an honest member, so an honest member's
 * plaintext becomes public only when the sender cheated.
 */
final class LocatedHolder {
  private static final Logger LOG = LoggerFactory.getLogger(LocatedHolder.class);

  private LocatedHolder() {}

  /** What fetches a final transaction's signed encoding from a validator. */
  interface Transactions {
    Optional<Bytes> raw(Bytes32 hash);

    /** Over RPC ({@code tx_get}); the chain checks the hash, so no validator is trusted here. */
    static Transactions rpc(RpcClient client) {
      return hash -> {
        try {
          return Optional.of(
              Bytes.fromHexString(client.call("tx_get", hash.toHexString()).get("raw").asText()));
        } catch (RpcClientException | RuntimeException e) {
          LOG.warn("transaction {} could not be read: {}", hash, e.getMessage());
          return Optional.empty();
        }
      };
    }
  }

  /** The disclosure to post before the report of {@code attempt}, if the check located us. */
  static Optional<Bytes> disclosure(
      Outcome<?> outcome,
      int self,
      int members,
      ComputationInputs.Started started,
      int attempt,
      InputFollower follower,
      Transactions transactions) {
    if (!(outcome instanceof Outcome.Aborted<?> a)
        || !(a.accusation() instanceof Accusation.InconsistentInput i)
        || !i.members().contains(self)
        || i.openings().size() != 2 * members
        || !ComputationRegistry.isValidity(started.function())) {
      return Optional.empty();
    }
    Statement.CollectionInputs c = started.inputs().get(0);
    Statement.StoredInput u = c.used().get(0);
    Optional<InputFollower.HeldInput> held =
        follower
            .held(started.contract(), c.collection(), u.index())
            .filter(h -> h.id().equals(u.id()));
    Optional<Bytes> raw = held.flatMap(h -> transactions.raw(h.transaction()));
    if (held.isEmpty() || raw.isEmpty()) {
      LOG.warn("member {} was located in check {} and cannot disclose", self, started.id());
      return Optional.empty();
    }
    Bytes32 transaction = held.get().transaction();
    int element = 0;
    Bytes plain = held.get().plain();
    if (!started.id().equals(ComputationRegistry.validityId(transaction))) {
      // an off-chain element: its check names it, and the whole plaintext opens c_j
      int max = io.parley.zk.inputs.SealedBatch.MAX_COUNT;
      while (element < max && !OffChainInputs.checkId(transaction, element).equals(started.id())) {
        element++;
      }
      Optional<byte[]> whole = follower.wholePlain(transaction);
      if (element == max || whole.isEmpty()) {
        LOG.warn("member {} holds no whole plaintext for check {}", self, started.id());
        return Optional.empty();
      }
      plain = Bytes.wrap(whole.get());
    }
    LOG.warn(
        "member {} was located by check {} attempt {}: disclosing its plaintext of {}",
        self,
        started.id(),
        attempt,
        u.id());
    return Optional.of(
        new InputDisclosures.Payload(
                started.id(),
                attempt,
                raw.get(),
                element,
                plain,
                Bytes.wrap(Disclosure.encode(i.openings())))
            .encode());
  }
}
