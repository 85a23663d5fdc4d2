package io.parley.node.mpc;

import io.parley.base.crypto.Hashing;
import io.parley.base.types.Address;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import io.parley.zk.attestation.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/** A computation's record and its contract's code, as the certified state at a height holds. */
record ProvenComputation(ComputationInputs.Started started, Bytes32 codeHash, Bytes bundle) {

  /**
   * The record of computation {@code id} and the code of {@code contract} at {@code height}, each
   * checked against the state root of that block, whose commit certificate this member verified
   * itself ({@link VerifiedBlocks}): the record by a storage proof of its registry key, the code by
   * the account proof's code hash. One validator's word is not taken for what the member computes.
   */
  static ProvenComputation read(
      RpcClient client, VerifiedBlocks blocks, Address contract, Bytes32 id, long height)
      throws RpcClientException, VerifiedBlocks.Untrusted {
    return read(client, blocks, contract, id, height, codeHash -> false);
  }

  /**
   * As above; when {@code known} holds the proven code hash the code is not fetched again and
   * {@link #bundle} is empty (the caller has code with that hash).
   */
  static ProvenComputation read(
      RpcClient client,
      VerifiedBlocks blocks,
      Address contract,
      Bytes32 id,
      long height,
      java.util.function.Predicate<Bytes32> known)
      throws RpcClientException, VerifiedBlocks.Untrusted {
    var block =
        blocks
            .fetch(height)
            .orElseThrow(() -> new VerifiedBlocks.Untrusted("block " + height + " is gone"));
    Bytes32 root = block.header().stateRoot();
    String at = "0x" + Long.toHexString(height);
    Bytes32 key = io.parley.node.execution.ComputationRegistry.recordKey(id);
    Optional<Bytes> recordBytes;
    Optional<io.parley.base.state.Account> account;
    try {
      recordBytes =
          io.parley.sdk.verify.ChainVerifier.storage(
              client.call(
                  "state_getStorageProof",
                  io.parley.node.execution.ComputationRegistry.REGISTRY.toHexString(),
                  key.toHexString(),
                  at),
              io.parley.node.execution.ComputationRegistry.REGISTRY,
              key,
              root);
      account =
          io.parley.sdk.verify.ChainVerifier.account(
              client.call("state_getProof", contract.toHexString(), at), contract, root);
    } catch (io.parley.sdk.verify.VerificationException e) {
      throw new VerifiedBlocks.Untrusted(e.getMessage());
    }
    var record =
        io.parley.node.execution.ComputationRegistry.read(
                k -> k.equals(key) ? recordBytes : Optional.empty(), id)
            .orElseThrow(
                () -> new VerifiedBlocks.Untrusted("no record of " + id + " in block " + height));
    if (!record.contract().equals(contract)) {
      throw new VerifiedBlocks.Untrusted("the record of " + id + " names another contract");
    }
    Bytes32 codeHash = account.map(a -> a.codeHash()).orElse(Bytes32.ZERO);
    Bytes bundle = Bytes.EMPTY;
    if (!known.test(codeHash)) {
      bundle =
          Bytes.fromHexString(
              client.call("contract_getCode", contract.toHexString(), at).get("bundle").asText());
      if (!Hashing.keccak256(bundle).equals(codeHash)) {
        throw new VerifiedBlocks.Untrusted(
            "the code served for " + contract + " does not hash to its proven code hash");
      }
    }
    List<Statement.CollectionInputs> inputs = new ArrayList<>();
    for (var used : record.inputs()) {
      List<Statement.StoredInput> stored = new ArrayList<>();
      used.inputs().forEach(i -> stored.add(new Statement.StoredInput((int) i.index(), i.id())));
      inputs.add(new Statement.CollectionInputs(used.collection(), stored));
    }
    return new ProvenComputation(
        new ComputationInputs.Started(
            record.id(), record.contract(), record.function(), record.arguments(), inputs),
        codeHash,
        bundle);
  }
}
