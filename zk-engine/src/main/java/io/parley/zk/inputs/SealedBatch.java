package io.parley.zk.inputs;

import io.parley.base.crypto.Hashing;
import io.parley.base.encoding.EncodingException;
import io.parley.base.encoding.Rlp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;

/**
 * The payload of an off-chain secret input (secret-inputs.md section 9): {@code count} elements of
 * one collection sealed as one submission, with only member j's commitment c_j and the digest h_j =
 * keccak256(ct_j) of its ciphertext on the chain; the ciphertexts go to the members' input
 * endpoints. Member j's plaintext is section 2's plain_j over the m x count values, element by
 * element, so opening and complaining work as for an on-chain input. For rep4 it also carries the
 * component commitments D_0..D_3 over all m x count values (empty for Shamir).
 */
public record SealedBatch(
    String collection,
    int count,
    Bytes32 committeeHash,
    Bytes ephemeral,
    Bytes proof,
    List<Digest> members,
    List<Bytes32> components) {
  public static final long VERSION = 3;

  /** At most this many elements in one off-chain input (their ids end in u16(e)). */
  public static final int MAX_COUNT = 1024;

  /** Member j's commitment to its plaintext and the keccak256 digest of its ciphertext. */
  public record Digest(Bytes32 commitment, Bytes32 digest) {}

  /** A sealed batch and the ciphertext for each member (what the wallet delivers). */
  public record Sealed(SealedBatch batch, List<Bytes> ciphertexts) {
    public Sealed {
      ciphertexts = List.copyOf(ciphertexts);
    }
  }

  public SealedBatch {
    members = List.copyOf(members);
    components = List.copyOf(components);
  }

  public Bytes encode() {
    return RLP.encodeList(
        w -> {
          w.writeLong(VERSION);
          w.writeValue(Bytes.wrap(collection.getBytes(StandardCharsets.US_ASCII)));
          w.writeLong(count);
          w.writeValue(committeeHash);
          w.writeValue(ephemeral);
          w.writeValue(proof);
          w.writeList(
              members,
              (sw, s) ->
                  sw.writeList(
                      pw -> {
                        pw.writeValue(s.commitment());
                        pw.writeValue(s.digest());
                      }));
          SealedInput.writeComponents(w, components);
        });
  }

  /** The version of a secret-input payload (2 on-chain, 3 off-chain), or -1 if it has none. */
  public static long version(Bytes payload) {
    try {
      return RLP.decodeList(payload, r -> r.isComplete() ? -1L : r.readLong());
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /** Decodes a payload's structure (canonical RLP, version 3, names, E a point, sizes). */
  public static SealedBatch decode(Bytes payload, int maxBytes) {
    if (payload.size() > maxBytes) {
      throw new SecretInputException("payload is longer than " + maxBytes + " bytes");
    }
    SealedBatch batch;
    try {
      batch =
          Rlp.decodeCanonical(
              payload,
              "off-chain secret input",
              r -> {
                long version = Rlp.readUint63(r, "version");
                if (version != VERSION) {
                  throw new SecretInputException("unsupported secret-input version " + version);
                }
                String collection =
                    new String(r.readValue().toArrayUnsafe(), StandardCharsets.US_ASCII);
                long count = Rlp.readUint63(r, "count");
                if (count < 1 || count > MAX_COUNT) {
                  throw new SecretInputException(
                      "an off-chain input holds 1.." + MAX_COUNT + " elements, got " + count);
                }
                Bytes committee = r.readValue();
                Bytes ephemeral = r.readValue();
                Bytes proof = r.readValue();
                List<Digest> members = new ArrayList<>();
                r.readList(
                    lr -> {
                      while (!lr.isComplete()) {
                        if (members.size() == InputCommittee.MAX_MEMBERS) {
                          throw new SecretInputException(
                              "more than " + InputCommittee.MAX_MEMBERS + " members");
                        }
                        members.add(
                            lr.readList(
                                pr -> {
                                  Bytes c = pr.readValue();
                                  Bytes h = pr.readValue();
                                  Rlp.requireComplete(pr, "member digest");
                                  if (c.size() != 32 || h.size() != 32) {
                                    throw new SecretInputException(
                                        "a commitment or digest is not 32 bytes");
                                  }
                                  return new Digest(Bytes32.wrap(c), Bytes32.wrap(h));
                                }));
                      }
                      return null;
                    });
                List<Bytes32> components = SealedInput.readComponents(r);
                Rlp.requireComplete(r, "off-chain secret input");
                if (committee.size() != 32) {
                  throw new SecretInputException("committeeHash is not 32 bytes");
                }
                return new SealedBatch(
                    collection,
                    (int) count,
                    Bytes32.wrap(committee),
                    ephemeral,
                    proof,
                    members,
                    components);
              },
              SealedBatch::encode);
    } catch (EncodingException e) {
      throw new SecretInputException(e.getMessage());
    }
    SealedInput.checkHeader(batch.collection(), batch.ephemeral(), batch.proof());
    return batch;
  }

  /**
   * |ct_j| for elements of {@code values} values in {@code format}: |plain_j| + 16 (a Shamir
   * element's check mask included).
   */
  public int ciphertextLength(int values, PlainFormat format) {
    return format.plainLength(format.dealt(values) * count) + 16;
  }

  /**
   * The members' count, and the ciphertext length within {@code maxCiphertext} (so that a complaint
   * carrying one fits in a transaction).
   */
  public void checkShape(int members, int values, PlainFormat format, int maxCiphertext) {
    SealedInput.checkComponents(components, format);
    if (this.members.size() != members) {
      throw new SecretInputException(
          "expected " + members + " member digests, got " + this.members.size());
    }
    if ((long) format.dealt(values) * count > 65_535
        || ciphertextLength(values, format) > maxCiphertext) {
      throw new SecretInputException(
          count
              + " elements of "
              + values
              + " values make a ciphertext of more than "
              + maxCiphertext
              + " bytes per member; send fewer elements per off-chain input");
    }
  }

  /** Whether {@code ciphertext} is the one member j's digest names. */
  public boolean matches(int j, Bytes ciphertext) {
    return Hashing.keccak256(ciphertext).equals(members.get(j).digest());
  }

  /**
   * The batch as an on-chain input carrying only member j's ciphertext (the others empty): what
   * {@link Opener#open} and {@link Complaint#judge} read, since both use member j's pair only.
   */
  public SealedInput withCiphertext(int j, Bytes ciphertext) {
    if (!matches(j, ciphertext)) {
      throw new SecretInputException("the ciphertext does not match member " + j + "'s digest");
    }
    List<SealedInput.Share> shares = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      shares.add(
          new SealedInput.Share(members.get(i).commitment(), i == j ? ciphertext : Bytes.EMPTY));
    }
    return new SealedInput(collection, 0, committeeHash, ephemeral, proof, shares, components);
  }

  /** True if the proof of knowledge of e verifies in {@code context} (target 0). */
  public boolean provesKnowledge(InputContext context) {
    return KnowledgeProof.verify(proof, ephemeral, context.hash(ephemeral));
  }
}
