package io.parley.sdk.tx;

import io.parley.base.tx.TransactionKind;
import io.parley.base.types.Address;
import io.parley.contracts.abi.Bundle;
import io.parley.contracts.abi.DeployParts;
import io.parley.contracts.abi.Payloads;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * Drafts for every transaction kind of docs/spec/transactions.md ({@link TransactionKind}): set or
 * fill the chain fields, then {@link TransactionTemplate#sign}. Payload shapes are
 * docs/spec/language.md section 8 (deploy, call) and docs/spec/secret-inputs.md section 4 (secret
 * input, built by {@code SecretInputs}).
 */
public final class Transactions {
  /** The intrinsic gas of a transfer on a chain with the default genesis parameters. */
  public static final long TRANSFER_GAS = 21_000;

  private Transactions() {}

  /** Kind 0: moves {@code value} base units to {@code to}. */
  public static TransactionTemplate transfer(Address to, UInt256 value) {
    return TransactionTemplate.of(
        TransactionKind.TRANSFER,
        Optional.of(to),
        value,
        TransactionTemplate.PayloadSource.of(Bytes.EMPTY));
  }

  /** Kind 1: deploys {@code bundle} with the RLP-encoded init arguments. */
  public static TransactionTemplate deploy(Bundle bundle, Bytes encodedInitArguments) {
    return deploy(bundle.encode(), encodedInitArguments);
  }

  /** Kind 1 from an encoded bundle (a .pbundle file's bytes). */
  public static TransactionTemplate deploy(Bytes bundleEncoding, Bytes encodedInitArguments) {
    return TransactionTemplate.of(
        TransactionKind.DEPLOY,
        Optional.empty(),
        UInt256.ZERO,
        TransactionTemplate.PayloadSource.of(
            Payloads.deploy(bundleEncoding, encodedInitArguments)));
  }

  /**
   * Kind 2 to the code store: one part of a bundle deployed in parts
   * (docs/spec/deploy-in-parts.md); {@link DeployParts#split} cuts a bundle into parts.
   */
  public static TransactionTemplate uploadPart(DeployParts.Part part) {
    return TransactionTemplate.of(
        TransactionKind.CALL,
        Optional.of(DeployParts.CODE_STORE),
        UInt256.ZERO,
        TransactionTemplate.PayloadSource.of(part.encode()));
  }

  /**
   * Kind 1 naming an uploaded bundle by its code hash: deploys the sender's complete upload of
   * {@code codeHash} with the RLP-encoded init arguments.
   */
  public static TransactionTemplate deployByReference(
      Bytes32 codeHash, Bytes encodedInitArguments) {
    return TransactionTemplate.of(
        TransactionKind.DEPLOY,
        Optional.empty(),
        UInt256.ZERO,
        TransactionTemplate.PayloadSource.of(
            DeployParts.referenceDeploy(codeHash, encodedInitArguments)));
  }

  /** Kind 2: calls the action {@code function} of {@code contract} with RLP-encoded arguments. */
  public static TransactionTemplate call(
      Address contract, String function, Bytes encodedArguments) {
    return TransactionTemplate.of(
        TransactionKind.CALL,
        Optional.of(contract),
        UInt256.ZERO,
        TransactionTemplate.PayloadSource.of(Payloads.call(function, encodedArguments)));
  }

  /**
   * Kind 3: a secret input to {@code contract}, its payload sealed for the chain, sender and nonce
   * the transaction is signed with ({@code SecretInputs.payload} builds it). Carries no value.
   */
  public static TransactionTemplate secretInput(
      Address contract, TransactionTemplate.PayloadSource sealedPayload) {
    return TransactionTemplate.of(
        TransactionKind.SECRET_INPUT, Optional.of(contract), UInt256.ZERO, sealedPayload);
  }

  /**
   * Kind 4: a committee member's vote for a computation's result (docs/spec/attestation.md section
   * 5), to the contract that started it. Only committee members send these.
   */
  public static TransactionTemplate computationVote(Address contract, Bytes votePayload) {
    return TransactionTemplate.of(
        TransactionKind.COMPUTATION_VOTE,
        Optional.of(contract),
        UInt256.ZERO,
        TransactionTemplate.PayloadSource.of(votePayload));
  }

  /**
   * Any kind with a payload built elsewhere (for instance a payload read back from a node, or a
   * test vector); the typed builders above are the usual way.
   */
  public static TransactionTemplate of(
      TransactionKind kind, Optional<Address> to, UInt256 value, Bytes payload) {
    return TransactionTemplate.of(kind, to, value, TransactionTemplate.PayloadSource.of(payload));
  }

  /** The contract address a deploy signed by {@code sender} with {@code nonce} creates. */
  public static Address contractAddress(Address sender, long nonce) {
    return Payloads.contractAddress(sender, nonce);
  }
}
