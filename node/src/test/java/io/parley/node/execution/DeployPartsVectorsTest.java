package io.parley.node.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.base.block.Receipt;
import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.KeyPair;
import io.parley.base.crypto.PrivateKey;
import io.parley.base.tx.Transaction;
import io.parley.base.tx.TransactionKind;
import io.parley.base.types.Address;
import io.parley.contracts.ContractCompiler;
import io.parley.contracts.abi.AbiException;
import io.parley.contracts.abi.DeployParts;
import io.parley.contracts.abi.Payloads;
import io.parley.contracts.lang.SourceFile;
import io.parley.contracts.runtime.CallResult;
import io.parley.contracts.runtime.ContractRuntime;
import io.parley.contracts.runtime.GasSchedule;
import io.parley.genesis.ConsensusParameters;
import io.parley.genesis.ExecutionParameters;
import io.parley.node.execution.contract.ContractReader;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/spec/vectors/deploy-in-parts.json against the code: the bundle compiles from the vector's
 * source, the part payloads, storage keys, upload records, gas and reference deploy are what the
 * code produces, each invalid payload is refused with the vector's reason; then the vector's parts,
 * signed by its sender (private key 1), are executed on a chain with the vector's
 * maxTransactionSize and deploy the contract.
 */
class DeployPartsVectorsTest {
  private static final Path VECTORS = Path.of("../docs/spec/vectors/deploy-in-parts.json");

  @TempDir Path dir;

  @Test
  void theVectorsAreWhatTheCodeProducesAndTheyDeploy() throws Exception {
    JsonNode v = new ObjectMapper().readTree(VECTORS.toFile());
    int maxTx = v.get("maxTransactionSize").asInt();
    Bytes bundle = hex(v, "bundle");
    assertThat(
            ContractCompiler.compile(new SourceFile("Tiny.par", v.get("source").asText()))
                .bundle()
                .encode())
        .isEqualTo(bundle);
    Bytes32 hash = Bytes32.fromHexString(v.get("codeHash").asText());
    assertThat(Hashing.keccak256(bundle)).isEqualTo(hash);
    Address sender = Address.fromHex(v.get("sender").asText());
    KeyPair key = KeyPair.of(PrivateKey.of(Bytes32.fromHexString("0x01")));
    assertThat(key.address()).isEqualTo(sender);
    Bytes init = hex(v, "initArguments");
    assertThat(Payloads.deploy(bundle, init).size())
        .isEqualTo(v.get("directDeployPayloadSize").asInt());

    List<DeployParts.Part> split = DeployParts.split(bundle, maxTx);
    assertThat(split).hasSize(v.get("parts").size());
    List<Bytes> slices = new ArrayList<>();
    for (JsonNode item : v.get("parts")) {
      DeployParts.Part part = DeployParts.Part.decode(hex(item, "payload"), maxTx);
      assertThat(part)
          .isEqualTo(
              new DeployParts.Part(
                  hash, item.get("part").asInt(), item.get("parts").asInt(), hex(item, "bytes")));
      assertThat(part.encode()).isEqualTo(hex(item, "payload"));
      assertThat(split.get(part.part())).isEqualTo(part);
      assertThat(DeployParts.partKey(sender, hash, part.part()))
          .isEqualTo(Bytes32.fromHexString(item.get("storageKey").asText()));
      assertThat(
              ExecutionParameters.DEFAULTS.intrinsicGas(part.encode().size())
                  + CodeStore.partGas(GasSchedule.DEFAULT, part.bytes().size()))
          .isEqualTo(item.get("gas").asLong());
      slices.add(part.bytes());
    }
    assertThat(Bytes.concatenate(slices.toArray(Bytes[]::new))).isEqualTo(bundle);
    assertThat(DeployParts.uploadKey(sender, hash))
        .isEqualTo(Bytes32.fromHexString(v.get("uploadKey").asText()));
    assertThat(DeployParts.referenceDeploy(hash, init)).isEqualTo(hex(v, "referenceDeployPayload"));
    for (JsonNode item : v.get("invalid")) {
      assertThatThrownBy(() -> DeployParts.Part.decode(hex(item, "payload"), maxTx))
          .as(item.get("note").asText())
          .isInstanceOf(AbiException.class)
          .hasMessage(item.get("reason").asText());
    }

    DeployInPartsTest.Chain chain =
        new DeployInPartsTest.Chain(
            dir,
            ConsensusParameters.DEFAULTS,
            new ExecutionParameters(UInt256.ONE, 21_000, 16, maxTx));
    KeyPair funder = chain.keys.get(0);
    chain.one(
        Transaction.transfer(5, 0, sender, UInt256.valueOf(1_000_000_000L), UInt256.ONE, 21_000)
            .sign(funder));
    for (JsonNode item : v.get("parts")) {
      Receipt r =
          chain.one(
              new Transaction(
                      5,
                      chain.nonce(key),
                      TransactionKind.CALL,
                      UInt256.ONE,
                      item.get("gas").asLong(),
                      Optional.of(DeployParts.CODE_STORE),
                      UInt256.ZERO,
                      hex(item, "payload"))
                  .sign(key));
      assertThat(r.failureReason()).isEmpty();
      assertThat(r.gasUsed()).isEqualTo(item.get("gas").asLong());
      assertThat(chain.codeStore(Bytes32.fromHexString(item.get("storageKey").asText())))
          .contains(hex(item, "bytes"));
      assertThat(chain.codeStore(DeployParts.uploadKey(sender, hash)))
          .contains(
              Bytes.fromHexString(v.get("uploadRecords").get(item.get("part").asInt()).asText()));
    }
    long nonce = chain.nonce(key);
    Receipt deployed = chain.one(chain.deploy(key, hex(v, "referenceDeployPayload"), 2_000_000));
    assertThat(deployed.failureReason()).isEmpty();
    Address contract = Payloads.contractAddress(sender, nonce);
    ContractReader reader = new ContractReader(chain.store, new ContractRuntime());
    Bytes32 root = chain.head.stateRoot();
    CallResult got =
        reader.query(
            root,
            reader.contract(root, contract).orElseThrow(),
            contract,
            Address.ZERO,
            "get",
            Bytes.fromHexString("0xc0"),
            1,
            2_000);
    assertThat(got.returnValue()).contains(BigInteger.valueOf(7));
  }

  private static Bytes hex(JsonNode node, String field) {
    return Bytes.fromHexString(node.get(field).asText());
  }
}
