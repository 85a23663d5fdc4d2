package io.parley.contracts.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.types.Address;
import io.parley.contracts.testing.ContractTestKit;
import io.parley.contracts.testing.DeployedContract;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayrollExampleTest {
  @Test
  void confidentialSumIsCappedKeptAsStateAndRevealedToTheAuditor() {
    ContractTestKit kit = new ContractTestKit();
    Address hr = kit.account("hr");
    DeployedContract payroll = kit.deploy(Path.of("examples/Payroll.par"), hr);
    assertThat(payroll.call(hr, "submit").success()).isTrue();
    assertThat(payroll.query("submission_count")).isEqualTo(BigInteger.ONE);

    Map<String, Object> first =
        payroll.compute("add", Map.of("salaries", List.of(100, 200, 300), "limit", 1000));
    assertThat(first.get("result")).isEqualTo(BigInteger.ZERO);
    assertThat(first.get("private_0")).isEqualTo(BigInteger.valueOf(600));
    assertThat(payroll.secretState()).containsEntry("total", BigInteger.valueOf(600));

    Map<String, Object> second =
        payroll.compute("add", Map.of("salaries", List.of(300, 200, 100), "limit", 1000));
    assertThat(second.get("result")).isEqualTo(BigInteger.ONE);
    assertThat(second.get("private_0")).isEqualTo(BigInteger.valueOf(1000));
    assertThat(payroll.abi().confidential().get(0).outputs())
        .extracting(o -> o.name() + ":" + o.to() + ":" + o.address().orElse(""))
        .containsExactly(
            "private_0:address:0x7e5f4552091a69125d5dfcb7b8c2659029395bdf",
            "result:public:",
            "total:state:");
  }
}
