package io.parley.sdk.inputs;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.crypto.PublicKey;
import io.parley.base.types.Address;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import io.parley.zk.inputs.InputCommittee;
import io.parley.zk.inputs.PlainFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A wallet's view of the committee for one contract, from {@code zk_getCommittee} (docs/rpc.md
 * "Secret inputs"), with the committee hash recomputed from the keys, never taken on the node's
 * word.
 */
public record CommitteeView(
    Address contract, String protocol, InputCommittee committee, List<Collection> collections) {
  /** A collection's name, capacity and fields (name and type) in order. */
  public record Collection(String name, long capacity, List<Field> fields) {}

  public record Field(String name, String type) {}

  public Optional<Collection> collection(String name) {
    return collections.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  public static CommitteeView fetch(RpcClient client, Address contract) throws RpcClientException {
    return fetch(client, contract, "latest");
  }

  /**
   * The committee as it sat at block {@code block} (a quantity or tag): a standby member may have
   * taken a seat over since (ADR 0056), so a result is verified with the seat holders of its block.
   */
  public static CommitteeView fetch(RpcClient client, Address contract, String block)
      throws RpcClientException {
    JsonNode c = client.call("zk_getCommittee", contract.toHexString(), block);
    List<InputCommittee.MemberKeys> members = new ArrayList<>();
    for (JsonNode m : c.get("members")) {
      members.add(
          new InputCommittee.MemberKeys(
              PublicKey.fromHex(m.get("signingKey").asText()),
              PublicKey.fromHex(m.get("encryptionKey").asText())));
    }
    InputCommittee committee =
        new InputCommittee(
            Integer.decode(c.get("threshold").asText()),
            PlainFormat.byId(c.get("sharing").asText()),
            members);
    if (!committee.hash().toHexString().equals(c.get("committeeHash").asText())) {
      throw new IllegalStateException(
          "the node's committeeHash does not match the keys it sent: refusing to seal for it");
    }
    List<Collection> collections = new ArrayList<>();
    for (JsonNode col : c.get("collections")) {
      List<Field> fields = new ArrayList<>();
      col.get("fields")
          .forEach(f -> fields.add(new Field(f.get("name").asText(), f.get("type").asText())));
      collections.add(
          new Collection(
              col.get("name").asText(), Long.decode(col.get("capacity").asText()), fields));
    }
    return new CommitteeView(contract, c.get("protocol").asText(), committee, collections);
  }
}
