package io.parley.sdk.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.KeyPair;
import io.parley.base.tx.TransactionKind;
import io.parley.base.types.Address;
import io.parley.contracts.abi.Abi;
import io.parley.contracts.abi.AbiException;
import io.parley.contracts.abi.AbiJson;
import io.parley.contracts.abi.AbiTypes;
import io.parley.contracts.abi.Bundle;
import io.parley.contracts.abi.JsonValues;
import io.parley.contracts.abi.Values;
import io.parley.contracts.check.Type;
import io.parley.sdk.ParleyClient;
import io.parley.sdk.SentTransaction;
import io.parley.sdk.TransactionReceipt;
import io.parley.sdk.inputs.SecretInputs;
import io.parley.sdk.rpc.RpcClientException;
import io.parley.sdk.tx.TransactionTemplate;
import io.parley.sdk.tx.Transactions;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * Calls a deployed contract from its ABI ({@code parley-abi/1} and {@code /2},
 * docs/spec/language.md section 7): encodes action and init arguments (section 8), queries views,
 * submits secret inputs to its collections, and decodes its receipt events. Arguments are Java
 * values: integers as {@link BigInteger} (or long/int), {@code bool} as Boolean, {@code address} as
 * {@link Address}, {@code bytes} as {@link Bytes}, arrays as lists, structs as maps by field name;
 * a {@link JsonNode} passes as is. Arguments that do not fit the ABI throw {@link
 * IllegalArgumentException} naming the parameter.
 */
public final class ContractClient {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private final ParleyClient client;
  private final Address address;
  private final Abi abi;
  private final AbiTypes types;

  public ContractClient(ParleyClient client, Address address, Abi abi) {
    this.client = client;
    this.address = address;
    this.abi = abi;
    this.types = new AbiTypes(abi.structs());
  }

  /** A client for the contract at {@code address}, with the ABI the node serves for it. */
  public static ContractClient at(ParleyClient client, Address address) throws RpcClientException {
    JsonNode abi = client.rpc().call("contract_getAbi", address.toHexString());
    return new ContractClient(client, address, AbiJson.read(abi.toString()));
  }

  public Address address() {
    return address;
  }

  public Abi abi() {
    return abi;
  }

  /**
   * The storage key of a state variable or of an element below it (docs/spec/language.md section
   * 9): the variable's ABI {@code slot}, then {@code keccak256(parent || word(key))} per map key,
   * struct field index or array index ({@code bytes} keys as {@code keccak256(key)}). Give it to
   * {@link ParleyClient#provenStorage} to read the entry with a proof.
   */
  public Bytes32 storageKey(String variable, Object... path) {
    Abi.StateDef state =
        abi.state().stream()
            .filter(v -> v.name().equals(variable))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "contract "
                            + abi.contract()
                            + " has no state variable '"
                            + variable
                            + "'"));
    if (state.secret()) {
      throw new IllegalArgumentException(
          "'" + variable + "' is secret: the chain stores no plain value of it");
    }
    Bytes32 key = Bytes32.fromHexString(state.slot());
    for (Object step : path) {
      key = Hashing.keccak256(key, word(step));
    }
    return key;
  }

  private static Bytes32 word(Object step) {
    return switch (step) {
      case Address a -> Bytes32.leftPad(a.bytes());
      case Boolean b -> b ? Bytes32.leftPad(Bytes.of(1)) : Bytes32.ZERO;
      case Bytes b -> Hashing.keccak256(b);
      case BigInteger n -> signedWord(n);
      case Long n -> signedWord(BigInteger.valueOf(n));
      case Integer n -> signedWord(BigInteger.valueOf(n));
      case null -> throw new IllegalArgumentException("null is not a storage key");
      default ->
          throw new IllegalArgumentException(
              "a " + step.getClass().getSimpleName() + " is not a storage key");
    };
  }

  private static Bytes32 signedWord(BigInteger n) {
    byte[] two = n.toByteArray();
    if (two.length > 32 && !(two.length == 33 && two[0] == 0)) {
      throw new IllegalArgumentException("storage key " + n + " does not fit 256 bits");
    }
    byte[] word = new byte[32];
    java.util.Arrays.fill(word, (byte) (n.signum() < 0 ? 0xff : 0));
    int length = Math.min(two.length, 32);
    System.arraycopy(two, two.length - length, word, 32 - length, length);
    return Bytes32.wrap(word);
  }

  /**
   * A deploy draft: the bundle with its init arguments encoded by the bundle's ABI, in one
   * transaction. A bundle whose payload exceeds the chain's {@code maxTransactionSize} cannot go
   * this way: {@link #deploy} and {@link #deployDraft(ParleyClient, KeyPair, Bundle, Object...)}
   * upload it in parts first.
   */
  public static TransactionTemplate deployDraft(Bundle bundle, Object... initArguments) {
    return Transactions.deploy(bundle, initArguments(bundle, initArguments));
  }

  /** The RLP-encoded {@code init} arguments, by the bundle's ABI. */
  public static Bytes initArguments(Bundle bundle, Object... initArguments) {
    Abi abi = bundle.abi();
    List<Abi.Param> params = abi.init().map(Abi.FunctionDef::inputs).orElse(List.of());
    return encode(new AbiTypes(abi.structs()), params, "init", initArguments);
  }

  /**
   * A deploy draft for a bundle of any size: a bundle too large for one transaction is first
   * uploaded in parts signed by {@code key} (docs/spec/deploy-in-parts.md; every part's receipt is
   * awaited), and the draft deploys it by reference. Sign the draft with the same key.
   */
  public static TransactionTemplate deployDraft(
      ParleyClient client, KeyPair key, Bundle bundle, Object... initArguments)
      throws RpcClientException, InterruptedException {
    Bytes payload =
        DeployInParts.prepare(
                client,
                key,
                bundle.encode(),
                initArguments(bundle, initArguments),
                java.util.Optional.empty(),
                RECEIPT_TIMEOUT,
                progress -> {})
            .deployPayload();
    return Transactions.of(
        TransactionKind.DEPLOY, java.util.Optional.empty(), UInt256.ZERO, payload);
  }

  /** How long {@link #deploy} waits for each receipt. */
  private static final Duration RECEIPT_TIMEOUT = Duration.ofSeconds(60);

  /**
   * Deploys and waits for the receipt; a failed deployment throws with the receipt's reason. A
   * bundle too large for one transaction is uploaded in parts first.
   */
  public static ContractClient deploy(
      ParleyClient client, KeyPair key, Bundle bundle, Object... initArguments)
      throws RpcClientException, InterruptedException {
    SentTransaction sent = client.send(deployDraft(client, key, bundle, initArguments), key);
    TransactionReceipt receipt = client.awaitReceipt(sent.hash(), RECEIPT_TIMEOUT);
    if (!receipt.success()) {
      throw new RpcClientException(
          0,
          "deployment "
              + sent.hash()
              + " failed: "
              + receipt.failureReason().orElse("(no reason given)"));
    }
    return new ContractClient(client, sent.contractAddress().orElseThrow(), bundle.abi());
  }

  /** The call payload's encoded arguments for {@code action}. */
  public Bytes encodeArguments(String action, Object... arguments) {
    return encode(types, actionDef(action).inputs(), action, arguments);
  }

  /** A call draft for {@code action}; send it with {@link ParleyClient#send}. */
  public TransactionTemplate callDraft(String action, Object... arguments) {
    return Transactions.call(address, action, encodeArguments(action, arguments));
  }

  /** Sends a call of {@code action} signed by {@code key} (nonce and gas from the node). */
  public SentTransaction call(KeyPair key, String action, Object... arguments)
      throws RpcClientException {
    return client.send(callDraft(action, arguments), key);
  }

  /** Sends a call of {@code action} carrying {@code value} base units to the contract. */
  public SentTransaction callWithValue(
      KeyPair key, UInt256 value, String action, Object... arguments) throws RpcClientException {
    return client.send(callDraft(action, arguments).withValue(value), key);
  }

  /** Calls and waits for the receipt (up to 60 s); a failed call returns its failed receipt. */
  public TransactionReceipt callAndWait(KeyPair key, String action, Object... arguments)
      throws RpcClientException, InterruptedException {
    return client.awaitReceipt(
        call(key, action, arguments).hash(), java.time.Duration.ofSeconds(60));
  }

  /** Queries {@code view} at the latest block; its value as JSON by ABI type. */
  public JsonNode query(String view, Object... arguments) throws RpcClientException {
    Abi.FunctionDef def =
        abi.view(view)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "contract " + abi.contract() + " has no view '" + view + "'"));
    ArrayNode args = toJsonArguments(def.inputs(), view, arguments);
    return client.rpc().call("contract_query", address.toHexString(), view, args).get("value");
  }

  /** Submits one element of {@code collection} as a secret input (parley-abi/2 contracts). */
  public SentTransaction submitSecretInput(KeyPair key, String collection, List<BigInteger> values)
      throws RpcClientException {
    if (abi.collection(collection).isEmpty()) {
      throw new IllegalArgumentException(
          "contract " + abi.contract() + " has no collection '" + collection + "'");
    }
    return client.send(SecretInputs.draft(client.committee(address), collection, 0, values), key);
  }

  /** An event of this contract decoded by its ABI: field values by name, in field order. */
  public record DecodedEvent(String name, Map<String, Object> fields) {}

  /** This contract's events in a receipt, decoded; events of other sources are skipped. */
  public List<DecodedEvent> events(TransactionReceipt receipt) {
    List<DecodedEvent> out = new ArrayList<>();
    for (TransactionReceipt.Event e : receipt.events()) {
      if (Address.fromHex(e.source()).equals(address)) {
        decode(e.topics(), e.data()).ifPresent(out::add);
      }
    }
    return out;
  }

  /**
   * Decodes one event by its topic 0; empty for an event this ABI does not declare (the chain's own
   * {@code InputSubmitted}, for instance). Indexed {@code bytes} fields stay as their keccak256
   * topic.
   */
  public java.util.Optional<DecodedEvent> decode(List<Bytes32> topics, Bytes data) {
    if (topics.isEmpty()) {
      return java.util.Optional.empty();
    }
    String topic0 = topics.get(0).toHexString();
    for (Abi.EventDef def : abi.events()) {
      if (!def.topic().equalsIgnoreCase(topic0)) {
        continue;
      }
      List<Type> dataTypes = new ArrayList<>();
      List<String> dataNames = new ArrayList<>();
      for (Abi.EventField f : def.fields()) {
        if (!f.indexed()) {
          dataTypes.add(types.parse(f.type()));
          dataNames.add(f.name());
        }
      }
      List<Object> dataValues;
      try {
        dataValues = Values.decodeList(dataTypes, dataNames, data);
      } catch (AbiException e) {
        throw new IllegalArgumentException(
            "event " + def.name() + ": data does not decode: " + e.getMessage(), e);
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      int topic = 1;
      int item = 0;
      for (Abi.EventField f : def.fields()) {
        if (f.indexed()) {
          fields.put(f.name(), fromTopic(types.parse(f.type()), topics.get(topic++)));
        } else {
          fields.put(f.name(), dataValues.get(item++));
        }
      }
      return java.util.Optional.of(new DecodedEvent(def.name(), fields));
    }
    return java.util.Optional.empty();
  }

  private static Object fromTopic(Type type, Bytes32 word) {
    return switch (type) {
      case Type.Int t ->
          t.signed() ? new BigInteger(word.toArrayUnsafe()) : word.toUnsignedBigInteger();
      case Type.Bool b -> !word.isZero();
      case Type.AddressT a -> new Address(word.slice(12));
      default -> word;
    };
  }

  private Abi.FunctionDef actionDef(String action) {
    return abi.action(action)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "contract "
                        + abi.contract()
                        + " has no action '"
                        + action
                        + "' (actions: "
                        + abi.actions().stream().map(Abi.FunctionDef::name).toList()
                        + ")"));
  }

  private static Bytes encode(
      AbiTypes types, List<Abi.Param> params, String function, Object... arguments) {
    try {
      return JsonValues.encodeArguments(
          types, params, toJsonArguments(params, function, arguments));
    } catch (AbiException e) {
      throw new IllegalArgumentException(function + ": " + e.getMessage(), e);
    }
  }

  private static ArrayNode toJsonArguments(
      List<Abi.Param> params, String function, Object... arguments) {
    if (arguments.length != params.size()) {
      throw new IllegalArgumentException(
          function
              + " takes "
              + params.size()
              + " argument(s) "
              + params.stream().map(p -> p.name() + ": " + p.type()).toList()
              + ", got "
              + arguments.length);
    }
    ArrayNode array = JSON.arrayNode();
    for (Object a : arguments) {
      array.add(toJson(a));
    }
    return array;
  }

  /** A Java value as the JSON of docs/rpc.md's contract values. */
  public static JsonNode toJson(Object value) {
    return switch (value) {
      case null -> throw new IllegalArgumentException("null is not a contract value");
      case JsonNode n -> n;
      case BigInteger n -> JSON.textNode(n.toString());
      case Long n -> JSON.textNode(n.toString());
      case Integer n -> JSON.textNode(n.toString());
      case Boolean b -> JSON.booleanNode(b);
      case Address a -> JSON.textNode(a.toHexString());
      case Bytes b -> JSON.textNode(b.toHexString());
      case byte[] b -> JSON.textNode(Bytes.wrap(b).toHexString());
      case List<?> list -> {
        ArrayNode array = JSON.arrayNode();
        list.forEach(v -> array.add(toJson(v)));
        yield array;
      }
      case Map<?, ?> map -> {
        ObjectNode object = JSON.objectNode();
        map.forEach((k, v) -> object.set(k.toString(), toJson(v)));
        yield object;
      }
      default ->
          throw new IllegalArgumentException(
              "a " + value.getClass().getSimpleName() + " is not a contract value");
    };
  }

  // Conversions of view results, used by generated facades.

  public static BigInteger integer(JsonNode n) {
    return new BigInteger(n.asText());
  }

  public static boolean bool(JsonNode n) {
    return n.asBoolean();
  }

  public static Address address(JsonNode n) {
    return Address.fromHex(n.asText());
  }

  public static Bytes bytes(JsonNode n) {
    return Bytes.fromHexString(n.asText());
  }

  public static <T> List<T> list(JsonNode n, Function<JsonNode, T> element) {
    List<T> out = new ArrayList<>();
    n.forEach(e -> out.add(element.apply(e)));
    return List.copyOf(out);
  }
}
