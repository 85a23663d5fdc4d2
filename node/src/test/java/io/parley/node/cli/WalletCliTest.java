package io.parley.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.node.ParleyNode;
import io.parley.node.testing.TestNetwork;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wallet and genesis commands as a user runs them, against a real node. */
class WalletCliTest {
  @TempDir Path dir;

  /** Runs the CLI in-process and returns exit code and output. */
  private static Result run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    try {
      int code = ParleyCommand.execute(args);
      return new Result(code, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  record Result(int code, String output) {}

  @Test
  void createsAKeySendsAndReadsTheTransferBack() throws Exception {
    TestNetwork network = TestNetwork.create(dir, 1);
    Path keystore = dir.resolve("keystore");
    Path password = dir.resolve("password");
    Files.writeString(password, "correct horse battery staple\n");
    Result created =
        run(
            "wallet",
            "new",
            "--keystore",
            keystore.toString(),
            "--password-file",
            password.toString(),
            "--scrypt-n",
            "1024");
    assertThat(created.code()).as(created.output()).isZero();
    Matcher m = Pattern.compile("address  (0x[0-9a-f]{40})").matcher(created.output());
    assertThat(m.find()).isTrue();
    String address = m.group(1);
    try (var files = Files.list(keystore)) {
      Path file = files.findFirst().orElseThrow();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
      assertThat(Files.readString(file)).contains("\"version\" : 3").contains("scrypt");
    }
    assertThat(run("wallet", "address", "--keystore", keystore.toString()).output())
        .contains(address);

    try (ParleyNode node = network.start()) {
      String rpc = "http://127.0.0.1:" + node.rpcAddress().orElseThrow().getPort() + "/";
      Path devKey = network.genesisFile().getParent().resolve("accounts").resolve("account-0.key");
      Result fund =
          run(
              "wallet",
              "send",
              "--rpc",
              rpc,
              "--key-file",
              devKey.toString(),
              "--to",
              address,
              "--amount",
              "0.0000005",
              "--wait");
      assertThat(fund.code()).as(fund.output()).isZero();
      assertThat(fund.output()).contains("committed in block");

      Result balance = run("wallet", "balance", "--rpc", rpc, "--address", address);
      assertThat(balance.output()).contains("balance  0.0000005 PAR (500000000000 units)");

      // Spend from the new keystore key: it unlocks with the passphrase file.
      Result spend =
          run(
              "wallet",
              "send",
              "--rpc",
              rpc,
              "--from",
              address,
              "--keystore",
              keystore.toString(),
              "--password-file",
              password.toString(),
              "--to",
              "0x000000000000000000000000000000000000dead",
              "--amount",
              "0.0000001");
      assertThat(spend.code()).as(spend.output()).isZero();
      Matcher hash = Pattern.compile("transaction (0x[0-9a-f]{64})").matcher(spend.output());
      assertThat(hash.find()).isTrue();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> run("tx", "status", "--rpc", rpc, hash.group(1)).output().contains("success"));
      assertThat(run("wallet", "tx", "status", "--rpc", rpc, hash.group(1)).output())
          .contains("status    committed");

      Files.writeString(password, "wrong\n");
      Result wrong =
          run(
              "wallet",
              "send",
              "--rpc",
              rpc,
              "--from",
              address,
              "--keystore",
              keystore.toString(),
              "--password-file",
              password.toString(),
              "--to",
              address,
              "--amount",
              "0.0000001");
      assertThat(wrong.code()).isEqualTo(1);
      assertThat(wrong.output()).contains("error: wrong passphrase");
    }
  }

  @Test
  void userErrorsAreOneClearLine() {
    Result badAmount = run("wallet", "send", "--key-file", "x", "--to", "0x12", "--amount", "1");
    assertThat(badAmount.code()).isEqualTo(1);
    assertThat(badAmount.output()).contains("error:");
    Result unreachable =
        run(
            "wallet",
            "balance",
            "--rpc",
            "http://127.0.0.1:1/",
            "--address",
            "0x000000000000000000000000000000000000dead");
    assertThat(unreachable.code()).isEqualTo(1);
    assertThat(unreachable.output()).contains("cannot reach the node");
    Result usage = run("wallet", "send", "--to", "0x00");
    assertThat(usage.code()).isEqualTo(2);
  }

  @Test
  void genesisGenerateWritesOwnerOnlyKeys() throws Exception {
    Path out = dir.resolve("net");
    Result result =
        run(
            "genesis",
            "generate",
            "--validators",
            "4",
            "--mpc-nodes",
            "4",
            "--accounts",
            "2",
            "--out",
            out.toString());
    assertThat(result.code()).as(result.output()).isZero();
    assertThat(result.output()).contains("genesis hash 0x");
    for (String key : new String[] {"validator-3/key", "mpc-0/key", "accounts/account-1.key"}) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve(key))))
          .isEqualTo("rw-------");
    }
    Result again = run("genesis", "generate", "--validators", "1", "--out", out.toString());
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.output()).contains("refusing to overwrite");
    Result badCommittee =
        run("genesis", "generate", "--mpc-nodes", "3", "--out", dir.resolve("x").toString());
    assertThat(badCommittee.output()).contains("--mpc-nodes must be 0 or in [4, 31]");
  }
}
