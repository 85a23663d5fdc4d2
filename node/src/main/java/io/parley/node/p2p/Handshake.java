package io.parley.node.p2p;

import io.parley.base.block.ValidatorSet;
import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.KeyPair;
import io.parley.base.crypto.Secp256k1;
import io.parley.base.crypto.Signature;
import io.parley.base.encoding.EncodingException;
import io.parley.base.encoding.Rlp;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/**
 * The validator handshake (docs/adr/0012-validator-p2p-handshake.md), without I/O. Each side sends
 * HELLO = RLP([1, chainId, ephemeral X25519 key]); both derive the transcript hash th =
 * SHA-256("parley-p2p-v1" || helloInitiator || helloResponder) and, from the X25519 secret, the two
 * direction keys with HKDF-SHA256(salt = th). Each then sends, as its first encrypted frame, AUTH =
 * RLP([validatorIndex, signature]) where the secp256k1 signature is over
 * keccak256("parley-p2p-auth-v1" || th || role): proof of the validator key bound to this session's
 * ephemeral keys and to its role, so it cannot be replayed into another session or reflected back.
 */
final class Handshake {
  static final int VERSION = 1;
  static final byte ROLE_INITIATOR = 1;
  static final byte ROLE_RESPONDER = 2;
  private static final byte[] PROTOCOL = ascii("parley-p2p-v1");
  private static final byte[] KEYS_INFO = ascii("parley-p2p-v1 session keys");
  private static final Bytes AUTH_DOMAIN = Bytes.wrap(ascii("parley-p2p-auth-v1"));
  private static final SecureRandom RANDOM = new SecureRandom();

  private final boolean initiator;
  private final long chainId;
  private final ValidatorSet validators;
  private final KeyPair identity;
  private final Optional<Integer> expectedPeer;
  private final X25519PrivateKeyParameters ephemeral;
  private final byte[] ownHello;
  private byte[] transcript;
  private FrameCipher sending;
  private FrameCipher receiving;

  /** Established session: the authenticated peer and the two ciphers. */
  record Session(int peerIndex, FrameCipher sending, FrameCipher receiving) {}

  private Handshake(
      boolean initiator,
      long chainId,
      ValidatorSet validators,
      KeyPair identity,
      Optional<Integer> expectedPeer) {
    this.initiator = initiator;
    this.chainId = chainId;
    this.validators = validators;
    this.identity = identity;
    this.expectedPeer = expectedPeer;
    this.ephemeral = new X25519PrivateKeyParameters(RANDOM);
    byte[] publicKey = ephemeral.generatePublicKey().getEncoded();
    this.ownHello =
        RLP.encodeList(
                w -> {
                  w.writeInt(VERSION);
                  w.writeLong(chainId);
                  w.writeValue(Bytes.wrap(publicKey));
                })
            .toArrayUnsafe();
  }

  /** The dialing side, which knows which validator it means to reach. */
  static Handshake initiator(
      long chainId, ValidatorSet validators, KeyPair identity, int expectedPeer) {
    return new Handshake(true, chainId, validators, identity, Optional.of(expectedPeer));
  }

  static Handshake responder(long chainId, ValidatorSet validators, KeyPair identity) {
    return new Handshake(false, chainId, validators, identity, Optional.empty());
  }

  byte[] hello() {
    return ownHello.clone();
  }

  /** Takes the peer's HELLO; returns this side's AUTH frame, already encrypted. */
  byte[] onPeerHello(byte[] peerHello) throws HandshakeException {
    if (transcript != null) {
      throw new HandshakeException("second HELLO");
    }
    byte[] peerEphemeral = parseHello(peerHello);
    byte[] shared = new byte[32];
    X25519Agreement agreement = new X25519Agreement();
    agreement.init(ephemeral);
    try {
      agreement.calculateAgreement(new X25519PublicKeyParameters(peerEphemeral, 0), shared, 0);
    } catch (IllegalStateException e) {
      throw new HandshakeException("ephemeral key is a low-order point");
    }
    byte[] first = initiator ? ownHello : peerHello;
    byte[] second = initiator ? peerHello : ownHello;
    transcript = sha256(PROTOCOL, first, second);
    byte[] keys = new byte[64];
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(shared, transcript, KEYS_INFO));
    hkdf.generateBytes(keys, 0, 64);
    FrameCipher initiatorToResponder = new FrameCipher(Arrays.copyOfRange(keys, 0, 32));
    FrameCipher responderToInitiator = new FrameCipher(Arrays.copyOfRange(keys, 32, 64));
    sending = initiator ? initiatorToResponder : responderToInitiator;
    receiving = initiator ? responderToInitiator : initiatorToResponder;
    Arrays.fill(shared, (byte) 0);
    Arrays.fill(keys, (byte) 0);
    return sending.seal(ownAuth());
  }

  /** Takes the peer's encrypted AUTH frame; returns the session once the peer is proven. */
  Session onPeerAuth(byte[] frame) throws HandshakeException {
    if (transcript == null) {
      throw new HandshakeException("AUTH before HELLO");
    }
    Bytes auth = Bytes.wrap(receiving.open(frame));
    int index;
    Signature signature;
    try {
      long[] parsedIndex = new long[1];
      Bytes raw =
          Rlp.decodeCanonical(
              auth,
              "p2p auth",
              r -> {
                parsedIndex[0] = Rlp.readUint63(r, "validatorIndex");
                Bytes sig = r.readValue();
                Rlp.requireComplete(r, "p2p auth");
                return sig;
              },
              sig ->
                  RLP.encodeList(
                      w -> {
                        w.writeLong(parsedIndex[0]);
                        w.writeValue(sig);
                      }));
      if (raw.size() != Signature.SIZE || parsedIndex[0] >= validators.size()) {
        throw new HandshakeException("AUTH names no known validator or has a malformed signature");
      }
      index = (int) parsedIndex[0];
      signature = Signature.fromBytes(raw);
    } catch (EncodingException | IllegalArgumentException e) {
      throw new HandshakeException("malformed AUTH: " + e.getMessage());
    }
    byte peerRole = initiator ? ROLE_RESPONDER : ROLE_INITIATOR;
    if (!Secp256k1.verify(authHash(peerRole), signature, validators.get(index).publicKey())) {
      throw new HandshakeException("AUTH signature does not match validator " + index);
    }
    if (expectedPeer.isPresent() && expectedPeer.get() != index) {
      throw new HandshakeException("dialed validator " + expectedPeer.get() + ", met " + index);
    }
    if (validators.get(index).address().equals(identity.address())) {
      throw new HandshakeException("peer claims our own identity");
    }
    return new Session(index, sending, receiving);
  }

  private byte[] ownAuth() {
    int index =
        validators
            .indexOf(identity.address())
            .orElseThrow(() -> new IllegalStateException("our key is not a validator"));
    Signature signature =
        Secp256k1.sign(
            authHash(initiator ? ROLE_INITIATOR : ROLE_RESPONDER), identity.privateKey());
    return RLP.encodeList(
            w -> {
              w.writeInt(index);
              w.writeValue(signature.toBytes());
            })
        .toArrayUnsafe();
  }

  private Bytes32 authHash(byte role) {
    return Hashing.keccak256(AUTH_DOMAIN, Bytes.wrap(transcript), Bytes.of(role));
  }

  private byte[] parseHello(byte[] hello) throws HandshakeException {
    try {
      return Rlp.decodeCanonical(
              Bytes.wrap(hello),
              "p2p hello",
              r -> {
                long version = Rlp.readUint63(r, "version");
                long peerChain = Rlp.readUint63(r, "chainId");
                Bytes key = r.readValue();
                Rlp.requireComplete(r, "p2p hello");
                if (version != VERSION || peerChain != chainId || key.size() != 32) {
                  throw new EncodingException(
                      "version " + version + ", chain " + peerChain + ", key of " + key.size());
                }
                return key;
              },
              key ->
                  RLP.encodeList(
                      w -> {
                        w.writeInt(VERSION);
                        w.writeLong(chainId);
                        w.writeValue(key);
                      }))
          .toArray();
    } catch (EncodingException e) {
      throw new HandshakeException("bad HELLO: " + e.getMessage());
    }
  }

  private static byte[] sha256(byte[]... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (byte[] part : parts) {
        digest.update(part);
      }
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
