package io.parley.genesis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.base.block.Validator;
import io.parley.base.block.ValidatorSet;
import io.parley.base.crypto.PublicKey;
import io.parley.base.types.Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * Reads and writes genesis.json. Every error names the JSON path of the bad field. Unknown fields
 * are rejected, so a typo cannot silently fall back to a default.
 */
public final class GenesisJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private GenesisJson() {}

  public static GenesisConfig parse(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new GenesisException(
          "genesis is not valid JSON: " + e.getOriginalMessage() + locationOf(e));
    }
    if (root == null || !root.isObject()) {
      throw new GenesisException("genesis must be a JSON object");
    }
    allowOnly(
        root,
        "",
        Set.of(
            "chainId",
            "timestamp",
            "alloc",
            "validators",
            "mpcCommittee",
            "consensus",
            "execution"));
    long chainId = longField(root, "chainId", "chainId");
    long timestamp = longField(root, "timestamp", "timestamp");
    List<Allocation> alloc = new ArrayList<>();
    JsonNode allocNode = required(root, "alloc", "alloc");
    requireArray(allocNode, "alloc");
    for (int i = 0; i < allocNode.size(); i++) {
      String path = "alloc[" + i + "]";
      JsonNode a = allocNode.get(i);
      allowOnly(a, path, Set.of("address", "balance"));
      alloc.add(new Allocation(address(a, path), amount(a, "balance", path + ".balance")));
    }
    List<Validator> validators = members(required(root, "validators", "validators"), "validators");
    if (validators.isEmpty()) {
      throw new GenesisException("validators: at least one validator is required");
    }
    MpcCommittee committee = MpcCommittee.NONE;
    if (root.has("mpcCommittee")) {
      JsonNode c = root.get("mpcCommittee");
      allowOnly(c, "mpcCommittee", Set.of("threshold", "members", "protocol", "standby"));
      List<Validator> members =
          members(required(c, "members", "mpcCommittee.members"), "mpcCommittee.members");
      List<PublicKey> encryptionKeys = encryptionKeys(c.get("members"), "mpcCommittee.members");
      int threshold = (int) longField(c, "threshold", "mpcCommittee.threshold");
      Optional<String> protocol = Optional.empty();
      if (c.has("protocol")) {
        if (!c.get("protocol").isTextual()) {
          throw new GenesisException("mpcCommittee.protocol: must be a string");
        }
        protocol = Optional.of(c.get("protocol").asText());
      }
      List<MpcCommittee.Standby> standby = new ArrayList<>();
      if (c.has("standby")) {
        List<Validator> identities = members(c.get("standby"), "mpcCommittee.standby");
        List<PublicKey> keys = encryptionKeys(c.get("standby"), "mpcCommittee.standby");
        if (keys.size() != identities.size()) {
          throw new GenesisException("mpcCommittee.standby: every standby needs an encryptionKey");
        }
        for (int s = 0; s < identities.size(); s++) {
          standby.add(new MpcCommittee.Standby(identities.get(s), keys.get(s)));
        }
      }
      committee = new MpcCommittee(threshold, members, protocol, encryptionKeys, standby);
    }
    ConsensusParameters consensus = ConsensusParameters.DEFAULTS;
    if (root.has("consensus")) {
      JsonNode c = root.get("consensus");
      allowOnly(
          c,
          "consensus",
          Set.of(
              "blockPeriodMillis",
              "emptyBlockIntervalMillis",
              "roundTimeoutMillis",
              "maxBlockTransactions",
              "maxBlockGas"));
      ConsensusParameters d = ConsensusParameters.DEFAULTS;
      consensus =
          new ConsensusParameters(
              optLong(c, "blockPeriodMillis", "consensus", d.blockPeriodMillis()),
              optLong(c, "emptyBlockIntervalMillis", "consensus", d.emptyBlockIntervalMillis()),
              optLong(c, "roundTimeoutMillis", "consensus", d.roundTimeoutMillis()),
              (int) optLong(c, "maxBlockTransactions", "consensus", d.maxBlockTransactions()),
              optLong(c, "maxBlockGas", "consensus", d.maxBlockGas()));
    }
    ExecutionParameters execution = ExecutionParameters.DEFAULTS;
    if (root.has("execution")) {
      JsonNode e = root.get("execution");
      allowOnly(
          e,
          "execution",
          Set.of("minGasPrice", "transactionBaseGas", "payloadByteGas", "maxTransactionSize"));
      ExecutionParameters d = ExecutionParameters.DEFAULTS;
      execution =
          new ExecutionParameters(
              e.has("minGasPrice")
                  ? amount(e, "minGasPrice", "execution.minGasPrice")
                  : d.minGasPrice(),
              optLong(e, "transactionBaseGas", "execution", d.transactionBaseGas()),
              optLong(e, "payloadByteGas", "execution", d.payloadByteGas()),
              (int) optLong(e, "maxTransactionSize", "execution", d.maxTransactionSize()));
    }
    try {
      return new GenesisConfig(
          chainId, timestamp, alloc, new ValidatorSet(validators), committee, consensus, execution);
    } catch (IllegalArgumentException e) {
      throw new GenesisException(e.getMessage(), e);
    }
  }

  public static String write(GenesisConfig config) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("chainId", config.chainId());
    root.put("timestamp", config.timestamp());
    ArrayNode alloc = root.putArray("alloc");
    for (Allocation a : config.alloc()) {
      ObjectNode n = alloc.addObject();
      n.put("address", a.address().toHexString());
      n.put("balance", a.balance().toBigInteger().toString());
    }
    writeMembers(root.putArray("validators"), config.validators().validators());
    ObjectNode committee = root.putObject("mpcCommittee");
    committee.put("threshold", config.mpcCommittee().threshold());
    ArrayNode mpcMembers = committee.putArray("members");
    writeMembers(mpcMembers, config.mpcCommittee().members());
    List<PublicKey> keys = config.mpcCommittee().encryptionKeys();
    for (int j = 0; j < keys.size(); j++) {
      ((ObjectNode) mpcMembers.get(j)).put("encryptionKey", keys.get(j).toHexString());
    }
    config.mpcCommittee().protocol().ifPresent(p -> committee.put("protocol", p));
    if (!config.mpcCommittee().standby().isEmpty()) {
      ArrayNode standby = committee.putArray("standby");
      for (MpcCommittee.Standby b : config.mpcCommittee().standby()) {
        ObjectNode n = standby.addObject();
        n.put("address", b.member().address().toHexString());
        n.put("publicKey", b.member().publicKey().toHexString());
        n.put("encryptionKey", b.encryptionKey().toHexString());
      }
    }
    ObjectNode c = root.putObject("consensus");
    c.put("blockPeriodMillis", config.consensus().blockPeriodMillis());
    c.put("emptyBlockIntervalMillis", config.consensus().emptyBlockIntervalMillis());
    c.put("roundTimeoutMillis", config.consensus().roundTimeoutMillis());
    c.put("maxBlockTransactions", config.consensus().maxBlockTransactions());
    c.put("maxBlockGas", config.consensus().maxBlockGas());
    ObjectNode e = root.putObject("execution");
    e.put("minGasPrice", config.execution().minGasPrice().toBigInteger().toString());
    e.put("transactionBaseGas", config.execution().transactionBaseGas());
    e.put("payloadByteGas", config.execution().payloadByteGas());
    e.put("maxTransactionSize", config.execution().maxTransactionSize());
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private static void writeMembers(ArrayNode array, List<Validator> members) {
    for (Validator v : members) {
      ObjectNode n = array.addObject();
      n.put("address", v.address().toHexString());
      n.put("publicKey", v.publicKey().toHexString());
    }
  }

  /** The members' encryption keys: every member has one, or none has. */
  private static List<PublicKey> encryptionKeys(JsonNode array, String path) {
    List<PublicKey> keys = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String p = path + "[" + i + "].encryptionKey";
      if (!array.get(i).has("encryptionKey")) {
        continue;
      }
      try {
        keys.add(PublicKey.fromHex(text(array.get(i), "encryptionKey", p)));
      } catch (IllegalArgumentException e) {
        throw new GenesisException(p + ": " + e.getMessage());
      }
    }
    if (!keys.isEmpty() && keys.size() != array.size()) {
      throw new GenesisException(path + ": every member needs an encryptionKey, or none does");
    }
    return keys;
  }

  private static List<Validator> members(JsonNode array, String path) {
    requireArray(array, path);
    List<Validator> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String p = path + "[" + i + "]";
      JsonNode n = array.get(i);
      allowOnly(n, p, Set.of("address", "publicKey", "encryptionKey"));
      if (n.has("encryptionKey") && !path.startsWith("mpcCommittee.")) {
        throw new GenesisException(p + ": unknown field 'encryptionKey'");
      }
      PublicKey key;
      try {
        key = PublicKey.fromHex(text(n, "publicKey", p + ".publicKey"));
      } catch (IllegalArgumentException e) {
        throw new GenesisException(p + ".publicKey: " + e.getMessage());
      }
      Address address = address(n, p);
      if (!key.address().equals(address)) {
        throw new GenesisException(
            p + ": address does not match publicKey (expected " + key.address() + ")");
      }
      out.add(new Validator(address, key));
    }
    return out;
  }

  private static void allowOnly(JsonNode node, String path, Set<String> allowed) {
    if (!node.isObject()) {
      throw new GenesisException((path.isEmpty() ? "genesis" : path) + ": expected an object");
    }
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new GenesisException(
            (path.isEmpty() ? "" : path + ".")
                + name
                + ": unknown field (allowed: "
                + allowed
                + ")");
      }
    }
  }

  private static JsonNode required(JsonNode node, String field, String path) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new GenesisException(path + ": missing");
    }
    return value;
  }

  private static void requireArray(JsonNode node, String path) {
    if (!node.isArray()) {
      throw new GenesisException(path + ": expected an array");
    }
  }

  private static String text(JsonNode node, String field, String path) {
    JsonNode value = required(node, field, path);
    if (!value.isTextual()) {
      throw new GenesisException(path + ": expected a string");
    }
    return value.asText();
  }

  private static long longField(JsonNode node, String field, String path) {
    JsonNode value = required(node, field, path);
    if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
      throw new GenesisException(path + ": expected a non-negative integer");
    }
    return value.asLong();
  }

  private static long optLong(JsonNode node, String field, String parent, long fallback) {
    return node.has(field) ? longField(node, field, parent + "." + field) : fallback;
  }

  private static Address address(JsonNode node, String path) {
    try {
      return Address.fromHex(text(node, "address", path + ".address"));
    } catch (IllegalArgumentException e) {
      throw new GenesisException(path + ".address: " + e.getMessage());
    }
  }

  private static UInt256 amount(JsonNode node, String field, String path) {
    String text = text(node, field, path);
    try {
      BigInteger value = new BigInteger(text);
      if (value.signum() < 0 || value.bitLength() > 256) {
        throw new GenesisException(path + ": must be in [0, 2^256)");
      }
      return UInt256.valueOf(value);
    } catch (NumberFormatException e) {
      throw new GenesisException(path + ": expected a decimal integer string, got '" + text + "'");
    }
  }

  private static String locationOf(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }
}
