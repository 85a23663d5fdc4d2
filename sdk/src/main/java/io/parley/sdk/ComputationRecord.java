package io.parley.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.types.Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A confidential computation as {@code zk_getComputation} answers it (docs/spec/computations.md):
 * status {@code queued}, {@code done} or {@code failed}, the members' votes (member index and the
 * statement digest each signed) and, once done, the final statement digest.
 */
public record ComputationRecord(
    Bytes32 id,
    Address contract,
    String function,
    String status,
    long blockNumber,
    List<MemberVote> votes,
    Optional<Bytes32> result,
    Optional<String> callbackFailure,
    Bytes32 registryKey) {

  public record MemberVote(int member, Bytes32 digest) {}

  public ComputationRecord {
    votes = List.copyOf(votes);
  }

  static ComputationRecord fromJson(JsonNode n) {
    List<MemberVote> votes = new ArrayList<>();
    for (JsonNode v : n.path("votes")) {
      votes.add(
          new MemberVote(
              Integer.decode(v.get("member").asText()),
              Bytes32.fromHexString(v.get("digest").asText())));
    }
    return new ComputationRecord(
        Bytes32.fromHexString(n.get("id").asText()),
        Address.fromHex(n.get("contract").asText()),
        n.get("function").asText(),
        n.get("status").asText(),
        Long.decode(n.get("blockNumber").asText()),
        votes,
        n.path("result").isTextual()
            ? Optional.of(Bytes32.fromHexString(n.get("result").asText()))
            : Optional.empty(),
        n.path("callbackFailure").isTextual()
            ? Optional.of(n.get("callbackFailure").asText())
            : Optional.empty(),
        Bytes32.fromHexString(n.get("registryKey").asText()));
  }
}
