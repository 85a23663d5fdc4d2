package io.parley.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.sdk.rpc.RpcClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Looks for secret values where they must never appear: every block with its transactions, every
 * receipt, every computation record and private output the chain serves, and every log file of the
 * devnet. A value is searched as a decimal number standing alone (not inside a hex string) and as
 * the big-endian hex of its 4 and 8 bytes.
 */
final class Leaks {
  private Leaks() {}

  static void assertNowhere(RpcClient client, Path devnetData, Collection<Long> secrets)
      throws Exception {
    List<Pattern> patterns = new ArrayList<>();
    for (long v : secrets) {
      patterns.add(Pattern.compile("(?<![0-9a-fA-Fx])" + v + "(?![0-9a-fA-F])"));
      patterns.add(Pattern.compile(String.format("%016x", v)));
      if (v < (1L << 32)) {
        patterns.add(Pattern.compile(String.format("%08x", v)));
      }
    }
    List<String> answers = new ArrayList<>();
    long head = Long.decode(client.call("chain_getBlockByNumber", "latest").get("number").asText());
    for (long h = 0; h <= head; h++) {
      JsonNode block = client.call("chain_getBlockByNumber", "0x" + Long.toHexString(h), true);
      answers.add("block " + h + ": " + block);
      for (JsonNode tx : block.path("transactions")) {
        answers.add(
            "receipt "
                + tx.get("hash").asText()
                + ": "
                + client.call("tx_getReceipt", tx.get("hash").asText()));
      }
    }
    List<JsonNode> ids = new ArrayList<>();
    long count = Long.decode(client.call("zk_listComputations").get("count").asText());
    for (long offset = 0; offset < count; offset += 100) {
      client
          .call("zk_listComputations", "0x" + Long.toHexString(offset), "0x64")
          .path("computations")
          .forEach(ids::add);
    }
    for (JsonNode id : ids) {
      String text = id.isTextual() ? id.asText() : id.path("id").asText();
      JsonNode record = client.call("zk_getComputation", text);
      answers.add("computation " + text + ": " + record);
      for (int i = 0; i < 4; i++) {
        try {
          answers.add("output: " + client.call("zk_getOutput", text, "private_" + i));
        } catch (io.parley.sdk.rpc.RpcClientException e) {
          break; // no such output
        }
      }
    }
    try (Stream<Path> files = Files.walk(devnetData)) {
      for (Path log : files.filter(p -> p.toString().endsWith(".log")).toList()) {
        if (log.getParent().getFileName().toString().equals("db")) {
          continue; // RocksDB's write-ahead logs: the chain's own bytes, checked through RPC
        }
        answers.add(log + ": " + Files.readString(log, StandardCharsets.ISO_8859_1));
      }
    }
    for (String answer : answers) {
      for (Pattern p : patterns) {
        assertThat(p.matcher(answer).find())
            .as("%s found in %s", p, answer.substring(0, Math.min(120, answer.length())))
            .isFalse();
      }
    }
  }
}
