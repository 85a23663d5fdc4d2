package io.parley.contracts.abi;

import java.util.List;
import java.util.Optional;

/** The ABI of a compiled contract (docs/spec/language.md section 7, format parley-abi/1). */
public record Abi(
    String contract,
    List<StructDef> structs,
    List<StateDef> state,
    Optional<FunctionDef> init,
    List<FunctionDef> actions,
    List<FunctionDef> views,
    List<EventDef> events,
    List<ConfidentialDef> confidential,
    List<CollectionDef> collections) {
  public static final String FORMAT = "parley-abi/1";

  /** Version 2 adds collections, starts and callbacks (parley-lang/2). */
  public static final String FORMAT_2 = "parley-abi/2";

  public Abi(
      String contract,
      List<StructDef> structs,
      List<StateDef> state,
      Optional<FunctionDef> init,
      List<FunctionDef> actions,
      List<FunctionDef> views,
      List<EventDef> events,
      List<ConfidentialDef> confidential) {
    this(contract, structs, state, init, actions, views, events, confidential, List.of());
  }

  public Abi {
    collections = List.copyOf(collections);
    structs = List.copyOf(structs);
    state = List.copyOf(state);
    actions = List.copyOf(actions);
    views = List.copyOf(views);
    events = List.copyOf(events);
    confidential = List.copyOf(confidential);
  }

  public record Param(String name, String type) {}

  public record StructDef(String name, List<Param> fields) {
    public StructDef {
      fields = List.copyOf(fields);
    }
  }

  public record StateDef(String name, String type, boolean secret, String slot) {}

  public record FunctionDef(String name, List<Param> inputs, Optional<String> output) {
    public FunctionDef {
      inputs = List.copyOf(inputs);
    }
  }

  public record EventField(String name, String type, boolean indexed) {}

  public record EventDef(String name, String signature, String topic, List<EventField> fields) {
    public EventDef {
      fields = List.copyOf(fields);
    }
  }

  public record CircuitInput(String name, String kind, String type) {}

  /**
   * A circuit output; with {@code to = "address"} exactly one of {@code address} (fixed) and {@code
   * recipient} (the name of an address parameter) is present.
   */
  public record CircuitOutput(
      String name, String to, String type, Optional<String> address, Optional<String> recipient) {
    public CircuitOutput(String name, String to, String type, Optional<String> address) {
      this(name, to, type, address, Optional.empty());
    }
  }

  public record ConfidentialDef(
      String name, String circuit, List<CircuitInput> inputs, List<CircuitOutput> outputs) {
    public ConfidentialDef {
      inputs = List.copyOf(inputs);
      outputs = List.copyOf(outputs);
    }
  }

  /**
   * A collection of secret inputs: its fields (one named {@code value} for single values), its
   * capacity, whether a new input replaces the owner's, and the validity predicate as written with
   * the circuit that checks it on arrival.
   */
  public record CollectionDef(
      String name,
      int capacity,
      boolean onePerOwner,
      List<Param> fields,
      Optional<String> where,
      Optional<String> validCircuit) {
    public CollectionDef {
      fields = List.copyOf(fields);
    }
  }

  public Optional<CollectionDef> collection(String name) {
    return collections.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** True when the contract uses parley-lang/2 features (collections, starts, callbacks). */
  public boolean version2() {
    return !collections.isEmpty()
        || actions.stream().anyMatch(a -> a.name().contains("__"))
        || events.stream().anyMatch(e -> e.name().contains("__"));
  }

  public Optional<FunctionDef> action(String name) {
    return actions.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  public Optional<FunctionDef> view(String name) {
    return views.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  public Optional<EventDef> event(String name) {
    return events.stream().filter(e -> e.name().equals(name)).findFirst();
  }
}
