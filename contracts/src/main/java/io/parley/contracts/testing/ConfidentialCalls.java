package io.parley.contracts.testing;

import io.parley.base.crypto.Hashing;
import io.parley.base.types.Address;
import io.parley.contracts.abi.Abi;
import io.parley.zk.circuit.CircuitParser;
import io.parley.zk.circuit.CircuitValidator;
import io.parley.zk.circuit.ValidatedCircuit;
import io.parley.zk.computation.Protocol;
import io.parley.zk.local.LocalCommittee;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Runs one deployed contract's confidential functions for the test kit, on the engine's in-process
 * committee ({@link LocalCommittee}) or, in plaintext mode, on {@link PlainCircuitEvaluator}.
 * Secret state stays shared by the committee between runs; {@link #secretState()} decodes it only
 * for the author's assertions.
 */
final class ConfidentialCalls {
  private final Abi abi;
  private final Map<String, String> circuits;
  private final Address contract;
  private final Map<String, ValidatedCircuit> validated = new HashMap<>();
  private final Map<String, LocalCommittee.SharedValues> sharedState = new HashMap<>();
  private final Map<String, Object> plainState = new HashMap<>();
  private long runs;

  ConfidentialCalls(Abi abi, Map<String, String> circuits, Address contract) {
    this.abi = abi;
    this.circuits = circuits;
    this.contract = contract;
  }

  DeployedContract.Computation run(
      ContractTestKit kit, String function, Map<String, Object> arguments) {
    return run(kit, function, arguments, new SecretInputs(contract));
  }

  /** The companion public inputs of a collection: {@code C__count}, {@code C__present}. */
  private boolean companion(String name) {
    return abi.collections().stream()
        .anyMatch(c -> name.equals(c.name() + "__count") || name.equals(c.name() + "__present"));
  }

  /**
   * Runs {@code function} with its collections as {@code inputs} holds them now (elements, count
   * and presence supplied by the committee and the chain, not by the caller).
   */
  DeployedContract.Computation run(
      ContractTestKit kit, String function, Map<String, Object> arguments, SecretInputs inputs) {
    Abi.ConfidentialDef def =
        abi.confidential().stream()
            .filter(c -> c.name().equals(function))
            .findFirst()
            .orElseThrow(
                () -> new IllegalArgumentException("no confidential function '" + function + "'"));
    Map<String, BigInteger[]> secret = new LinkedHashMap<>();
    Map<String, BigInteger[]> publicValues = new LinkedHashMap<>();
    Map<String, Address> recipients = new LinkedHashMap<>();
    for (String name : arguments.keySet()) {
      boolean known =
          def.inputs().stream()
              .anyMatch(
                  i ->
                      i.name().equals(name)
                          && !i.kind().equals("state")
                          && !i.kind().equals("collection")
                          && !companion(i.name()));
      if (!known) {
        throw new IllegalArgumentException(
            "'"
                + function
                + "' has no argument '"
                + name
                + "' (state and collections are supplied by the committee)");
      }
    }
    Map<String, LocalCommittee.SharedValues> held = new LinkedHashMap<>();
    Map<String, Object> plainHeld = new LinkedHashMap<>();
    for (Abi.CollectionDef c : abi.collections()) {
      boolean used =
          def.inputs().stream()
              .anyMatch(
                  i ->
                      i.kind().equals("collection")
                          && (i.name().equals(c.name()) || i.name().startsWith(c.name() + "__")));
      if (!used) {
        continue;
      }
      if (kit.committee().isPresent()) {
        LocalCommittee committee = kit.committee().get();
        held.putAll(inputs.held(c, protocol(committee), committee.size()));
      } else {
        plainHeld.putAll(inputs.plain(c));
      }
      publicValues.putAll(inputs.companions(c));
    }
    for (Abi.CircuitInput in : def.inputs()) {
      if (in.kind().equals("state")
          || in.kind().equals("collection")
          || (in.kind().equals("public") && companion(in.name()))) {
        continue;
      }
      Object value = arguments.get(in.name());
      if (value == null) {
        throw new IllegalArgumentException("missing argument '" + in.name() + "'");
      }
      switch (in.kind()) {
        case "recipient" -> recipients.put(in.name(), address(in.name(), value));
        case "secret" -> secret.put(in.name(), values(in.name(), in.type(), value));
        default -> publicValues.put(in.name(), values(in.name(), in.type(), value));
      }
    }
    Map<String, Address> deliveredTo = new LinkedHashMap<>();
    for (Abi.CircuitOutput o : def.outputs()) {
      o.address().ifPresent(a -> deliveredTo.put(o.name(), Address.fromHex(a)));
      o.recipient().ifPresent(r -> deliveredTo.put(o.name(), recipients.get(r)));
    }
    if (kit.committee().isPresent()) {
      return onCommittee(
          kit.committee().get(), def, secret, held, publicValues, recipients, deliveredTo);
    }
    Map<String, Object> all = new HashMap<>(arguments);
    all.putAll(plainHeld);
    publicValues.forEach(
        (name, values) -> {
          if (companion(name)) {
            all.put(name, name.endsWith("__count") ? values[0] : List.of(values));
          }
        });
    return inPlaintext(def, all, recipients, deliveredTo);
  }

  /** The protocol the committee runs all of this contract's circuits with. */
  Protocol protocol(LocalCommittee committee) {
    return committee.protocolFor(circuits.keySet().stream().sorted().map(this::validated).toList());
  }

  /**
   * Deals an arriving input as its owner's wallet would and, if the collection declares a {@code
   * where} predicate, has the committee check it on the dealt shares (the validity circuit reveals
   * one bit). Empty when the committee finds the input invalid.
   */
  java.util.Optional<Map<String, LocalCommittee.SharedValues>> dealAndCheck(
      LocalCommittee committee, Abi.CollectionDef c, Bytes32 id, Map<String, BigInteger> values) {
    Protocol protocol = protocol(committee);
    Map<String, LocalCommittee.SharedValues> dealt = new LinkedHashMap<>();
    for (Abi.Param field : c.fields()) {
      dealt.put(
          field.name(), committee.deal(protocol, new BigInteger[] {values.get(field.name())}));
    }
    if (c.validCircuit().isPresent()) {
      LocalCommittee.Run check =
          committee.runDealt(
              protocol, id, validated(c.validCircuit().get()), dealt, Map.of(), Map.of(), Map.of());
      if (check.publicOutputs().get("result")[0].signum() == 0) {
        return java.util.Optional.empty();
      }
    }
    return java.util.Optional.of(dealt);
  }

  /** In plaintext mode: the validity predicate evaluated in the clear. */
  boolean validInPlaintext(Abi.CollectionDef c, Map<String, BigInteger> values) {
    if (c.validCircuit().isEmpty()) {
      return true;
    }
    Map<String, Object> in = new HashMap<>(values);
    return ((BigInteger)
                PlainCircuitEvaluator.evaluate(circuits.get(c.validCircuit().get()), in)
                    .outputs()
                    .get("result"))
            .signum()
        != 0;
  }

  private DeployedContract.Computation onCommittee(
      LocalCommittee committee,
      Abi.ConfidentialDef def,
      Map<String, BigInteger[]> secret,
      Map<String, LocalCommittee.SharedValues> held,
      Map<String, BigInteger[]> publicValues,
      Map<String, Address> recipients,
      Map<String, Address> deliveredTo) {
    ValidatedCircuit circuit = validated(def.circuit());
    // one protocol for all of the contract's circuits: its secret state passes between them
    Protocol protocol = protocol(committee);
    Bytes32 id =
        Hashing.keccak256(
            Bytes.concatenate(
                contract.bytes(),
                Bytes.wrap(def.name().getBytes(StandardCharsets.UTF_8)),
                Bytes.ofUnsignedLong(runs++)));
    Map<String, String> accounts = new LinkedHashMap<>();
    recipients.forEach((name, address) -> accounts.put(name, address.toHexString()));
    Map<String, LocalCommittee.SharedValues> holding = new HashMap<>(sharedState);
    holding.putAll(held);
    LocalCommittee.Run run =
        committee.run(protocol, id, circuit, secret, holding, publicValues, accounts);
    sharedState.putAll(run.state());
    Map<String, Object> outputs = new LinkedHashMap<>();
    for (Abi.CircuitOutput o : def.outputs()) {
      BigInteger[] values =
          switch (o.to()) {
            case "public" -> run.publicOutputs().get(o.name());
            case "address" -> run.recipientOutputs().get(o.name());
            default -> run.state().get(o.name()).decode();
          };
      outputs.put(o.name(), shape(o.type(), values));
    }
    return new DeployedContract.Computation(
        outputs, deliveredTo, protocol.name(), run.rounds(), run.messages(), run.bytes());
  }

  private ValidatedCircuit validated(String name) {
    return validated.computeIfAbsent(
        name,
        n ->
            CircuitValidator.validate(
                CircuitParser.parse(circuits.get(n).getBytes(StandardCharsets.UTF_8))));
  }

  private DeployedContract.Computation inPlaintext(
      Abi.ConfidentialDef def,
      Map<String, Object> arguments,
      Map<String, Address> recipients,
      Map<String, Address> deliveredTo) {
    Map<String, Object> all = new HashMap<>(arguments);
    recipients.keySet().forEach(all::remove);
    for (Abi.CircuitInput in : def.inputs()) {
      if (in.kind().equals("state")) {
        all.put(in.name(), plainState.getOrDefault(in.name(), zero(in.type())));
      }
    }
    PlainCircuitEvaluator.Result result =
        PlainCircuitEvaluator.evaluate(circuits.get(def.circuit()), all);
    result
        .destinations()
        .forEach(
            (name, to) -> {
              if (to.equals("state")) {
                plainState.put(name, result.outputs().get(name));
              }
            });
    return new DeployedContract.Computation(result.outputs(), deliveredTo, "plaintext", 0, 0, 0);
  }

  /** The secret state as the committee holds it, decoded (test assertions only). */
  Map<String, Object> secretState(ContractTestKit kit) {
    if (kit.committee().isEmpty()) {
      return Map.copyOf(plainState);
    }
    Map<String, Object> decoded = new HashMap<>();
    sharedState.forEach(
        (name, shares) -> {
          BigInteger[] values = shares.decode();
          decoded.put(name, values.length == 1 ? values[0] : List.of(values));
        });
    return Map.copyOf(decoded);
  }

  private static Object shape(String type, BigInteger[] values) {
    return type.endsWith("]") ? List.of(values) : values[0];
  }

  private static Object zero(String type) {
    if (type.endsWith("]")) {
      int n = Integer.parseInt(type.substring(type.indexOf('[') + 1, type.length() - 1));
      return java.util.Collections.nCopies(n, BigInteger.ZERO);
    }
    return BigInteger.ZERO;
  }

  private static Address address(String name, Object value) {
    return switch (value) {
      case Address a -> a;
      case String s -> Address.fromHex(s);
      default ->
          throw new IllegalArgumentException("'" + name + "' must be an Address or a hex string");
    };
  }

  /** Flattens a scalar or list argument and checks every element against the IR type. */
  private static BigInteger[] values(String name, String type, Object value) {
    boolean array = type.endsWith("]");
    String element = array ? type.substring(0, type.indexOf('[')) : type;
    List<?> items = array ? list(name, value) : List.of(value);
    if (array) {
      int n = Integer.parseInt(type.substring(type.indexOf('[') + 1, type.length() - 1));
      if (items.size() != n) {
        throw new IllegalArgumentException(
            "'" + name + "' needs " + n + " elements, got " + items.size());
      }
    }
    BigInteger[] range = PlainCircuitEvaluator.range(element);
    List<BigInteger> out = new ArrayList<>();
    for (Object item : items) {
      BigInteger v = PlainCircuitEvaluator.integer(name, item);
      if (v.compareTo(range[0]) < 0 || v.compareTo(range[1]) > 0) {
        throw new IllegalArgumentException("'" + name + "' = " + v + " is outside " + element);
      }
      out.add(v);
    }
    return out.toArray(BigInteger[]::new);
  }

  private static List<?> list(String name, Object value) {
    if (value instanceof List<?> l) {
      return l;
    }
    if (value instanceof int[] a) {
      return Arrays.stream(a).boxed().toList();
    }
    if (value instanceof long[] a) {
      return Arrays.stream(a).boxed().toList();
    }
    throw new IllegalArgumentException("'" + name + "' must be a list");
  }
}
