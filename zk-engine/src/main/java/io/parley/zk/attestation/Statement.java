package io.parley.zk.attestation;

import io.parley.base.crypto.Hashing;
import io.parley.base.types.Address;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPWriter;

/**
 * What every member of the committee signs about a finished computation (docs/spec/attestation.md
 * section 1): the same bytes at every honest member.
 */
public record Statement(
    long chainId,
    Address contract,
    Bytes32 computationId,
    Bytes32 circuitHash,
    List<CollectionInputs> inputs,
    List<PublicOutput> publicOutputs,
    List<RecipientOutput> recipientOutputs,
    List<String> stateOutputs,
    Bytes32 transcript) {
  public static final long VERSION = 1;
  private static final BigInteger MOD = BigInteger.ONE.shiftLeft(256);

  /** The stored inputs a computation read from one collection, by index. */
  public record CollectionInputs(String collection, List<StoredInput> used) {
    public CollectionInputs {
      used = List.copyOf(used);
    }
  }

  public record StoredInput(int index, Bytes32 id) {}

  public record PublicOutput(String name, List<BigInteger> values) {
    public PublicOutput {
      values = List.copyOf(values);
    }
  }

  public record RecipientOutput(String name, Address recipient) {}

  public Statement {
    inputs = List.copyOf(inputs);
    publicOutputs = List.copyOf(publicOutputs);
    recipientOutputs = List.copyOf(recipientOutputs);
    stateOutputs = List.copyOf(stateOutputs);
  }

  public Bytes encode() {
    return RLP.encodeList(
        w -> {
          w.writeLong(VERSION);
          w.writeLong(chainId);
          w.writeValue(contract.bytes());
          w.writeValue(computationId);
          w.writeValue(circuitHash);
          w.writeList(
              inputs,
              (cw, c) ->
                  cw.writeList(
                      l -> {
                        l.writeValue(ascii(c.collection()));
                        l.writeList(
                            c.used(),
                            (uw, u) ->
                                uw.writeList(
                                    p -> {
                                      p.writeLong(u.index());
                                      p.writeValue(u.id());
                                    }));
                      }));
          w.writeList(
              publicOutputs,
              (ow, o) ->
                  ow.writeList(
                      l -> {
                        l.writeValue(ascii(o.name()));
                        l.writeList(o.values(), Statement::writeValue);
                      }));
          w.writeList(
              recipientOutputs,
              (rw, r) ->
                  rw.writeList(
                      l -> {
                        l.writeValue(ascii(r.name()));
                        l.writeValue(r.recipient().bytes());
                      }));
          w.writeList(stateOutputs, (sw, s) -> sw.writeValue(ascii(s)));
          w.writeValue(transcript);
        });
  }

  /**
   * Decodes a statement (canonical RLP, version 1).
   *
   * @throws IllegalArgumentException if the bytes are not a statement
   */
  public static Statement decode(Bytes bytes) {
    Statement s;
    try {
      s =
          RLP.decodeList(
              bytes,
              r -> {
                if (r.readLong() != VERSION) {
                  throw new IllegalArgumentException("unsupported statement version");
                }
                long chainId = r.readLong();
                Address contract = new Address(r.readValue());
                Bytes32 computation = Bytes32.wrap(r.readValue());
                Bytes32 circuit = Bytes32.wrap(r.readValue());
                List<CollectionInputs> inputs =
                    r.readListContents(
                        cr ->
                            cr.readList(
                                l ->
                                    new CollectionInputs(
                                        l.readString(),
                                        l.readListContents(
                                            ur ->
                                                ur.readList(
                                                    p ->
                                                        new StoredInput(
                                                            p.readInt(),
                                                            Bytes32.wrap(p.readValue())))))));
                List<PublicOutput> outputs =
                    r.readListContents(
                        or ->
                            or.readList(
                                l ->
                                    new PublicOutput(
                                        l.readString(),
                                        l.readListContents(
                                            vr ->
                                                new BigInteger(
                                                    1, vr.readValue().toArrayUnsafe())))));
                List<RecipientOutput> recipients =
                    r.readListContents(
                        rr ->
                            rr.readList(
                                l ->
                                    new RecipientOutput(
                                        l.readString(), new Address(l.readValue()))));
                List<String> state = r.readListContents(sr -> sr.readString());
                Bytes32 transcript = Bytes32.wrap(r.readValue());
                return new Statement(
                    chainId,
                    contract,
                    computation,
                    circuit,
                    inputs,
                    outputs,
                    recipients,
                    state,
                    transcript);
              });
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a parley-attestation/1 statement: " + e.getMessage());
    }
    if (!s.encode().equals(bytes)) {
      throw new IllegalArgumentException("statement encoding is not canonical");
    }
    return s;
  }

  /** keccak256("parley-attestation/1" || statement). */
  public Bytes32 digest() {
    return Hashing.keccak256(ascii("parley-attestation/1"), encode());
  }

  private static void writeValue(RLPWriter w, BigInteger v) {
    w.writeValue(Bytes.wrap(v.mod(MOD).toByteArray()).trimLeadingZeros());
  }

  static Bytes ascii(String s) {
    return Bytes.wrap(s.getBytes(StandardCharsets.US_ASCII));
  }
}
