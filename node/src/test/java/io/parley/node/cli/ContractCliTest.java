package io.parley.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.node.ParleyNode;
import io.parley.node.testing.TestNetwork;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code parley contract compile|deploy|call|query|submit|facade} as a user runs them, against a
 * real node.
 */
class ContractCliTest {
  @TempDir Path dir;

  record Result(int code, String output) {}

  private static Result run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    try {
      return new Result(ParleyCommand.execute(args), captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void writesATypedFacadeFromACompiledAbi() throws Exception {
    Path source = Path.of("../contracts/examples/Token.par");
    assertThat(run("contract", "compile", source.toString(), "--out", dir.toString()).code())
        .isZero();
    Result written =
        run(
            "contract",
            "facade",
            "--abi",
            dir.resolve("Token.abi.json").toString(),
            "--package",
            "com.example",
            "--out",
            dir.resolve("src").toString());
    assertThat(written.code()).as(written.output()).isZero();
    Path facade = dir.resolve("src/com/example/Token.java");
    assertThat(written.output()).contains("wrote " + facade);
    assertThat(Files.readString(facade))
        .contains("package com.example;")
        .contains("public BigInteger balanceOf(Address who)")
        .contains("public SentTransaction transfer(KeyPair key, Address to, BigInteger amount)");

    Result missing =
        run("contract", "facade", "--abi", "nowhere.json", "--package", "p", "--out", "o");
    assertThat(missing.code()).isNotZero();
    assertThat(missing.output()).contains("--abi: no file nowhere.json");
    Result notAbi =
        run(
            "contract",
            "facade",
            "--abi",
            dir.resolve("Token.pbundle").toString(),
            "--package",
            "p",
            "--out",
            dir.toString());
    assertThat(notAbi.output()).contains("not a Parley ABI");
  }

  @Test
  void compilesDeploysCallsAndQueriesTheVoteExample() throws Exception {
    Path source = Path.of("../contracts/examples/Vote.par");
    Result compiled =
        run("contract", "compile", source.toString(), "--out", dir.resolve("out").toString());
    assertThat(compiled.code()).as(compiled.output()).isZero();
    assertThat(dir.resolve("out/Vote.pbundle")).exists();
    assertThat(Files.readString(dir.resolve("out/Vote.abi.json")))
        .contains("\"contract\" : \"Vote\"");

    Path broken = dir.resolve("Broken.par");
    Files.writeString(broken, "contract B {\n  action f() { let x: u8 = 300; }\n}\n");
    Result failed = run("contract", "compile", broken.toString());
    assertThat(failed.code()).isEqualTo(1);
    assertThat(failed.output())
        .contains("Broken.par:2:28: error: literal 300 does not fit in u8")
        .contains("^");

    TestNetwork network = TestNetwork.create(dir.resolve("net"), 1);
    try (ParleyNode node = network.start()) {
      String rpc = "http://127.0.0.1:" + node.rpcAddress().orElseThrow().getPort() + "/";
      String key =
          network.genesisFile().getParent().resolve("accounts").resolve("account-0.key").toString();
      Result deployed =
          run(
              "contract",
              "deploy",
              dir.resolve("out/Vote.pbundle").toString(),
              "--rpc",
              rpc,
              "--key-file",
              key,
              "--wait");
      assertThat(deployed.code()).as(deployed.output()).isZero();
      Matcher m = Pattern.compile("contract address (0x[0-9a-f]{40})").matcher(deployed.output());
      assertThat(m.find()).isTrue();
      String contract = m.group(1);
      String me = network.accounts().get(0).address().toHexString();

      Result added =
          run(
              "contract",
              "call",
              "--contract",
              contract,
              "--function",
              "add_voter",
              "--args",
              "[\"" + me + "\"]",
              "--rpc",
              rpc,
              "--key-file",
              key,
              "--wait");
      assertThat(added.code()).as(added.output()).isZero();
      Result proposed =
          run(
              "contract",
              "call",
              "--contract",
              contract,
              "--function",
              "propose",
              "--rpc",
              rpc,
              "--key-file",
              key,
              "--wait");
      assertThat(proposed.code()).as(proposed.output()).isZero();
      Result voted =
          run(
              "contract",
              "call",
              "--contract",
              contract,
              "--function",
              "vote",
              "--args",
              "[0, true]",
              "--rpc",
              rpc,
              "--key-file",
              key,
              "--wait");
      assertThat(voted.code()).as(voted.output()).isZero();
      assertThat(voted.output()).contains("event {\"source\":\"" + contract);
      Result again =
          run(
              "contract",
              "call",
              "--contract",
              contract,
              "--function",
              "vote",
              "--args",
              "[0, true]",
              "--rpc",
              rpc,
              "--key-file",
              key,
              "--wait");
      assertThat(again.code()).isEqualTo(1);
      assertThat(again.output()).contains("failed in block").contains("already voted");

      Result result =
          run(
              "contract",
              "query",
              "--contract",
              contract,
              "--function",
              "result",
              "--args",
              "[0]",
              "--rpc",
              rpc);
      assertThat(result.code()).as(result.output()).isZero();
      // The node runs in this JVM: its status line for the block of the last call can be written
      // while this command's output is captured. Everything else is the command's.
      assertThat(result.output().lines().filter(line -> !line.contains(" INFO  status - ")))
          .containsExactly("{\"yes\":\"1\",\"no\":\"0\",\"open\":true}");
    }
  }

  @Test
  void submitsASealedBidWithoutEverShowingIt() throws Exception {
    TestNetwork network = TestNetwork.createWithCommittee(dir.resolve("net"), 2, 4);
    try (ParleyNode node = network.start()) {
      String rpc = "http://127.0.0.1:" + node.rpcAddress().orElseThrow().getPort() + "/";
      Path accounts = network.genesisFile().getParent().resolve("accounts");
      String seller = accounts.resolve("account-0.key").toString();
      String bidder = accounts.resolve("account-1.key").toString();
      long closesAt = System.currentTimeMillis() + 3_600_000;
      Result deployed =
          run(
              "contract",
              "deploy",
              "../contracts/examples/Auction.par",
              "--args",
              "[" + closesAt + "]",
              "--rpc",
              rpc,
              "--key-file",
              seller,
              "--wait");
      assertThat(deployed.code()).as(deployed.output()).isZero();
      Matcher m = Pattern.compile("contract address (0x[0-9a-f]{40})").matcher(deployed.output());
      assertThat(m.find()).isTrue();
      String contract = m.group(1);
      Result deposit =
          run(
              "contract",
              "call",
              "--contract",
              contract,
              "--function",
              "deposit",
              "--value",
              "0.000000000001",
              "--rpc",
              rpc,
              "--key-file",
              bidder,
              "--wait");
      assertThat(deposit.code()).as(deposit.output()).isZero();

      Result submitted =
          run(
              "contract",
              "submit",
              "--contract",
              contract,
              "--collection",
              "bids",
              "--values",
              "[777123]",
              "--rpc",
              rpc,
              "--key-file",
              bidder,
              "--wait");
      assertThat(submitted.code()).as(submitted.output()).isZero();
      assertThat(submitted.output()).contains("secret input transaction").doesNotContain("777123");

      Result tooBig =
          run(
              "contract",
              "submit",
              "--contract",
              contract,
              "--collection",
              "bids",
              "--values",
              "[-1]",
              "--rpc",
              rpc,
              "--key-file",
              bidder);
      assertThat(tooBig.code()).isNotZero();
      assertThat(tooBig.output()).contains("outside u64 (value not shown)").doesNotContain("-1]");
      Result nowhere =
          run(
              "contract",
              "submit",
              "--contract",
              contract,
              "--collection",
              "votes",
              "--values",
              "[1]",
              "--rpc",
              rpc,
              "--key-file",
              bidder);
      assertThat(nowhere.output()).contains("the contract has no collection 'votes'");
    }
  }
}
