package io.parley.zk.inputs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.base.crypto.PrivateKey;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

/**
 * docs/spec/vectors/secret-inputs.json: regenerated from fixed keys, e and random bytes, and
 * compared byte for byte with the file a wallet in another language checks itself against. Run with
 * {@code -Dparley.writeVectors=true} to rewrite the file after a deliberate format change.
 */
class SecretInputVectorsTest {
  private static final Path FILE = Path.of("../docs/spec/vectors/secret-inputs.json");
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Test
  void theVectorsInTheSpecAreWhatTheImplementationProduces() throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", "parley-secret-input/2");
    root.put(
        "notes",
        "Hex strings are 0x-prefixed bytes; integers are decimal strings. 'random' is every byte"
            + " the wallet drew after e, in the order of secret-inputs.md section 2 (coefficients or"
            + " components value by value, then the salts member by member). Keys are test keys.");
    ArrayNode cases = root.putArray("cases");
    cases.add(
        vector(
            "rep4, 4 members, one u64 bid",
            InputFixtures.committee(4, PlainFormat.REPLICATED),
            InputFixtures.values(700_000),
            "rep4 case"));
    cases.add(
        vector(
            "shamir-king, 7 members, a (u32 salary, bool) record",
            InputFixtures.committee(7, PlainFormat.SHAMIR),
            InputFixtures.values(52_000, 1),
            "shamir case"));
    cases.add(
        vector(
            "off-chain, rep4, 4 members, three (u32 account, u8 flag) elements",
            InputFixtures.committee(4, PlainFormat.REPLICATED),
            InputFixtures.values(1001, 1, 1002, 0, 1003, 1),
            "off-chain rep4 case",
            3));
    cases.add(
        vector(
            "off-chain, shamir-king, 7 members, two u64 elements",
            InputFixtures.committee(7, PlainFormat.SHAMIR),
            InputFixtures.values(424_242, 7),
            "off-chain shamir case",
            2));
    String text = JSON.writeValueAsString(root) + "\n";
    if (Boolean.getBoolean("parley.writeVectors")) {
      Files.writeString(FILE, text);
    }
    assertThat(Files.readString(FILE)).isEqualTo(text);
  }

  /**
   * docs/spec/vectors/verify-secret-inputs.py recomputes every vector from the spec alone (its own
   * Keccak, RLP and secp256k1); skipped where python3 with the cryptography package is missing.
   */
  @Test
  void anIndependentImplementationFromTheSpecAgrees() throws Exception {
    Process probe =
        new ProcessBuilder("python3", "-c", "import cryptography")
            .redirectErrorStream(true)
            .start();
    boolean available;
    try {
      available = probe.waitFor() == 0;
    } finally {
      probe.destroy();
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(
        available, "python3 with the cryptography package is not installed");
    Process run =
        new ProcessBuilder("python3", "../docs/spec/vectors/verify-secret-inputs.py")
            .redirectErrorStream(true)
            .start();
    String output = new String(run.getInputStream().readAllBytes());
    assertThat(run.waitFor()).as(output).isZero();
    assertThat(output)
        .contains("ok: rep4, 4 members")
        .contains("ok: shamir-king, 7 members")
        .contains("ok: off-chain, rep4")
        .contains("ok: off-chain, shamir-king");
  }

  private static ObjectNode vector(
      String name, InputCommittee committee, List<BigInteger> values, String seed) {
    return vector(name, committee, values, seed, 0);
  }

  /** {@code count} > 0: an off-chain input of that many elements (section 9), values in order. */
  private static ObjectNode vector(
      String name, InputCommittee committee, List<BigInteger> values, String seed, int count) {
    ObjectNode v = JSON.createObjectNode();
    v.put("name", name);
    v.put("sharing", committee.format().id());
    v.put("threshold", committee.threshold());
    ArrayNode members = v.putArray("members");
    for (int j = 0; j < committee.size(); j++) {
      members
          .addObject()
          .put("signingKey", committee.members().get(j).signing().bytes().toHexString())
          .put("encryptionKey", committee.members().get(j).encryption().bytes().toHexString())
          .put("encryptionSecret", InputFixtures.key("encryption", j).bytes().toHexString());
    }
    v.put("committeeHash", committee.hash().toHexString());
    InputContext context =
        new InputContext(
            7,
            InputFixtures.address("ann"),
            3,
            InputFixtures.address("contract"),
            "bids",
            0,
            committee.hash());
    ObjectNode c = v.putObject("submission");
    c.put("chainId", String.valueOf(context.chainId()));
    c.put("sender", context.sender().toHexString());
    c.put("nonce", String.valueOf(context.nonce()));
    c.put("to", context.to().toHexString());
    c.put("collection", context.collection());
    c.put("target", String.valueOf(context.target()));
    ArrayNode vs = c.putArray("values");
    values.forEach(x -> vs.add(x.toString()));
    BigInteger e =
        Curve.nonzero(InputFixtures.key("ephemeral", committee.size()).bytes().toArray());
    InputFixtures.Stream random = new InputFixtures.Stream(seed);
    SealedInput sealed;
    Bytes payload;
    if (count == 0) {
      sealed = Sealer.seal(committee, context, values, e, random);
      payload = sealed.encode();
    } else {
      int m = values.size() / count;
      List<List<BigInteger>> elements = new java.util.ArrayList<>();
      for (int i = 0; i < count; i++) {
        elements.add(values.subList(i * m, (i + 1) * m));
      }
      SealedBatch.Sealed batch = Sealer.sealBatch(committee, context, elements, e, random);
      List<SealedInput.Share> shares = new java.util.ArrayList<>();
      for (int j = 0; j < committee.size(); j++) {
        shares.add(
            new SealedInput.Share(
                batch.batch().members().get(j).commitment(), batch.ciphertexts().get(j)));
      }
      sealed =
          new SealedInput(
              context.collection(),
              0,
              committee.hash(),
              batch.batch().ephemeral(),
              batch.batch().proof(),
              shares,
              batch.batch().components());
      payload = batch.batch().encode();
      assertThat(SealedBatch.decode(payload, Integer.MAX_VALUE)).isEqualTo(batch.batch());
      c.put("count", String.valueOf(count));
    }
    v.put("e", Curve.scalar32(e).toHexString());
    v.put("random", random.handedOut().toHexString());
    v.put("E", sealed.ephemeral().toHexString());
    Bytes32 ctx = context.hash(sealed.ephemeral());
    v.put("context", ctx.toHexString());
    v.put("proof", sealed.proof().toHexString());
    ArrayNode perMember = v.putArray("perMember");
    for (int j = 0; j < committee.size(); j++) {
      ECPoint q = Curve.point(committee.members().get(j).encryption().bytes(), "Q");
      byte[] key = Envelope.key(q.multiply(e), sealed.ephemeral(), ctx, j);
      byte[] plain = Envelope.open(key, ctx, j, sealed.shares().get(j).ciphertext()).orElseThrow();
      perMember
          .addObject()
          .put("k", Bytes.wrap(key).toHexString())
          .put("plain", Bytes.wrap(plain).toHexString())
          .put("commitment", sealed.shares().get(j).commitment().toHexString())
          .put("ciphertext", sealed.shares().get(j).ciphertext().toHexString());
      if (count > 0) {
        ((ObjectNode) perMember.get(j))
            .put(
                "digest",
                io.parley.base.crypto.Hashing.keccak256(sealed.shares().get(j).ciphertext())
                    .toHexString());
      }
    }
    if (!sealed.components().isEmpty()) {
      ArrayNode components = v.putArray("componentCommitments");
      sealed.components().forEach(d -> components.add(d.toHexString()));
    }
    v.put("payload", payload.toHexString());
    int j = 1;
    PrivateKey d = InputFixtures.key("encryption", j);
    Complaint complaint =
        Complaint.prove(
            j,
            new BigInteger(1, d.bytes().toArrayUnsafe()),
            Curve.point(committee.members().get(j).encryption().bytes(), "Q"),
            sealed.ephemeral(),
            ctx);
    assertThat(complaint.verify(committee.members().get(j).encryption(), sealed.ephemeral(), ctx))
        .isTrue();
    v.putObject("complaint").put("member", j).put("bytes", complaint.encode().toHexString());
    return v;
  }
}
