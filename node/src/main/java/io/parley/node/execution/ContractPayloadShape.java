package io.parley.node.execution;

import io.parley.base.encoding.EncodingException;
import io.parley.base.encoding.Rlp;
import io.parley.base.tx.Transaction;
import io.parley.base.types.Address;
import io.parley.contracts.abi.AbiException;
import io.parley.contracts.abi.Bundle;
import io.parley.contracts.abi.DeployParts;
import io.parley.contracts.abi.Payloads;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;

/**
 * The shape of deploy and call payloads (docs/spec/language.md section 8), checked at admission so
 * that a client is told of a payload no contract can run before it pays gas for it. Execution does
 * not depend on this check: a block that carries such a payload still executes it as a failed
 * transaction.
 */
final class ContractPayloadShape {
  private ContractPayloadShape() {}

  /** Why {@code tx}'s payload cannot be a contract payload of its kind, if it cannot. */
  static Optional<String> problem(Transaction tx, int maxTransactionSize) {
    return switch (tx.kind()) {
      case DEPLOY -> deployProblem(tx.payload());
      case CALL -> {
        Optional<Address> to = tx.to();
        if (to.equals(Optional.of(ComputationRegistry.REGISTRY))) {
          yield PrivateOutputs.requestProblem(tx);
        }
        yield to.equals(Optional.of(DeployParts.CODE_STORE))
            ? CodeStore.uploadProblem(tx, maxTransactionSize)
            : callProblem(tx.payload());
      }
      case TRANSFER, SECRET_INPUT, COMPUTATION_VOTE -> Optional.empty();
    };
  }

  private static Optional<String> deployProblem(Bytes payload) {
    List<Bytes> items;
    try {
      items = Rlp.splitList(payload, "deploy payload");
    } catch (EncodingException e) {
      return Optional.of("deploy payload must be RLP([bundle, [arguments]]): " + e.getMessage());
    }
    if (items.size() == 2 && !items.get(0).isEmpty() && (items.get(0).get(0) & 0xff) >= 0xc0) {
      return Optional.of(
          "deploy payload: the bundle is a nested RLP list; it must be one RLP string whose"
              + " bytes are the bundle's encoding (docs/spec/language.md section 8)");
    }
    Payloads.Deploy deploy;
    try {
      deploy = Payloads.decodeDeploy(payload);
    } catch (AbiException e) {
      return Optional.of(e.getMessage());
    }
    if (DeployParts.isReference(deploy)) {
      return Optional.empty();
    }
    try {
      Bundle.decode(deploy.bundle());
    } catch (AbiException e) {
      return Optional.of(
          "deploy payload: the bundle string does not hold a parley-bundle/1 encoding: "
              + e.getMessage());
    }
    return Optional.empty();
  }

  private static Optional<String> callProblem(Bytes payload) {
    try {
      Payloads.decodeCall(payload);
      return Optional.empty();
    } catch (AbiException e) {
      return Optional.of(e.getMessage());
    }
  }
}
