package io.parley.node.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.crypto.KeyPair;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.tx.Transaction;
import io.parley.base.types.Address;
import io.parley.contracts.abi.Payloads;
import io.parley.node.testing.DevnetProcess;
import io.parley.node.testing.HeadlessChromium;
import io.parley.node.testing.Tokens;
import io.parley.sdk.rpc.RpcClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The explorer in headless Chromium against a running {@code parley devnet} (four validator
 * processes): a transfer, a Token deployed and called; the browser follows the block to the
 * transaction to the contract and reads the same values as the RPC, sees new blocks and events
 * arrive over the WebSocket without reloading, and saves a screenshot.
 */
class ExplorerBrowserTest {
  static final Path SCREENSHOT = Path.of("target/explorer-screenshot.png");
  static final Path BLOCK_SCREENSHOT = Path.of("target/explorer-block.png");
  static final Path TRANSACTION_SCREENSHOT = Path.of("target/explorer-transaction.png");
  static final Address DEAD = Address.fromHex("0x000000000000000000000000000000000000dead");

  @TempDir Path dir;
  private ChromeDriver browser;
  private WebDriverWait wait;

  @Test
  void followsABlockToATransactionToItsContractAndUpdatesLive() throws Exception {
    HeadlessChromium.assumeInstalled();
    try (DevnetProcess devnet = DevnetProcess.start(dir.resolve("devnet"), dir.resolve("log"))) {
      browser = HeadlessChromium.start(dir.resolve("profile"), dir.resolve("chromedriver.log"));
      wait = new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(100));
      try {
        explore(devnet, devnet.client(), devnet.devAccount());
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            "at "
                + browser.getCurrentUrl()
                + ", console "
                + browserMessages(Level.ALL)
                + ", page:\n"
                + browser.findElement(By.tagName("body")).getText(),
            e);
      } finally {
        browser.quit();
      }
    }
  }

  private void explore(DevnetProcess devnet, RpcClient rpc, KeyPair dev) throws Exception {
    String explorer = devnet.explorerUrl();
    assertThat(explorer).isEqualTo("http://127.0.0.1:" + devnet.rpcPort() + "/explorer");
    browser.get(explorer);
    wait.until(b -> !b.findElements(By.cssSelector("#latest-blocks tr")).isEmpty());
    wait.until(b -> "live".equals(attribute("#live-status", "data-state")));
    browser.executeScript("window.explorerMarker = 'this page was never reloaded';");
    long shown = Long.parseLong(attribute("#latest-blocks tr", "data-number"));
    wait.until(b -> Long.parseLong(attribute("#latest-blocks tr", "data-number")) > shown);

    long nonce = Tokens.nonce(rpc, dev);
    UInt256 oneAndAHalfPar = UInt256.valueOf(1_500_000_000_000_000_000L);
    SignedTransaction transfer =
        Transaction.transfer(1337, nonce, DEAD, oneAndAHalfPar, UInt256.ONE, 21_000).sign(dev);
    Tokens.commit(rpc, transfer);
    SignedTransaction deployment = Tokens.deployment(dev, nonce + 1);
    Tokens.commit(rpc, deployment);
    Address token = Payloads.contractAddress(dev.address(), nonce + 1);
    Address bob = KeyPair.random().address();
    SignedTransaction call = Tokens.action(dev, nonce + 2, token, "transfer", bob, 250);
    JsonNode receipt = Tokens.commit(rpc, call);
    long height = Long.decode(receipt.get("blockNumber").asText());

    By blockLink = By.cssSelector("#latest-blocks a[data-block='" + height + "']");
    wait.until(b -> !b.findElements(blockLink).isEmpty());
    assertThat(browser.executeScript("return window.explorerMarker;"))
        .as("blocks arrived over the WebSocket, without a reload")
        .isEqualTo("this page was never reloaded");
    // The list grows over the WebSocket while the test runs: a click at the row's coordinates can
    // land on the neighbouring row if a new block arrives between locating and clicking, so the
    // link element itself is clicked.
    browser.executeScript("arguments[0].click();", browser.findElement(blockLink));
    checkBlock(rpc, height, call);

    browser
        .findElement(By.cssSelector("#block-transactions a[data-tx='" + hash(call) + "']"))
        .click();
    checkCall(dev, bob, receipt, call);

    browser.findElement(By.cssSelector("tr[data-field='Contract'] a")).click();
    checkContract(rpc, dev, token, bob);

    browser.get(explorer + "/#/tx/" + hash(deployment));
    wait.until(b -> field("Hash").equals(hash(deployment)));
    assertThat(field("Contract created")).isEqualTo(token.toHexString());
    browser.get(explorer + "/#/tx/" + hash(transfer));
    wait.until(b -> field("Hash").equals(hash(transfer)));
    assertThat(field("Value")).isEqualTo("1.5 PAR (1500000000000000000 base units)");
    assertThat(field("To")).isEqualTo(DEAD.toHexString());

    search(token.toHexString());
    wait.until(b -> text("h1").equals("Contract Token"));
    search(Long.toString(height));
    wait.until(b -> text("h1").equals("Block " + height));
    search(hash(call));
    wait.until(b -> field("Hash").equals(hash(call)));

    checkComputation(rpc, dev, explorer);
    assertThat(browserMessages(Level.SEVERE))
        .as("console errors (CSP, scripts, requests)")
        .isEmpty();
  }

  private void checkBlock(RpcClient rpc, long height, SignedTransaction call) throws Exception {
    wait.until(b -> text("h1").equals("Block " + height));
    JsonNode block = rpc.call("chain_getBlockByNumber", "0x" + Long.toHexString(height));
    JsonNode validators = rpc.call("chain_getValidators").get("validators");
    JsonNode votes = block.get("certificate").get("votes");
    assertThat(field("Hash")).isEqualTo(block.get("hash").asText());
    assertThat(field("Parent")).isEqualTo(block.get("parentHash").asText());
    assertThat(field("Transactions"))
        .isEqualTo(Long.decode(block.get("transactionCount").asText()) + "");
    assertThat(field("Signers"))
        .isEqualTo(votes.size() + " of " + validators.size() + " validators (quorum 3)");
    List<String> expected = new ArrayList<>();
    votes.forEach(
        v -> expected.add(validators.get(v.get("validatorIndex").asInt()).get("address").asText()));
    List<String> shown =
        browser.findElements(By.cssSelector("#signers tr[data-signed='true'] a")).stream()
            .map(WebElement::getText)
            .toList();
    assertThat(shown).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(votes.size()).isBetween(3, 4);
    assertThat(text("#block-transactions")).contains("call");
    assertThat(block.get("transactions").toString()).contains(hash(call));
    screenshot(BLOCK_SCREENSHOT);
  }

  private void checkCall(KeyPair dev, Address bob, JsonNode receipt, SignedTransaction call)
      throws Exception {
    wait.until(b -> text("h1").equals("Transaction") && field("Hash").equals(hash(call)));
    assertThat(field("Status")).isEqualTo("committed");
    assertThat(field("Kind")).isEqualTo("call");
    assertThat(field("From")).isEqualTo(dev.address().toHexString());
    assertThat(field("Block")).isEqualTo("" + Long.decode(receipt.get("blockNumber").asText()));
    assertThat(field("Action")).isEqualTo("transfer(to: " + bob.toHexString() + ", amount: 250)");
    assertThat(field("Result")).isEqualTo("success");
    assertThat(field("Gas used")).isEqualTo("" + Long.decode(receipt.get("gasUsed").asText()));
    assertThat(text("#events"))
        .contains(
            "Transfer",
            "from: "
                + dev.address().toHexString()
                + ", to: "
                + bob.toHexString()
                + ", amount: 250");
    screenshot(TRANSACTION_SCREENSHOT);
  }

  private void checkContract(RpcClient rpc, KeyPair dev, Address token, Address bob)
      throws Exception {
    wait.until(b -> text("h1").equals("Contract Token"));
    assertThat(field("Address")).isEqualTo(token.toHexString());
    assertThat(field("Code hash"))
        .isEqualTo(rpc.call("state_getAccount", token.toHexString()).get("codeHash").asText());
    String supply =
        rpc.call("contract_query", token.toHexString(), "supply", List.of()).get("value").asText();
    assertThat(supply).isEqualTo("1000000");
    wait.until(b -> text("tr[data-view='supply'] td.value").equals(supply));
    assertThat(text("tr[data-action='transfer']"))
        .isEqualTo("transfer(to: address, amount: u256) -> bool");
    assertThat(text("#abi-events")).contains("Transfer(address,address,u256)");

    Tokens.commit(rpc, Tokens.action(dev, Tokens.nonce(rpc, dev), token, "transfer", bob, 5));
    wait.until(b -> text("#live-events").contains("amount: 5"));
    assertThat(text("#live-events")).contains("Transfer", "to: " + bob.toHexString());
    screenshot(SCREENSHOT);
  }

  /**
   * A secret input to a contract on the devnet starts the committee's check of it; the explorer
   * shows the chain's record of that computation (zk_getComputation): function, status, and the
   * input it will read.
   */
  private void checkComputation(RpcClient rpc, KeyPair dev, String explorer) throws Exception {
    long nonce = Tokens.nonce(rpc, dev);
    var donations = io.parley.node.testing.ConfidentialFlow.donationsWithoutRule();
    Tokens.commit(
        rpc,
        new Transaction(
                1337,
                nonce,
                io.parley.base.tx.TransactionKind.DEPLOY,
                UInt256.ONE,
                5_000_000,
                java.util.Optional.empty(),
                UInt256.ZERO,
                Payloads.deploy(
                    donations.bundle().encode(),
                    org.apache.tuweni.bytes.Bytes.fromHexString("0xc0")))
            .sign(dev));
    Address contract = Payloads.contractAddress(dev.address(), nonce);
    var committee = io.parley.sdk.inputs.CommitteeView.fetch(rpc, contract).committee();
    SignedTransaction gift =
        new Transaction(
                1337,
                nonce + 1,
                io.parley.base.tx.TransactionKind.SECRET_INPUT,
                UInt256.ONE,
                1_000_000,
                java.util.Optional.of(contract),
                UInt256.ZERO,
                io.parley.zk.inputs.Sealer.seal(
                        committee,
                        new io.parley.zk.inputs.InputContext(
                            1337, dev.address(), nonce + 1, contract, "gifts", 0, committee.hash()),
                        List.of(java.math.BigInteger.valueOf(42)))
                    .encode())
            .sign(dev);
    Tokens.commit(rpc, gift);
    // every stored input starts the committee's check of it (computations.md section 4)
    String id = io.parley.node.execution.ComputationRegistry.validityId(gift.hash()).toHexString();
    String inputId =
        io.parley.base.crypto.Hashing.keccak256(gift.hash(), org.apache.tuweni.bytes.Bytes.of(0, 0))
            .toHexString();
    browser.get(explorer + "/#/computation/" + id);
    wait.until(b -> b.findElement(By.tagName("body")).getText().contains("valid__gifts"));
    assertThat(browser.findElement(By.tagName("body")).getText())
        .contains("queued", "gifts", inputId, contract.toHexString());
    screenshot(SCREENSHOT.resolveSibling("explorer-computation.png"));
  }

  private List<String> browserMessages(Level atLeast) {
    return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= atLeast.intValue())
        .map(LogEntry::getMessage)
        .toList();
  }

  private void screenshot(Path file) throws Exception {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.copy(
        browser.getScreenshotAs(OutputType.FILE).toPath(),
        file,
        StandardCopyOption.REPLACE_EXISTING);
    assertThat(Files.size(file)).isPositive();
  }

  private void search(String query) {
    WebElement input = browser.findElement(By.id("search-input"));
    input.clear();
    input.sendKeys(query);
    input.submit();
  }

  private static String hash(SignedTransaction tx) {
    return tx.hash().toHexString();
  }

  private String text(String css) {
    return browser.findElement(By.cssSelector(css)).getText().trim();
  }

  private String attribute(String css, String name) {
    return browser.findElement(By.cssSelector(css)).getDomAttribute(name);
  }

  /**
   * The text of a page's field; read again when the page re-rendered between finding and reading it
   * (live pages redraw on new heads).
   */
  private String field(String label) {
    for (int attempt = 0; ; attempt++) {
      try {
        List<WebElement> cells =
            browser.findElements(By.cssSelector("tr[data-field='" + label + "'] td"));
        return cells.isEmpty() ? "" : cells.get(0).getText().trim();
      } catch (org.openqa.selenium.StaleElementReferenceException e) {
        if (attempt == 9) {
          throw e;
        }
      }
    }
  }
}
