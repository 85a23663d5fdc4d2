package io.parley.contracts.abi;

import io.parley.base.crypto.Hashing;
import io.parley.base.encoding.EncodingException;
import io.parley.base.encoding.Rlp;
import io.parley.base.types.Address;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;

/**
 * Deploys in parts (docs/spec/deploy-in-parts.md, ADR 0043): a bundle too large for one transaction
 * is uploaded in parts to the code store account {@link #CODE_STORE} (kind-2 calls carrying {@link
 * Part} payloads), then deployed by a kind-1 transaction whose payload names it by its code hash
 * ({@link #referenceDeploy}). This class holds the wire format, limits and storage keys shared by
 * the node and the clients.
 */
public final class DeployParts {
  /** The system account whose storage holds uploaded parts; it has no code. */
  public static final Address CODE_STORE =
      Address.fromHex("0x00000000000000000000000000000000000000c2");

  /** Version of the part payload, its first item. */
  public static final int VERSION = 1;

  /** Most parts one bundle is uploaded in. */
  public static final int MAX_PARTS = 128;

  /** Largest bundle deployed in parts: 16 MiB. */
  public static final int MAX_BUNDLE_BYTES = 16 << 20;

  /** A part's bytes are at most {@code maxTransactionSize - PART_MARGIN}. */
  public static final int PART_MARGIN = 1024;

  /** Gas an accepted part costs beyond its intrinsic gas, before its per-word storage charge. */
  public static final long PART_GAS = 20_000;

  /** Length of the reference deploy's first item: a code hash. */
  public static final int HASH_SIZE = 32;

  private DeployParts() {}

  /** One part: {@code RLP([1, codeHash, part, parts, bytes])}. */
  public record Part(Bytes32 codeHash, int part, int parts, Bytes bytes) {
    public Bytes encode() {
      return RLP.encodeList(
          w -> {
            w.writeInt(VERSION);
            w.writeValue(codeHash);
            w.writeInt(part);
            w.writeInt(parts);
            w.writeValue(bytes);
          });
    }

    /**
     * Decodes and checks a part payload against the limits of a chain whose largest transaction is
     * {@code maxTransactionSize} bytes.
     *
     * @throws AbiException naming the field, the value and the limit
     */
    public static Part decode(Bytes payload, int maxTransactionSize) {
      Part p;
      try {
        p =
            Rlp.decodeCanonical(
                payload,
                "code part",
                r -> {
                  long version = Rlp.readUint63(r, "version");
                  if (version != VERSION) {
                    throw new EncodingException("version " + version + " is not " + VERSION);
                  }
                  Bytes32 hash = Rlp.readBytes32(r, "codeHash");
                  long part = Rlp.readUint63(r, "part");
                  long parts = Rlp.readUint63(r, "parts");
                  Bytes bytes = r.readValue();
                  Rlp.requireComplete(r, "code part");
                  if (parts < 1 || parts > MAX_PARTS) {
                    throw new EncodingException(
                        "parts is " + parts + ", it must be in [1, " + MAX_PARTS + "]");
                  }
                  if (part >= parts) {
                    throw new EncodingException(
                        "part " + part + " is not below parts " + parts + " (parts count from 0)");
                  }
                  return new Part(hash, (int) part, (int) parts, bytes);
                },
                Part::encode);
      } catch (EncodingException e) {
        String m = e.getMessage();
        throw new AbiException(m.contains("code part") ? m : "code part: " + m);
      }
      if (p.bytes().isEmpty()) {
        throw new AbiException("code part: bytes is empty");
      }
      int max = maxPartBytes(maxTransactionSize);
      if (p.bytes().size() > max) {
        throw new AbiException(
            "code part: bytes has "
                + p.bytes().size()
                + " bytes, more than "
                + max
                + " (maxTransactionSize - "
                + PART_MARGIN
                + ")");
      }
      return p;
    }
  }

  /** What the code store keeps for an upload: {@code RLP([parts, received, bytes])}. */
  public record Upload(int parts, int received, long bytes) {
    public Bytes encode() {
      return RLP.encodeList(
          w -> {
            w.writeInt(parts);
            w.writeInt(received);
            w.writeLong(bytes);
          });
    }

    public static Upload decode(Bytes stored) {
      return Rlp.decodeCanonical(
          stored,
          "upload record",
          r ->
              new Upload(
                  (int) Rlp.readUint63(r, "parts"),
                  (int) Rlp.readUint63(r, "received"),
                  Rlp.readUint63(r, "bytes")),
          Upload::encode);
    }
  }

  /** The largest part on a chain whose largest transaction is {@code maxTransactionSize} bytes. */
  public static int maxPartBytes(int maxTransactionSize) {
    return maxTransactionSize - PART_MARGIN;
  }

  /**
   * The parts a client sends for {@code bundle}: slices of {@link #maxPartBytes} bytes (the last
   * shorter), in order. Any other split into consecutive slices within the limits is valid too.
   *
   * @throws IllegalArgumentException when the bundle exceeds {@link #MAX_BUNDLE_BYTES}, needs more
   *     than {@link #MAX_PARTS} parts, or the chain's transactions leave no room for a part
   */
  public static List<Part> split(Bytes bundle, int maxTransactionSize) {
    if (bundle.isEmpty()) {
      throw new IllegalArgumentException("the bundle is empty");
    }
    if (bundle.size() > MAX_BUNDLE_BYTES) {
      throw new IllegalArgumentException(
          "the bundle has "
              + bundle.size()
              + " bytes, more than the "
              + MAX_BUNDLE_BYTES
              + " a deploy in parts takes");
    }
    int size = maxPartBytes(maxTransactionSize);
    if (size < 1) {
      throw new IllegalArgumentException(
          "maxTransactionSize "
              + maxTransactionSize
              + " leaves no room for a part (a part has at most maxTransactionSize - "
              + PART_MARGIN
              + " bytes)");
    }
    int parts = (bundle.size() + size - 1) / size;
    if (parts > MAX_PARTS) {
      throw new IllegalArgumentException(
          "the bundle of "
              + bundle.size()
              + " bytes needs "
              + parts
              + " parts of at most "
              + size
              + " bytes; the limit is "
              + MAX_PARTS
              + " parts");
    }
    // one flat copy: slices of Tuweni's ConcatenatedBytes (what RLP encoding returns) can fail to
    // copy out ("element sizes do not match total size") when a slice starts inside an element
    Bytes flat = Bytes.wrap(bundle.toArray());
    Bytes32 hash = Hashing.keccak256(flat);
    List<Part> out = new ArrayList<>(parts);
    for (int i = 0; i < parts; i++) {
      int from = i * size;
      int length = Math.min(size, flat.size() - from);
      out.add(new Part(hash, i, parts, flat.slice(from, length)));
    }
    return List.copyOf(out);
  }

  /** The deploy payload naming an uploaded bundle: {@code RLP([codeHash, [args]])}. */
  public static Bytes referenceDeploy(Bytes32 codeHash, Bytes encodedArguments) {
    return Payloads.deploy(codeHash, encodedArguments);
  }

  /** Whether a decoded deploy payload names its bundle by code hash. */
  public static boolean isReference(Payloads.Deploy deploy) {
    return deploy.bundle().size() == HASH_SIZE;
  }

  /** Storage key of part {@code part} of {@code sender}'s upload of {@code codeHash}. */
  public static Bytes32 partKey(Address sender, Bytes32 codeHash, int part) {
    return Hashing.keccak256(
        ascii("parley/code-part"),
        sender.bytes(),
        codeHash,
        Bytes.wrap(ByteBuffer.allocate(4).putInt(part).array()));
  }

  /** Storage key of {@code sender}'s upload record for {@code codeHash}. */
  public static Bytes32 uploadKey(Address sender, Bytes32 codeHash) {
    return Hashing.keccak256(ascii("parley/code-upload"), sender.bytes(), codeHash);
  }

  private static Bytes ascii(String s) {
    return Bytes.wrap(s.getBytes(StandardCharsets.US_ASCII));
  }
}
