package io.parley.contracts.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.types.Address;
import io.parley.contracts.runtime.CallResult;
import io.parley.contracts.testing.ContractTestKit;
import io.parley.contracts.testing.DeployedContract;
import java.math.BigInteger;
import java.nio.file.Path;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenExampleTest {
  static final Path SOURCE = Path.of("examples/Token.par");

  ContractTestKit kit;
  Address alice;
  Address bob;
  Address carol;
  DeployedContract token;

  @BeforeEach
  void deploy() {
    kit = new ContractTestKit();
    alice = kit.account("alice");
    bob = kit.account("bob");
    carol = kit.account("carol");
    token =
        kit.deploy(
            SOURCE,
            alice,
            Bytes.wrap("Parley".getBytes()),
            Bytes.wrap("PAR".getBytes()),
            1_000_000);
  }

  @Test
  void initGivesTheSupplyToTheDeployer() {
    assertThat(token.query("balance_of", alice)).isEqualTo(BigInteger.valueOf(1_000_000));
    assertThat(token.query("supply")).isEqualTo(BigInteger.valueOf(1_000_000));
    assertThat(token.query("get_symbol")).isEqualTo(Bytes.wrap("PAR".getBytes()));
    assertThat(token.eventNames(token.deployment())).containsExactly("Transfer");
  }

  @Test
  void transferMovesBalanceAndEmitsTransfer() {
    CallResult r = token.call(alice, "transfer", bob, 250);
    assertThat(r.success()).as(r.failureReason().orElse("")).isTrue();
    assertThat(r.returnValue()).contains(Boolean.TRUE);
    assertThat(token.eventNames(r)).containsExactly("Transfer");
    assertThat(r.events().get(0).topics()).hasSize(3);
    assertThat(token.query("balance_of", alice)).isEqualTo(BigInteger.valueOf(999_750));
    assertThat(token.query("balance_of", bob)).isEqualTo(BigInteger.valueOf(250));
  }

  @Test
  void transferBeyondBalanceFailsAndChangesNothing() {
    var root = kit.host().stateRoot();
    CallResult r = token.call(bob, "transfer", carol, 1);
    assertThat(r.success()).isFalse();
    assertThat(r.failureReason()).contains("insufficient balance");
    assertThat(r.gasUsed()).isPositive();
    assertThat(kit.host().stateRoot()).isEqualTo(root);
  }

  @Test
  void allowanceLetsASpenderMoveTokensOnce() {
    assertThat(token.call(alice, "approve", bob, 100).success()).isTrue();
    assertThat(token.query("allowance", alice, bob)).isEqualTo(BigInteger.valueOf(100));
    CallResult spend = token.call(bob, "transfer_from", alice, carol, 60);
    assertThat(spend.success()).as(spend.failureReason().orElse("")).isTrue();
    assertThat(token.query("balance_of", carol)).isEqualTo(BigInteger.valueOf(60));
    assertThat(token.query("allowance", alice, bob)).isEqualTo(BigInteger.valueOf(40));
    CallResult again = token.call(bob, "transfer_from", alice, carol, 60);
    assertThat(again.failureReason()).contains("allowance exceeded");
  }
}
