package io.parley.node.p2p;

import io.parley.base.block.ValidatorSet;
import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.KeyPair;
import io.parley.base.crypto.Secp256k1;
import io.parley.base.crypto.Signature;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/**
 * The validator handshake (docs/spec/p2p.md, docs/adr/0007-p2p-handshake.md), as pure functions.
 * Each side sends HELLO = magic || version || genesisHash || ephemeral X25519 key. The transcript
 * hash binds both ephemeral keys; each side then proves its validator key by signing the transcript
 * with its role, inside the encrypted channel whose keys come from the X25519 secret via HKDF. A
 * man in the middle cannot sign a transcript that contains its own ephemeral keys.
 */
final class Handshake {
  static final Bytes MAGIC = Bytes.wrap("PRLY".getBytes(StandardCharsets.US_ASCII));
  static final int VERSION = 1;
  static final int HELLO_SIZE = 4 + 1 + 32 + 32;
  static final int AUTH_SIZE = 4 + Signature.SIZE;
  private static final Bytes TRANSCRIPT_DOMAIN =
      Bytes.wrap("parley-p2p-v1".getBytes(StandardCharsets.US_ASCII));
  private static final Bytes AUTH_DOMAIN =
      Bytes.wrap("parley-p2p-auth-v1".getBytes(StandardCharsets.US_ASCII));
  private static final SecureRandom RANDOM = new SecureRandom();

  private final boolean initiator;
  private final X25519PrivateKeyParameters ephemeral;
  private final Bytes32 genesisHash;

  Handshake(boolean initiator, Bytes32 genesisHash) {
    this.initiator = initiator;
    this.ephemeral = new X25519PrivateKeyParameters(RANDOM);
    this.genesisHash = genesisHash;
  }

  Bytes hello() {
    return Bytes.concatenate(
        MAGIC,
        Bytes.of(VERSION),
        genesisHash,
        Bytes.wrap(ephemeral.generatePublicKey().getEncoded()));
  }

  /** Session secrets after both HELLOs. */
  record Keys(Bytes32 transcript, byte[] sendKey, byte[] receiveKey) {}

  /** Checks the peer's HELLO and derives the session; the message says what was wrong. */
  Keys onPeerHello(Bytes hello) throws HandshakeException {
    if (hello.size() != HELLO_SIZE || !hello.slice(0, 4).equals(MAGIC)) {
      throw new HandshakeException("not a Parley validator handshake");
    }
    if ((hello.get(4) & 0xff) != VERSION) {
      throw new HandshakeException("unsupported handshake version " + (hello.get(4) & 0xff));
    }
    if (!hello.slice(5, 32).equals(genesisHash)) {
      throw new HandshakeException("peer is on another chain (genesis " + hello.slice(5, 32) + ")");
    }
    Bytes peerEphemeral = hello.slice(37, 32);
    byte[] shared = new byte[32];
    X25519Agreement agreement = new X25519Agreement();
    agreement.init(ephemeral);
    try {
      agreement.calculateAgreement(
          new X25519PublicKeyParameters(peerEphemeral.toArrayUnsafe(), 0), shared, 0);
    } catch (IllegalStateException e) {
      throw new HandshakeException("degenerate ephemeral key");
    }
    Bytes own = Bytes.wrap(ephemeral.generatePublicKey().getEncoded());
    Bytes32 transcript =
        initiator
            ? Hashing.keccak256(TRANSCRIPT_DOMAIN, genesisHash, own, peerEphemeral)
            : Hashing.keccak256(TRANSCRIPT_DOMAIN, genesisHash, peerEphemeral, own);
    byte[] initiatorKey = hkdf(shared, transcript, "initiator->responder");
    byte[] responderKey = hkdf(shared, transcript, "responder->initiator");
    return initiator
        ? new Keys(transcript, initiatorKey, responderKey)
        : new Keys(transcript, responderKey, initiatorKey);
  }

  /** AUTH plaintext: validator index (4 bytes) || signature over the transcript and our role. */
  Bytes auth(Keys keys, int validatorIndex, KeyPair key) {
    Signature signature = Secp256k1.sign(authHash(keys.transcript(), initiator), key.privateKey());
    return Bytes.concatenate(Bytes.ofUnsignedInt(validatorIndex), signature.toBytes());
  }

  /** Verifies the peer's AUTH; returns its validator index. */
  int onPeerAuth(
      Keys keys, Bytes auth, ValidatorSet validators, Optional<Integer> expected, int self)
      throws HandshakeException {
    if (auth.size() != AUTH_SIZE) {
      throw new HandshakeException("malformed AUTH");
    }
    long index = auth.slice(0, 4).toLong();
    if (index < 0 || index >= validators.size()) {
      throw new HandshakeException("unknown validator index " + index);
    }
    if (index == self) {
      throw new HandshakeException("peer claims this node's own index");
    }
    if (expected.isPresent() && expected.get() != index) {
      throw new HandshakeException(
          "dialled validator " + expected.get() + " but " + index + " answered");
    }
    Signature signature;
    try {
      signature = Signature.fromBytes(auth.slice(4));
    } catch (IllegalArgumentException e) {
      throw new HandshakeException("malformed AUTH signature");
    }
    if (!Secp256k1.verify(
        authHash(keys.transcript(), !initiator),
        signature,
        validators.get((int) index).publicKey())) {
      throw new HandshakeException("AUTH signature does not match validator " + index + "'s key");
    }
    return (int) index;
  }

  private static Bytes32 authHash(Bytes32 transcript, boolean signerIsInitiator) {
    return Hashing.keccak256(AUTH_DOMAIN, transcript, Bytes.of(signerIsInitiator ? 0 : 1));
  }

  private static byte[] hkdf(byte[] shared, Bytes32 salt, String info) {
    HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
    generator.init(
        new HKDFParameters(shared, salt.toArrayUnsafe(), info.getBytes(StandardCharsets.US_ASCII)));
    byte[] key = new byte[32];
    generator.generateBytes(key, 0, key.length);
    return key;
  }

  /** The peer failed the handshake; it is disconnected with this reason logged. */
  static final class HandshakeException extends Exception {
    HandshakeException(String message) {
      super(message, null, false, false);
    }
  }
}
