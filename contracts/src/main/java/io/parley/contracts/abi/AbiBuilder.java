package io.parley.contracts.abi;

import io.parley.base.crypto.Hashing;
import io.parley.contracts.check.CheckedContract;
import io.parley.contracts.check.EventInfo;
import io.parley.contracts.check.FunctionInfo;
import io.parley.contracts.check.Symbol;
import io.parley.contracts.check.Type;
import io.parley.contracts.lang.Ast;
import io.parley.contracts.wasm.WasmCodegen;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;

/** Derives the ABI of a checked contract and its compiled circuits. */
public final class AbiBuilder {
  private AbiBuilder() {}

  public static Abi build(CheckedContract contract, List<Abi.ConfidentialDef> confidential) {
    return build(contract, confidential, List.of());
  }

  /** With the contract's collections (parley-lang/2). */
  public static Abi build(
      CheckedContract contract,
      List<Abi.ConfidentialDef> confidential,
      List<io.parley.contracts.lang.Ast.CollectionDecl> collectionDecls) {
    List<Abi.CollectionDef> collections = new ArrayList<>();
    for (var c : collectionDecls) {
      collections.add(
          new Abi.CollectionDef(
              c.name(),
              c.capacity(),
              c.onePerOwner(),
              c.fields().stream()
                  .map(
                      f ->
                          new Abi.Param(
                              f.name(), io.parley.contracts.lang.ManyParties.show(f.type())))
                  .toList(),
              c.where().map(w -> c.whereText()),
              Optional.of(io.parley.contracts.lang.ManyParties.VALID + c.name())));
    }
    List<Abi.StructDef> structs = new ArrayList<>();
    for (Type.Struct s : contract.structs().values()) {
      structs.add(
          new Abi.StructDef(
              s.name(),
              s.fields().stream().map(f -> new Abi.Param(f.name(), f.type().show())).toList()));
    }
    List<Abi.StateDef> state = new ArrayList<>();
    for (Symbol.State s : contract.states()) {
      state.add(
          new Abi.StateDef(
              s.name(),
              s.type().show(),
              s.secret(),
              s.secret() ? "" : WasmCodegen.slotKey(s.name()).toHexString()));
    }
    Optional<Abi.FunctionDef> init = Optional.empty();
    List<Abi.FunctionDef> actions = new ArrayList<>();
    List<Abi.FunctionDef> views = new ArrayList<>();
    for (FunctionInfo f : contract.functions()) {
      Abi.FunctionDef def =
          new Abi.FunctionDef(
              f.name(),
              f.params().stream().map(p -> new Abi.Param(p.name(), p.type().show())).toList(),
              f.returnsValue() ? Optional.of(f.returns().show()) : Optional.empty());
      if (f.kind() == Ast.FunctionKind.INIT) {
        init = Optional.of(def);
      } else if (f.kind() == Ast.FunctionKind.ACTION) {
        actions.add(def);
      } else if (f.kind() == Ast.FunctionKind.VIEW) {
        views.add(def);
      }
    }
    List<Abi.EventDef> events = new ArrayList<>();
    for (EventInfo e : contract.events()) {
      String signature = e.signature();
      events.add(
          new Abi.EventDef(
              e.name(),
              signature,
              topic(signature),
              e.fields().stream()
                  .map(f -> new Abi.EventField(f.name(), f.type().show(), f.indexed()))
                  .toList()));
    }
    return new Abi(
        contract.name(), structs, state, init, actions, views, events, confidential, collections);
  }

  public static String topic(String signature) {
    return Hashing.keccak256(Bytes.wrap(signature.getBytes(StandardCharsets.US_ASCII)))
        .toHexString();
  }
}
