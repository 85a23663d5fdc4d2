package io.parley.sdk.verify;

/**
 * A node's answer did not verify: a block hash that is not its header's, a certificate without a
 * quorum of valid signatures, a Merkle proof that does not lead to the certified root, or
 * attestation votes short of finality. The message says which check failed.
 */
public final class VerificationException extends Exception {
  public VerificationException(String message) {
    super(message);
  }
}
