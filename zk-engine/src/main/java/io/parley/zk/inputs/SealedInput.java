package io.parley.zk.inputs;

import io.parley.base.encoding.EncodingException;
import io.parley.base.encoding.Rlp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;

/**
 * The payload of a secret-input transaction (secret-inputs.md section 4): collection, target,
 * committee, ephemeral point E, proof of knowledge of e, per member (c_j, ct_j), and for rep4 the
 * component commitments D_0..D_3 (empty for Shamir).
 */
public record SealedInput(
    String collection,
    long target,
    Bytes32 committeeHash,
    Bytes ephemeral,
    Bytes proof,
    List<Share> shares,
    List<Bytes32> components) {
  public static final long VERSION = 2;
  public static final int MAX_MEMBERS = InputCommittee.MAX_MEMBERS;

  /** Member j's commitment and ciphertext. */
  public record Share(Bytes32 commitment, Bytes ciphertext) {}

  public SealedInput {
    shares = List.copyOf(shares);
    components = List.copyOf(components);
  }

  /** Writes the eighth payload item, rep4's [D_0, D_1, D_2, D_3], when there is one. */
  static void writeComponents(org.apache.tuweni.rlp.RLPWriter w, List<Bytes32> components) {
    if (!components.isEmpty()) {
      w.writeList(components, (cw, d) -> cw.writeValue(d));
    }
  }

  /** Reads the optional eighth item: rep4's four component commitments, or nothing. */
  static List<Bytes32> readComponents(org.apache.tuweni.rlp.RLPReader r) {
    if (r.isComplete()) {
      return List.of();
    }
    List<Bytes32> out = new ArrayList<>();
    r.readList(
        lr -> {
          while (!lr.isComplete()) {
            if (out.size() == 4) {
              throw new SecretInputException("more than 4 component commitments");
            }
            Bytes d = lr.readValue();
            if (d.size() != 32) {
              throw new SecretInputException("a component commitment is not 32 bytes");
            }
            out.add(Bytes32.wrap(d));
          }
          return null;
        });
    if (out.size() != 4) {
      throw new SecretInputException("rep4 takes 4 component commitments, got " + out.size());
    }
    return out;
  }

  /** The component commitments this committee's format requires: four for rep4, none for Shamir. */
  static void checkComponents(List<Bytes32> components, PlainFormat format) {
    int expected = format == PlainFormat.REPLICATED ? 4 : 0;
    if (components.size() != expected) {
      throw new SecretInputException(
          "a "
              + format.id()
              + " input carries "
              + expected
              + " component commitments, got "
              + components.size());
    }
  }

  public Bytes encode() {
    return RLP.encodeList(
        w -> {
          w.writeLong(VERSION);
          w.writeValue(Bytes.wrap(collection.getBytes(StandardCharsets.US_ASCII)));
          w.writeLong(target);
          w.writeValue(committeeHash);
          w.writeValue(ephemeral);
          w.writeValue(proof);
          w.writeList(
              shares,
              (sw, s) ->
                  sw.writeList(
                      pw -> {
                        pw.writeValue(s.commitment());
                        pw.writeValue(s.ciphertext());
                      }));
          writeComponents(w, components);
        });
  }

  /**
   * Decodes a payload for a committee of {@code members} and a collection of {@code values} values
   * in {@code format}, checking every length; a {@link SecretInputException} says what is wrong.
   */
  public static SealedInput decode(
      Bytes payload, int members, int values, PlainFormat format, int maxBytes) {
    SealedInput input = decode(payload, maxBytes);
    input.checkShape(members, values, format);
    return input;
  }

  /**
   * Decodes a payload's structure (canonical RLP, version, collection name, E a point, proof and
   * commitment sizes) without knowing the committee or the collection; {@link #checkShape} does the
   * rest.
   */
  public static SealedInput decode(Bytes payload, int maxBytes) {
    if (payload.size() > maxBytes) {
      throw new SecretInputException("payload is longer than " + maxBytes + " bytes");
    }
    SealedInput input;
    try {
      input =
          Rlp.decodeCanonical(
              payload,
              "secret input",
              r -> {
                long version = Rlp.readUint63(r, "version");
                if (version != VERSION) {
                  throw new SecretInputException("unsupported secret-input version " + version);
                }
                String collection =
                    new String(r.readValue().toArrayUnsafe(), StandardCharsets.US_ASCII);
                long target = Rlp.readUint63(r, "target");
                Bytes committee = r.readValue();
                Bytes ephemeral = r.readValue();
                Bytes proof = r.readValue();
                List<Share> shares = new ArrayList<>();
                r.readList(
                    lr -> {
                      while (!lr.isComplete()) {
                        if (shares.size() == MAX_MEMBERS) {
                          throw new SecretInputException(
                              "more than " + MAX_MEMBERS + " member shares");
                        }
                        shares.add(
                            lr.readList(
                                pr -> {
                                  Bytes c = pr.readValue();
                                  Bytes ct = pr.readValue();
                                  Rlp.requireComplete(pr, "member share");
                                  if (c.size() != 32) {
                                    throw new SecretInputException("a commitment is not 32 bytes");
                                  }
                                  return new Share(Bytes32.wrap(c), ct);
                                }));
                      }
                      return null;
                    });
                List<Bytes32> components = readComponents(r);
                Rlp.requireComplete(r, "secret input");
                if (committee.size() != 32) {
                  throw new SecretInputException("committeeHash is not 32 bytes");
                }
                return new SealedInput(
                    collection,
                    target,
                    Bytes32.wrap(committee),
                    ephemeral,
                    proof,
                    shares,
                    components);
              },
              SealedInput::encode);
    } catch (EncodingException e) {
      throw new SecretInputException(e.getMessage());
    }
    checkHeader(input.collection(), input.ephemeral(), input.proof());
    return input;
  }

  /** What both payload versions check after decoding: the collection name, E, the proof size. */
  static void checkHeader(String collection, Bytes ephemeral, Bytes proof) {
    InputContext.checkCollection(collection);
    if (ephemeral.size() != 64 || Curve.decode(ephemeral).isEmpty()) {
      throw new SecretInputException("E is not a point of secp256k1");
    }
    if (proof.size() != 64) {
      throw new SecretInputException("the proof of knowledge is not 64 bytes");
    }
  }

  /** The member count and every ciphertext length for this committee and collection. */
  public void checkShape(int members, int values, PlainFormat format) {
    checkComponents(components, format);
    if (shares.size() != members) {
      throw new SecretInputException(
          "expected " + members + " member shares, got " + shares.size());
    }
    int expected = format.plainLength(format.dealt(values)) + 16;
    for (int j = 0; j < members; j++) {
      if (shares.get(j).ciphertext().size() != expected) {
        throw new SecretInputException(
            "ciphertext of member " + j + " is not " + expected + " bytes");
      }
    }
  }

  /** True if the proof of knowledge of e verifies in {@code context}. */
  public boolean provesKnowledge(InputContext context) {
    return KnowledgeProof.verify(proof, ephemeral, context.hash(ephemeral));
  }
}
