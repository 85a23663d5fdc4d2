package io.parley.node.execution;

import io.parley.contracts.runtime.LoadedContract;
import io.parley.genesis.MpcCommittee;
import io.parley.zk.circuit.CircuitParser;
import io.parley.zk.circuit.CircuitValidator;
import io.parley.zk.computation.Protocol;
import io.parley.zk.computation.Protocols;
import io.parley.zk.computation.Workload;
import io.parley.zk.inputs.InputCommittee;
import io.parley.zk.inputs.PlainFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The genesis MPC committee as each contract's secret inputs see it (docs/spec/secret-inputs.md
 * section 1): the protocol (pinned in genesis, or chosen from the contract's circuits, ADR 0028),
 * hence the sharing format, and the members' signing and encryption keys. Deterministic on every
 * validator; cached per code hash.
 */
public final class ContractCommittees {
  private static final int CACHE = 256;

  private final MpcCommittee genesis;
  private final Map<Bytes32, InputCommittee> byCode = lru();

  /** The protocol of each code: choosing it validates every circuit (5M wires for the bank's). */
  private final Map<Bytes32, Protocol> protocolByCode = lru();

  private final Set<Bytes32> possibleHashes;

  /** The {@value #CACHE} most recently used entries by code hash. */
  private static <V> Map<Bytes32, V> lru() {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Bytes32, V> eldest) {
        return size() > CACHE;
      }
    };
  }

  public ContractCommittees(MpcCommittee genesis) {
    this.genesis = genesis;
    Set<Bytes32> hashes = new java.util.HashSet<>();
    if (acceptsSecretInputs()) {
      for (PlainFormat f : PlainFormat.values()) {
        committeeFor(f).ifPresent(c -> hashes.add(c.hash()));
      }
    }
    this.possibleHashes = Set.copyOf(hashes);
  }

  /** True when genesis gives the committee encryption keys, so the chain takes secret inputs. */
  public boolean acceptsSecretInputs() {
    return !genesis.members().isEmpty() && !genesis.encryptionKeys().isEmpty();
  }

  public MpcCommittee genesis() {
    return genesis;
  }

  /**
   * Why this chain's committee cannot run {@code contract}'s circuits (a genesis-pinned protocol
   * that does not support them), if it cannot; a contract without circuits always deploys.
   */
  public Optional<String> cannotRun(LoadedContract contract) {
    if (contract.bundle().circuits().isEmpty() || genesis.members().isEmpty()) {
      return Optional.empty();
    }
    try {
      protocol(contract);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of("the MPC committee cannot run this contract: " + e.getMessage());
    }
  }

  /** The number of committee members (0 without a committee). */
  public int size() {
    return genesis.members().size();
  }

  /**
   * The protocol the committee runs {@code contract}'s computations with, chosen once per code hash
   * (members ask before every attempt, validators for every secret input).
   */
  public Protocol protocol(LoadedContract contract) {
    synchronized (protocolByCode) {
      Protocol cached = protocolByCode.get(contract.codeHash());
      if (cached != null) {
        return cached;
      }
    }
    Protocol chosen = choose(contract);
    synchronized (protocolByCode) {
      protocolByCode.put(contract.codeHash(), chosen);
    }
    return chosen;
  }

  private Protocol choose(LoadedContract contract) {
    List<Workload> workloads = new ArrayList<>();
    for (String json : new TreeSet<>(contract.bundle().circuits().keySet())) {
      String doc = contract.bundle().circuits().get(json);
      workloads.add(
          new Workload.CircuitWorkload(
              CircuitValidator.validate(
                  CircuitParser.parse(doc.getBytes(StandardCharsets.UTF_8)))));
    }
    return Protocols.choose(genesis.protocol(), genesis.members().size(), workloads);
  }

  /**
   * The committee a wallet seals {@code contract}'s secret inputs for.
   *
   * @throws IllegalArgumentException when genesis pins a protocol that cannot run the contract's
   *     circuits (its inputs then have no committee)
   */
  public synchronized InputCommittee forContract(LoadedContract contract) {
    if (!acceptsSecretInputs()) {
      throw new IllegalStateException("the committee has no encryption keys");
    }
    InputCommittee cached = byCode.get(contract.codeHash());
    if (cached != null) {
      return cached;
    }
    InputCommittee c = committee(PlainFormat.byId(protocol(contract).inputFormat().name()));
    byCode.put(contract.codeHash(), c);
    return c;
  }

  /** The committee hashes any contract's inputs can name (one per format this committee runs). */
  public Set<Bytes32> possibleHashes() {
    return possibleHashes;
  }

  private Optional<InputCommittee> committeeFor(PlainFormat format) {
    try {
      return Optional.of(committee(format));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private InputCommittee committee(PlainFormat format) {
    List<InputCommittee.MemberKeys> keys = new ArrayList<>();
    for (int j = 0; j < genesis.members().size(); j++) {
      keys.add(
          new InputCommittee.MemberKeys(
              genesis.members().get(j).publicKey(), genesis.encryptionKeys().get(j)));
    }
    return new InputCommittee(genesis.threshold(), format, keys);
  }
}
