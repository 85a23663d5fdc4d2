package io.parley.zk.rep4;

import io.parley.base.crypto.PrivateKey;
import io.parley.base.crypto.Secp256k1;
import io.parley.base.crypto.Signature;
import io.parley.zk.messages.Committee;
import io.parley.zk.messages.MalformedMessageException;
import io.parley.zk.messages.Sha256;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * What the receiver or the third party of a disputed transfer discloses, signed, so that anyone can
 * recompute one chunk of the transfer: for a multiplication or AND round the receiver k gives x_j,
 * y_j and the third j gives x_k, y_k and the stream key of key_k for that transfer; for an opening
 * the third gives x_k. All of it is already known to the sender and the backup, one of whom is the
 * cheater (ADR 0024).
 */
public record TransferDisclosure(
    Bytes32 computation,
    int round,
    RoundKind kind,
    int discloser,
    int transfer,
    int chunk,
    int batch,
    Content content,
    Signature signature) {
  private static final byte[] DOMAIN =
      "parley-rep4-disclosure/1".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_LONGS = Digests.CHUNK;

  /**
   * The disclosed material: two component vectors over the chunk and a stream key (maybe empty).
   */
  public record Content(int batch, long[] x, long[] y, byte[] streamKey) {}

  public static TransferDisclosure sign(
      Bytes32 computation,
      int round,
      RoundKind kind,
      int discloser,
      int transfer,
      int chunk,
      Content content,
      PrivateKey key) {
    TransferDisclosure unsigned =
        new TransferDisclosure(
            computation, round, kind, discloser, transfer, chunk, content.batch(), content, null);
    return new TransferDisclosure(
        computation,
        round,
        kind,
        discloser,
        transfer,
        chunk,
        content.batch(),
        content,
        Secp256k1.sign(unsigned.signingDigest(), key));
  }

  public Bytes32 signingDigest() {
    MessageDigest sha = Sha256.newDigest();
    sha.update(DOMAIN);
    byte[] body = encodeBody();
    sha.update(body);
    return Bytes32.wrap(sha.digest());
  }

  public boolean signedByDiscloser(Committee committee) {
    return discloser >= 0
        && discloser < committee.size()
        && signature != null
        && Secp256k1.verify(signingDigest(), signature, committee.members().get(discloser));
  }

  private byte[] encodeBody() {
    ByteBuffer out =
        ByteBuffer.allocate(
            32
                + 4
                + 1
                + 4 * 4
                + 4
                + 8 * content.x().length
                + 4
                + 8 * content.y().length
                + 4
                + content.streamKey().length);
    out.put(computation.toArrayUnsafe()).putInt(round).put((byte) kind.code());
    out.putInt(discloser).putInt(transfer).putInt(chunk).putInt(batch);
    out.putInt(content.x().length);
    for (long v : content.x()) {
      out.putLong(v);
    }
    out.putInt(content.y().length);
    for (long v : content.y()) {
      out.putLong(v);
    }
    out.putInt(content.streamKey().length).put(content.streamKey());
    return out.array();
  }

  public byte[] encode() {
    byte[] body = encodeBody();
    return ByteBuffer.allocate(body.length + Signature.SIZE)
        .put(body)
        .put(signature.toBytes().toArrayUnsafe())
        .array();
  }

  public static TransferDisclosure decode(ByteBuffer in) {
    try {
      byte[] id = new byte[32];
      in.get(id);
      int round = in.getInt();
      RoundKind kind = RoundKind.of(in.get() & 0xff);
      int discloser = in.getInt();
      int transfer = in.getInt();
      int chunk = in.getInt();
      int batch = in.getInt();
      long[] x = longs(in);
      long[] y = longs(in);
      int keyLength = in.getInt();
      if (keyLength != 0 && keyLength != 16) {
        throw new MalformedMessageException("bad stream key length " + keyLength);
      }
      byte[] streamKey = new byte[keyLength];
      in.get(streamKey);
      byte[] sig = new byte[Signature.SIZE];
      in.get(sig);
      return new TransferDisclosure(
          Bytes32.wrap(id),
          round,
          kind,
          discloser,
          transfer,
          chunk,
          batch,
          new Content(batch, x, y, streamKey),
          Signature.fromBytes(Bytes.wrap(sig)));
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new MalformedMessageException("malformed disclosure: " + e.getMessage());
    }
  }

  private static long[] longs(ByteBuffer in) {
    int n = in.getInt();
    if (n < 0 || n > MAX_LONGS || 8L * n > in.remaining()) {
      throw new MalformedMessageException("bad disclosed vector length " + n);
    }
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = in.getLong();
    }
    return out;
  }
}
