package io.parley.node.execution;

import io.parley.base.crypto.Hashing;
import io.parley.base.tx.Transaction;
import io.parley.base.types.Address;
import io.parley.contracts.abi.AbiException;
import io.parley.contracts.abi.DeployParts;
import io.parley.contracts.runtime.ContractHost;
import io.parley.contracts.runtime.GasSchedule;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The code store account {@link DeployParts#CODE_STORE} (docs/spec/deploy-in-parts.md): calls to it
 * upload parts of a bundle, kept in its storage under keys of the sender and the code hash, and a
 * deploy by reference assembles them. Parts of one sender never serve another sender's deploy.
 */
final class CodeStore {
  private CodeStore() {}

  /** The outcome of assembling an upload: the bundle, or why there is none. */
  sealed interface Assembly {
    record Assembled(Bytes bundle, int parts) implements Assembly {}

    record Refused(String reason) implements Assembly {}
  }

  /** Why a call to the code store cannot be a part upload, if it cannot (admission, 4015). */
  static Optional<String> uploadProblem(Transaction tx, int maxTransactionSize) {
    if (!tx.value().isZero()) {
      return Optional.of("code part: a part carries no value");
    }
    try {
      DeployParts.Part.decode(tx.payload(), maxTransactionSize);
      return Optional.empty();
    } catch (AbiException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** The gas an accepted part of {@code size} bytes costs beyond its intrinsic gas. */
  static long partGas(GasSchedule gas, int size) {
    return DeployParts.PART_GAS + gas.storagePerWord() * ((size + 31L) / 32);
  }

  /** Stores one part sent by {@code sender} (a call to the code store). */
  static ContractTransactions.Result upload(
      ContractHost host,
      Address sender,
      Transaction tx,
      GasSchedule gas,
      int maxTransactionSize,
      long available) {
    Optional<String> problem = uploadProblem(tx, maxTransactionSize);
    if (problem.isPresent()) {
      return ContractTransactions.Result.failed(0, problem.get());
    }
    DeployParts.Part p = DeployParts.Part.decode(tx.payload(), maxTransactionSize);
    long cost = partGas(gas, p.bytes().size());
    if (cost > available) {
      return ContractTransactions.Result.failed(
          available, "out of gas (a part of " + p.bytes().size() + " bytes costs " + cost + ")");
    }
    Bytes32 recordKey = DeployParts.uploadKey(sender, p.codeHash());
    Optional<DeployParts.Upload> previous =
        host.storageGet(DeployParts.CODE_STORE, recordKey).map(DeployParts.Upload::decode);
    String upload = "code part: upload " + p.codeHash();
    if (previous.isPresent() && previous.get().parts() != p.parts()) {
      return ContractTransactions.Result.failed(
          0, upload + " has " + previous.get().parts() + " parts, this part says " + p.parts());
    }
    Bytes32 partKey = DeployParts.partKey(sender, p.codeHash(), p.part());
    if (host.storageGet(DeployParts.CODE_STORE, partKey).isPresent()) {
      return ContractTransactions.Result.failed(
          0, upload + " already has part " + p.part() + " of " + p.parts());
    }
    long bytes = previous.map(DeployParts.Upload::bytes).orElse(0L) + p.bytes().size();
    if (bytes > DeployParts.MAX_BUNDLE_BYTES) {
      return ContractTransactions.Result.failed(
          0, upload + " would hold " + bytes + " bytes, more than " + DeployParts.MAX_BUNDLE_BYTES);
    }
    int received = previous.map(DeployParts.Upload::received).orElse(0) + 1;
    host.storageSet(DeployParts.CODE_STORE, partKey, p.bytes());
    host.storageSet(
        DeployParts.CODE_STORE,
        recordKey,
        new DeployParts.Upload(p.parts(), received, bytes).encode());
    return new ContractTransactions.Result(true, cost, List.of(), Optional.empty());
  }

  /** {@code sender}'s complete upload of {@code codeHash}, checked against the hash. */
  static Assembly assemble(ContractHost host, Address sender, Bytes32 codeHash) {
    Optional<DeployParts.Upload> record =
        host.storageGet(DeployParts.CODE_STORE, DeployParts.uploadKey(sender, codeHash))
            .map(DeployParts.Upload::decode);
    if (record.isEmpty()) {
      return new Assembly.Refused("deploy: no upload " + codeHash + " from " + sender);
    }
    DeployParts.Upload u = record.get();
    if (u.received() < u.parts()) {
      return new Assembly.Refused(
          "deploy: upload " + codeHash + " has " + u.received() + " of " + u.parts() + " parts");
    }
    Bytes[] slices = new Bytes[u.parts()];
    for (int i = 0; i < u.parts(); i++) {
      slices[i] =
          host.storageGet(DeployParts.CODE_STORE, DeployParts.partKey(sender, codeHash, i))
              .orElseThrow(() -> new IllegalStateException("upload record and parts disagree"));
    }
    Bytes bundle = Bytes.concatenate(slices);
    Bytes32 actual = Hashing.keccak256(bundle);
    if (!actual.equals(codeHash)) {
      return new Assembly.Refused(
          "deploy: the "
              + u.parts()
              + " parts of upload "
              + codeHash
              + " ("
              + bundle.size()
              + " bytes) hash to "
              + actual);
    }
    return new Assembly.Assembled(bundle, u.parts());
  }

  /** Deletes {@code sender}'s upload of {@code codeHash}: its parts and its record. */
  static void clear(ContractHost host, Address sender, Bytes32 codeHash, int parts) {
    for (int i = 0; i < parts; i++) {
      host.storageSet(
          DeployParts.CODE_STORE, DeployParts.partKey(sender, codeHash, i), Bytes.EMPTY);
    }
    host.storageSet(DeployParts.CODE_STORE, DeployParts.uploadKey(sender, codeHash), Bytes.EMPTY);
  }
}
