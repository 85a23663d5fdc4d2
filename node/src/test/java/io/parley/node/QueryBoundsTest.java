package io.parley.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.base.crypto.KeyPair;
import io.parley.base.tx.TransactionKind;
import io.parley.base.types.Address;
import io.parley.contracts.ContractCompiler;
import io.parley.contracts.abi.Payloads;
import io.parley.contracts.lang.SourceFile;
import io.parley.node.execution.contract.QueryLimits;
import io.parley.node.rpc.RpcErrors;
import io.parley.node.testing.TestNetwork;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Views and estimates over RPC are bounded in gas and in time (ADR 0045): a view that loops forever
 * ends at the query gas cap (4051) or at its deadline (4053), an estimate at its deadline (4053),
 * and the node answers the next request as before. The deadline case uses a timeout of 0, which
 * stops a call at its first reading of the clock: no test here depends on how fast the machine is.
 */
class QueryBoundsTest {
  static final String LOOP =
      "contract Loop { state n: u64;"
          + " action spin() { while true { n += 1; } }"
          + " view count(steps: u64) -> u64 { let t: u64 = 0; for i in 0..steps { t += i & 7; }"
          + " return t; } }";

  static final String FOREVER = "1000000000000000000";

  @TempDir Path dir;

  @Test
  void aViewThatLoopsForeverEndsAtTheQueryGasCap() throws Exception {
    TestNetwork network = TestNetwork.create(dir, 1);
    QueryLimits limits = new QueryLimits(2_000_000, 60_000);
    try (ParleyNode node = network.start(network.config().rpc().withQueryLimits(limits))) {
      RpcClient client = TestNetwork.client(node);
      Address loop = deploy(client, network.accounts().get(0));
      assertThatThrownBy(() -> count(client, loop, FOREVER))
          .isInstanceOfSatisfying(
              RpcClientException.class,
              e -> {
                assertThat(e.code()).isEqualTo(4051);
                assertThat(e.getMessage()).contains("out of gas").contains("2000000 gas");
              });
      assertThat(count(client, loop, "10")).isEqualTo("29");
      assertThat(client.call("chain_getParameters").get("queryGasLimit").asText())
          .isEqualTo("0x1e8480");
    }
  }

  @Test
  void aViewOrEstimatePastItsDeadlineIsStoppedWithItsOwnCode() throws Exception {
    TestNetwork network = TestNetwork.create(dir, 1);
    QueryLimits limits = new QueryLimits(Long.MAX_VALUE, 0);
    try (ParleyNode node = network.start(network.config().rpc().withQueryLimits(limits))) {
      RpcClient client = TestNetwork.client(node);
      KeyPair alice = network.accounts().get(0);
      Address loop = deploy(client, alice);
      assertThatThrownBy(() -> count(client, loop, FOREVER))
          .isInstanceOfSatisfying(
              RpcClientException.class,
              e -> {
                assertThat(e.code()).isEqualTo(RpcErrors.QUERY_STOPPED);
                assertThat(e.getMessage())
                    .contains("stopped after 0 ms (--rpc-query-timeout-millis)");
              });
      ObjectNode draft = JsonNodeFactory.instance.objectNode();
      draft.put("from", alice.address().toHexString());
      draft.put("kind", "call");
      draft.put("to", loop.toHexString());
      draft.put("payload", Payloads.call("spin", Bytes.fromHexString("0xc0")).toHexString());
      assertThatThrownBy(() -> client.call("tx_estimateGas", draft))
          .isInstanceOfSatisfying(
              RpcClientException.class,
              e -> assertThat(e.code()).isEqualTo(RpcErrors.QUERY_STOPPED));
      assertThat(count(client, loop, "10"))
          .as("a view shorter than one clock reading still answers")
          .isEqualTo("29");
    }
  }

  static Address deploy(RpcClient client, KeyPair from) throws Exception {
    Bytes bundle = ContractCompiler.compile(new SourceFile("Loop.par", LOOP)).bundle().encode();
    var receipt =
        ContractEndToEndTest.send(
            client,
            ContractEndToEndTest.contractTx(
                from,
                0,
                TransactionKind.DEPLOY,
                Optional.empty(),
                Payloads.deploy(bundle, Bytes.fromHexString("0xc0"))));
    assertThat(receipt.get("status").asText()).as(receipt.toString()).isEqualTo("0x1");
    return Payloads.contractAddress(from.address(), 0);
  }

  static String count(RpcClient client, Address loop, String steps) throws RpcClientException {
    var args = JsonNodeFactory.instance.arrayNode().add(steps);
    return client.call("contract_query", loop.toHexString(), "count", args).get("value").asText();
  }
}
