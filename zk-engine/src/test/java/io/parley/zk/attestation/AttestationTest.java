package io.parley.zk.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.PrivateKey;
import io.parley.base.crypto.PublicKey;
import io.parley.base.crypto.Signature;
import io.parley.base.types.Address;
import io.parley.zk.circuit.CircuitParser;
import io.parley.zk.circuit.CircuitValidator;
import io.parley.zk.circuit.ValidatedCircuit;
import io.parley.zk.computation.Protocol;
import io.parley.zk.computation.Protocols;
import io.parley.zk.local.LocalCommittee;
import io.parley.zk.testing.Fixtures;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Attestations (docs/spec/attestation.md): members sign what they computed on the real engine; 2t+1
 * valid votes make a result final; wrong, duplicate and unknown votes are refused; the vectors in
 * the spec are what this code produces, and an independent checker agrees.
 */
class AttestationTest {
  private static final Path VECTORS = Path.of("../docs/spec/vectors/attestations.json");
  private static final String TOTAL =
      """
      {"format":"parley-circuit/1","name":"total",
       "inputs":[{"name":"x","kind":"secret","type":"i32"},
                 {"name":"total","kind":"state","type":"i40"}],
       "gates":[{"op":"add","in":[0,1]},{"op":"wrap","in":[2],"type":"i40"},
                {"op":"lt","in":[0,1]}],
       "outputs":[{"name":"smaller","wire":4,"type":"bool","to":"public"},
                  {"name":"total","wire":3,"type":"i40","to":"state"}]}
      """;

  static Stream<Arguments> committees() {
    return Stream.of(Arguments.of(4, Protocols.REP4), Arguments.of(7, Protocols.SHAMIR_KING));
  }

  @ParameterizedTest
  @MethodSource("committees")
  void aRealComputationIsFinalWithTwoTPlusOneVotesAndNotWithFewer(int n, Protocol protocol) {
    List<PrivateKey> keys = Fixtures.keys(n, 9);
    LocalCommittee committee = new LocalCommittee(keys, new SplittableRandom(9));
    byte[] document = TOTAL.getBytes(StandardCharsets.UTF_8);
    ValidatedCircuit circuit = CircuitValidator.validate(CircuitParser.parse(document));
    Bytes32 id = Fixtures.id(3);
    LocalCommittee.Run run =
        committee.run(
            protocol,
            id,
            circuit,
            Map.of("x", new BigInteger[] {BigInteger.valueOf(-5)}),
            Map.of(),
            Map.of(),
            Map.of());
    Statement statement =
        new Statement(
            7,
            Address.ZERO,
            id,
            Hashing.keccak256(Bytes.wrap(document)),
            List.of(),
            List.of(
                new Statement.PublicOutput("smaller", List.of(run.publicOutputs().get("smaller")))),
            List.of(),
            List.of("total"),
            run.transcript());
    List<Vote> votes = new ArrayList<>();
    for (int j = 0; j < n; j++) {
      Bytes32 shares = Vote.commitStateShares(List.of(run.state().get("total").shares().get(j)));
      votes.add(Vote.sign(statement, j, shares, keys.get(j)));
    }
    List<PublicKey> publicKeys = keys.stream().map(PrivateKey::publicKey).toList();
    int t = committee.threshold();
    assertThat(Finality.check(statement, votes.subList(0, 2 * t + 1), publicKeys, t).isFinal())
        .isTrue();
    Finality.Result short1 = Finality.check(statement, votes.subList(0, 2 * t), publicKeys, t);
    assertThat(short1.isFinal()).isFalse();
    assertThat(short1.signers()).hasSize(2 * t);
    // a statement with another output value: the same votes do not verify
    Statement lie =
        new Statement(
            7,
            Address.ZERO,
            id,
            statement.circuitHash(),
            List.of(),
            List.of(new Statement.PublicOutput("smaller", List.of(BigInteger.ZERO))),
            List.of(),
            List.of("total"),
            run.transcript());
    assertThat(lie.digest()).isNotEqualTo(statement.digest());
    Finality.Result forged = Finality.check(lie, votes, publicKeys, t);
    assertThat(forged.isFinal()).isFalse();
    assertThat(forged.signers()).isEmpty();
    // state share commitments differ per member (each holds its own shares)
    assertThat(votes.stream().map(Vote::stateShares).distinct()).hasSize(n);
  }

  @Test
  void duplicateUnknownAndWrongVotesAreRefusedWithTheirReason() {
    List<PrivateKey> keys = Fixtures.keys(4, 2);
    List<PublicKey> publicKeys = keys.stream().map(PrivateKey::publicKey).toList();
    Statement statement = vectorStatement();
    Vote v0 = Vote.sign(statement, 0, Bytes32.ZERO, keys.get(0));
    Vote v1 = Vote.sign(statement, 1, Bytes32.ZERO, keys.get(1));
    Vote byWrongKey = Vote.sign(statement, 2, Bytes32.ZERO, keys.get(3));
    Vote unknown = new Vote(9, Bytes32.ZERO, v0.signature());
    Vote v3 = Vote.sign(statement, 3, Bytes32.ZERO, keys.get(3));
    Finality.Result r =
        Finality.check(statement, List.of(v0, v0, byWrongKey, unknown, v1, v3), publicKeys, 1);
    assertThat(r.isFinal()).isTrue();
    assertThat(r.signers()).containsExactly(0, 1, 3);
    assertThat(r.refused())
        .containsExactly(
            "second vote of member 0",
            "signature of member 2 does not verify",
            "vote of unknown member 9");
  }

  static Statement vectorStatement() {
    return new Statement(
        7,
        Address.fromHex("0x5fbdb2315678afecb367f032d93f642f64180aa3"),
        Hashing.keccak256(Bytes.wrap("computation 1".getBytes(StandardCharsets.UTF_8))),
        Hashing.keccak256(Bytes.wrap("circuit".getBytes(StandardCharsets.UTF_8))),
        List.of(
            new Statement.CollectionInputs(
                "bids",
                List.of(
                    new Statement.StoredInput(0, Hashing.keccak256(Bytes.of(1))),
                    new Statement.StoredInput(2, Hashing.keccak256(Bytes.of(2))))),
            new Statement.CollectionInputs("staff", List.of())),
        List.of(
            new Statement.PublicOutput(
                "result", List.of(BigInteger.valueOf(2), BigInteger.valueOf(640_000))),
            new Statement.PublicOutput("delta", List.of(BigInteger.valueOf(-3)))),
        List.of(
            new Statement.RecipientOutput(
                "private_0", Address.fromHex("0x7e5f4552091a69125d5dfcb7b8c2659029395bdf"))),
        List.of("total"),
        Hashing.keccak256(Bytes.wrap("transcript".getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void theVectorsInTheSpecAreWhatTheImplementationProduces() throws Exception {
    List<PrivateKey> keys = Fixtures.keys(4, 1);
    Statement statement = vectorStatement();
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    root.put("format", "parley-attestation/1");
    root.put("threshold", 1);
    ArrayNode members = root.putArray("signingKeys");
    keys.forEach(k -> members.add(k.publicKey().bytes().toHexString()));
    ObjectNode fields = root.putObject("fields");
    fields.put("chainId", String.valueOf(statement.chainId()));
    fields.put("contract", statement.contract().toHexString());
    fields.put("computationId", statement.computationId().toHexString());
    fields.put("circuitHash", statement.circuitHash().toHexString());
    ArrayNode inputs = fields.putArray("inputs");
    for (Statement.CollectionInputs c : statement.inputs()) {
      ObjectNode n = inputs.addObject().put("collection", c.collection());
      ArrayNode used = n.putArray("used");
      c.used()
          .forEach(u -> used.addObject().put("index", u.index()).put("id", u.id().toHexString()));
    }
    ArrayNode outputs = fields.putArray("publicOutputs");
    for (Statement.PublicOutput o : statement.publicOutputs()) {
      ArrayNode values = outputs.addObject().put("name", o.name()).putArray("values");
      o.values().forEach(v -> values.add(v.toString()));
    }
    ArrayNode recipients = fields.putArray("recipientOutputs");
    statement
        .recipientOutputs()
        .forEach(
            r ->
                recipients
                    .addObject()
                    .put("name", r.name())
                    .put("recipient", r.recipient().toHexString()));
    ArrayNode state = fields.putArray("stateOutputs");
    statement.stateOutputs().forEach(state::add);
    fields.put("transcript", statement.transcript().toHexString());
    root.put("statement", statement.encode().toHexString());
    root.put("digest", statement.digest().toHexString());
    ArrayNode votes = root.putArray("votes");
    for (int j = 0; j < 3; j++) {
      Bytes32 shares = Hashing.keccak256(Bytes.of(j, 9));
      Vote v = Vote.sign(statement, j, shares, keys.get(j));
      votes
          .addObject()
          .put("member", j)
          .put("stateShares", shares.toHexString())
          .put("vote", Vote.hash(statement.digest(), j, shares).toHexString())
          .put("signature", v.signature().toBytes().toHexString())
          .put("valid", true);
    }
    Vote good = Vote.sign(statement, 3, Bytes32.ZERO, keys.get(3));
    byte[] bad = good.signature().toBytes().toArray();
    bad[10] ^= 1;
    votes
        .addObject()
        .put("member", 3)
        .put("stateShares", Bytes32.ZERO.toHexString())
        .put("vote", Vote.hash(statement.digest(), 3, Bytes32.ZERO).toHexString())
        .put("signature", Bytes.wrap(bad).toHexString())
        .put("valid", false);
    String text = json.writeValueAsString(root) + "\n";
    if (Boolean.getBoolean("parley.writeVectors")) {
      Files.writeString(VECTORS, text);
    }
    assertThat(Files.readString(VECTORS)).isEqualTo(text);
    List<Vote> parsed = new ArrayList<>();
    for (var v : root.get("votes")) {
      parsed.add(
          new Vote(
              v.get("member").asInt(),
              Bytes32.fromHexString(v.get("stateShares").asText()),
              Signature.fromBytes(Bytes.fromHexString(v.get("signature").asText()))));
    }
    Finality.Result r =
        Finality.check(statement, parsed, keys.stream().map(PrivateKey::publicKey).toList(), 1);
    assertThat(r.isFinal()).isTrue();
    assertThat(r.signers()).containsExactly(0, 1, 2);
    assertThat(r.refused()).containsExactly("signature of member 3 does not verify");
  }

  @Test
  void anIndependentImplementationFromTheSpecAgrees() throws Exception {
    Process probe =
        new ProcessBuilder("python3", "-c", "import sys").redirectErrorStream(true).start();
    boolean available = probe.waitFor() == 0;
    org.junit.jupiter.api.Assumptions.assumeTrue(available, "python3 is not installed");
    Process run =
        new ProcessBuilder("python3", "../docs/spec/vectors/verify-attestations.py")
            .redirectErrorStream(true)
            .start();
    String output = new String(run.getInputStream().readAllBytes());
    assertThat(run.waitFor()).as(output).isZero();
    assertThat(output).contains("ok: digest").contains("ok: quorum of 3");
  }
}
