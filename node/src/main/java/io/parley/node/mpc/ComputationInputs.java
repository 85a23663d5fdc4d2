package io.parley.node.mpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.crypto.Hashing;
import io.parley.base.types.Address;
import io.parley.contracts.abi.Abi;
import io.parley.contracts.abi.Values;
import io.parley.contracts.check.Type;
import io.parley.contracts.runtime.LoadedContract;
import io.parley.node.execution.ComputationRegistry;
import io.parley.zk.attestation.Statement;
import io.parley.zk.circuit.CircuitParser;
import io.parley.zk.circuit.CircuitValidator;
import io.parley.zk.circuit.ValidatedCircuit;
import io.parley.zk.computation.InputFormat;
import io.parley.zk.computation.ShareVector;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * What a committee member needs to run a started computation (docs/spec/computations.md): the
 * circuit, the public arguments and recipients from the start event, each collection's count and
 * presence bits from the record, and its own shares of the inputs the record names; and, once the
 * engine has run, the statement it signs (docs/spec/attestation.md).
 */
public final class ComputationInputs {
  /** A started computation as the registry records it. */
  public record Started(
      Bytes32 id,
      Address contract,
      String function,
      Bytes arguments,
      List<Statement.CollectionInputs> inputs) {
    public Started {
      inputs = List.copyOf(inputs);
    }

    /** From a {@code zk_getComputation} answer. */
    public static Started fromRpc(JsonNode r) {
      List<Statement.CollectionInputs> inputs = new ArrayList<>();
      for (JsonNode c : r.get("inputs")) {
        List<Statement.StoredInput> used = new ArrayList<>();
        for (JsonNode u : c.get("used")) {
          used.add(
              new Statement.StoredInput(
                  Integer.decode(u.get("index").asText()),
                  Bytes32.fromHexString(u.get("id").asText())));
        }
        inputs.add(new Statement.CollectionInputs(c.get("collection").asText(), used));
      }
      return new Started(
          Bytes32.fromHexString(r.get("id").asText()),
          Address.fromHex(r.get("contract").asText()),
          r.get("function").asText(),
          Bytes.fromHexString(r.get("arguments").asText()),
          inputs);
    }
  }

  /** The public side of a run: circuit, public values, recipients. */
  public record Prepared(
      Abi.ConfidentialDef def,
      String circuitJson,
      ValidatedCircuit circuit,
      Map<String, BigInteger[]> publicValues,
      Map<String, String> recipients) {}

  private ComputationInputs() {}

  public static Prepared prepare(LoadedContract code, Started started) {
    return prepare(
        code,
        started,
        (name, json) ->
            CircuitValidator.validate(CircuitParser.parse(json.getBytes(StandardCharsets.UTF_8))));
  }

  /** As above, with {@code circuits} parsing and validating circuit (name, json). */
  public static Prepared prepare(
      LoadedContract code,
      Started started,
      java.util.function.BiFunction<String, String, ValidatedCircuit> circuits) {
    Abi abi = code.abi();
    Abi.ConfidentialDef def =
        abi.confidential().stream()
            .filter(c -> c.name().equals(started.function()))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no function " + started.function()));
    String json = code.bundle().circuits().get(def.circuit());
    ValidatedCircuit circuit = circuits.apply(def.circuit(), json);
    if (ComputationRegistry.isValidity(started.function())) {
      // a validity check started by the chain: no arguments, the one input's fields as inputs
      return new Prepared(def, json, circuit, Map.of(), Map.of());
    }
    Abi.EventDef event =
        abi.events().stream()
            .filter(e -> e.name().equals("start__" + started.function()))
            .findFirst()
            .orElseThrow();
    List<Type> types = event.fields().stream().map(f -> code.types().parse(f.type())).toList();
    List<String> names = event.fields().stream().map(Abi.EventField::name).toList();
    List<Object> values = Values.decodeList(types, names, started.arguments());
    Map<String, BigInteger[]> publicValues = new LinkedHashMap<>();
    Map<String, String> recipients = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      Object v = values.get(i);
      switch (v) {
        case Address a -> recipients.put(names.get(i), a.toHexString());
        case Boolean b ->
            publicValues.put(names.get(i), new BigInteger[] {b ? BigInteger.ONE : BigInteger.ZERO});
        case BigInteger n -> publicValues.put(names.get(i), new BigInteger[] {n});
        default -> throw new IllegalArgumentException("unexpected argument " + names.get(i));
      }
    }
    for (Statement.CollectionInputs c : started.inputs()) {
      Abi.CollectionDef def2 = abi.collection(c.collection()).orElseThrow();
      BigInteger[] present = new BigInteger[def2.capacity()];
      java.util.Arrays.fill(present, BigInteger.ZERO);
      c.used().forEach(u -> present[u.index()] = BigInteger.ONE);
      publicValues.put(
          c.collection() + "__count", new BigInteger[] {BigInteger.valueOf(c.used().size())});
      publicValues.put(c.collection() + "__present", present);
    }
    return new Prepared(def, json, circuit, publicValues, recipients);
  }

  /**
   * Member {@code self}'s shares of each collection field the function reads: its stored share at
   * every index the record names, zero shares elsewhere.
   */
  public static Map<String, ShareVector> held(
      LoadedContract code,
      Started started,
      InputFollower follower,
      int self,
      int members,
      InputFormat format) {
    Map<String, ShareVector> out = new LinkedHashMap<>();
    if (ComputationRegistry.isValidity(started.function())) {
      return validityInput(code, started, follower, self);
    }
    for (Statement.CollectionInputs c : started.inputs()) {
      Abi.CollectionDef def = code.abi().collection(c.collection()).orElseThrow();
      List<List<ShareVector>> perField = new ArrayList<>();
      def.fields().forEach(f -> perField.add(new ArrayList<>()));
      Map<Integer, Bytes32> ids = new LinkedHashMap<>();
      c.used().forEach(u -> ids.put(u.index(), u.id()));
      for (int i = 0; i < def.capacity(); i++) {
        ShareVector element = null;
        Bytes32 wanted = ids.get(i);
        if (wanted != null) {
          InputFollower.HeldInput h =
              follower
                  .held(started.contract(), c.collection(), i)
                  .filter(x -> x.id().equals(wanted))
                  .orElseThrow(
                      () ->
                          new IllegalStateException(
                              "member " + self + " does not hold input " + wanted));
          element = fields(h, def.fields().size(), self);
        }
        for (int f = 0; f < def.fields().size(); f++) {
          perField.get(f).add(element == null ? format.zeros(self, members, 1) : slice(element, f));
        }
      }
      for (int f = 0; f < def.fields().size(); f++) {
        String field = def.fields().get(f).name();
        boolean single = def.fields().size() == 1 && field.equals("value");
        out.put(
            single ? c.collection() : c.collection() + "__" + field,
            ShareVector.concat(perField.get(f)));
      }
    }
    return out;
  }

  /**
   * A validity check's input (computations.md section 4): member {@code self}'s shares of the one
   * input it checks, by field name, as dealt secret inputs (so the engine's input check runs on
   * them first).
   */
  private static Map<String, ShareVector> validityInput(
      LoadedContract code, Started started, InputFollower follower, int self) {
    Statement.CollectionInputs c = started.inputs().get(0);
    Statement.StoredInput u = c.used().get(0);
    Abi.CollectionDef def = code.abi().collection(c.collection()).orElseThrow();
    InputFollower.HeldInput h =
        follower
            .held(started.contract(), c.collection(), u.index())
            .filter(x -> x.id().equals(u.id()))
            .orElseThrow(
                () ->
                    new IllegalStateException("member " + self + " does not hold input " + u.id()));
    ShareVector element = fields(h, def.fields().size(), self);
    Map<String, ShareVector> out = new LinkedHashMap<>();
    for (int f = 0; f < def.fields().size(); f++) {
      out.put(def.fields().get(f).name(), slice(element, f));
    }
    return out;
  }

  /** A held element's m field shares (its plaintext holds a Shamir element's mask after them). */
  private static ShareVector fields(InputFollower.HeldInput h, int m, int self) {
    return h.format().fields(dealt(h, m, self), m);
  }

  private static ShareVector dealt(InputFollower.HeldInput h, int m, int self) {
    return h.format().parse(h.plain().toArrayUnsafe(), h.format().dealt(m), self);
  }

  /**
   * A validity check's mask share: on Shamir the wallet dealt a mask with the element, and the
   * engine's consistency check opens the element under it (secret-inputs.md section 6); empty for
   * other computations and for rep4.
   */
  static Optional<ShareVector> checkMask(
      LoadedContract code, Started started, InputFollower follower, int self) {
    if (!ComputationRegistry.isValidity(started.function())) {
      return Optional.empty();
    }
    Statement.CollectionInputs c = started.inputs().get(0);
    Statement.StoredInput u = c.used().get(0);
    int m = code.abi().collection(c.collection()).orElseThrow().fields().size();
    return follower
        .held(started.contract(), c.collection(), u.index())
        .filter(x -> x.id().equals(u.id()))
        .flatMap(h -> h.format().mask(dealt(h, m, self), m));
  }

  private static ShareVector slice(ShareVector v, int i) {
    return switch (v) {
      case ShareVector.Field f ->
          new ShareVector.Field(new io.parley.zk.field.FieldElement[] {f.shares()[i]});
      case ShareVector.Replicated r -> new ShareVector.Replicated(r.shares().slice(i, i + 1));
    };
  }

  /** The statement the members sign for a finished run (docs/spec/attestation.md section 1). */
  public static Statement statement(
      long chainId,
      Started started,
      Prepared prepared,
      Map<String, BigInteger[]> publicOutputs,
      Map<String, String> deliveredTo,
      Bytes32 transcript) {
    List<Statement.PublicOutput> outputs = new ArrayList<>();
    List<Statement.RecipientOutput> recipients = new ArrayList<>();
    List<String> state = new ArrayList<>();
    for (Abi.CircuitOutput o : prepared.def().outputs()) {
      switch (o.to()) {
        case "public" ->
            outputs.add(new Statement.PublicOutput(o.name(), List.of(publicOutputs.get(o.name()))));
        case "address" ->
            recipients.add(
                new Statement.RecipientOutput(
                    o.name(),
                    Address.fromHex(
                        o.address()
                            .orElseGet(
                                () -> prepared.recipients().get(o.recipient().orElseThrow())))));
        default -> state.add(o.name());
      }
    }
    return new Statement(
        chainId,
        started.contract(),
        started.id(),
        Hashing.keccak256(Bytes.wrap(prepared.circuitJson().getBytes(StandardCharsets.UTF_8))),
        started.inputs(),
        outputs,
        recipients,
        state,
        transcript);
  }
}
