package io.parley.node.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.base.crypto.KeyPair;
import io.parley.consensus.messages.Vote;
import io.parley.consensus.messages.VoteType;
import io.parley.consensus.protocol.LastSigned.SigningStep;
import io.parley.node.storage.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningStateFileTest {
  private static final long CHAIN = 1337;
  private static final KeyPair KEY = KeyPair.random();
  private static final KeyPair OTHER = KeyPair.random();
  private static final Bytes32 BLOCK = Bytes32.repeat((byte) 9);
  private static final Bytes32 GENESIS = Bytes32.repeat((byte) 1);

  @TempDir Path dir;

  @Test
  void keepsTheLastSignedStepAndTheLockAcrossARestartInAnOwnerOnlyFile() throws Exception {
    Path path = dir.resolve(SigningStateFile.FILE_NAME);
    SigningStateFile file = SigningStateFile.open(path, CHAIN, GENESIS, 2);
    assertThat(file.current()).isEmpty();
    Vote lock = vote(VoteType.PRECOMMIT, 10, 0, Optional.of(BLOCK), 2, KEY);
    Vote nextPrevote = vote(VoteType.PREVOTE, 10, 1, Optional.of(BLOCK), 2, KEY);
    Vote someoneElses = vote(VoteType.PRECOMMIT, 10, 3, Optional.empty(), 1, OTHER);
    file.record(List.of(vote(VoteType.PREVOTE, 10, 0, Optional.of(BLOCK), 2, KEY), lock));
    file.record(List.of(nextPrevote, someoneElses));

    SigningStateFile reopened = SigningStateFile.open(path, CHAIN, GENESIS, 2);
    var last = reopened.current().orElseThrow();
    assertThat(List.of(last.height(), last.round())).containsExactly(10L, 1L);
    assertThat(last.step()).isEqualTo(SigningStep.PREVOTE);
    assertThat(last.signingHash()).isEqualTo(nextPrevote.signingHash(CHAIN));
    assertThat(last.votes()).containsExactly(nextPrevote, lock);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path)))
        .isEqualTo("rw-------");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(path); // no temporary file left behind
    }
  }

  @Test
  void refusesAConflictingSignatureButNotTheIdenticalOne() throws Exception {
    Path path = dir.resolve(SigningStateFile.FILE_NAME);
    SigningStateFile file = SigningStateFile.open(path, CHAIN, GENESIS, 0);
    Vote prevote = vote(VoteType.PREVOTE, 7, 2, Optional.of(BLOCK), 0, KEY);
    file.record(List.of(prevote));
    String before = Files.readString(path);

    file.record(List.of(prevote)); // a re-broadcast of the same vote
    SigningStateFile restarted = SigningStateFile.open(path, CHAIN, GENESIS, 0);
    assertThatThrownBy(
            () -> restarted.record(List.of(vote(VoteType.PREVOTE, 7, 2, Optional.empty(), 0, KEY))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("refusing to sign PREVOTE at height 7 round 2");
    assertThatThrownBy(
            () ->
                restarted.record(List.of(vote(VoteType.PRECOMMIT, 6, 9, Optional.empty(), 0, KEY))))
        .isInstanceOf(IllegalStateException.class);
    assertThat(Files.readString(path)).isEqualTo(before);
  }

  @Test
  void refusesADamagedRecordOrAnotherValidatorsWithWhatToDo() throws Exception {
    Path path = dir.resolve(SigningStateFile.FILE_NAME);
    SigningStateFile.open(path, CHAIN, GENESIS, 1)
        .record(List.of(vote(VoteType.PREVOTE, 3, 0, Optional.empty(), 1, KEY)));
    assertThatThrownBy(() -> SigningStateFile.open(path, CHAIN, GENESIS, 2))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("of validator 1 on chain 1337 (genesis 0x0101")
        .hasMessageContaining("not of validator 2 on chain 1337");
    assertThatThrownBy(() -> SigningStateFile.open(path, CHAIN, Bytes32.ZERO, 1))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("For a new network, use a new --data-path");

    String text = Files.readString(path);
    Files.writeString(path, text.substring(0, text.length() / 2));
    assertThatThrownBy(() -> SigningStateFile.open(path, CHAIN, GENESIS, 1))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("is damaged")
        .hasMessageContaining("Restore it from a backup");
  }

  /**
   * The record is two pages written in turn, in place: a crash that tears the page being written
   * leaves the other, the state before that write (whose messages were not sent yet).
   */
  @Test
  void aTornPageLeavesThePreviousRecordAndTheFileIsOneJsonArray() throws Exception {
    Path path = dir.resolve(SigningStateFile.FILE_NAME);
    SigningStateFile file = SigningStateFile.open(path, CHAIN, GENESIS, 0);
    Vote first = vote(VoteType.PREVOTE, 5, 0, Optional.of(BLOCK), 0, KEY);
    Vote second = vote(VoteType.PRECOMMIT, 5, 0, Optional.of(BLOCK), 0, KEY);
    Vote third = vote(VoteType.PREVOTE, 5, 1, Optional.of(BLOCK), 0, KEY);
    file.record(List.of(first));
    file.record(List.of(second));
    file.record(List.of(third));
    file.close();
    assertThat(Files.size(path)).isEqualTo(2 * SigningStateFile.PAGE);
    var array = new com.fasterxml.jackson.databind.ObjectMapper().readTree(path.toFile());
    assertThat(array.isArray()).isTrue();
    assertThat(array.size()).isEqualTo(2);
    assertThat(SigningStateFile.open(path, CHAIN, GENESIS, 0).current().orElseThrow().signingHash())
        .isEqualTo(third.signingHash(CHAIN));

    // Writes go 1 (create, both pages), 2 (page 0), 3 (page 1): tear page 1, the newest.
    byte[] bytes = Files.readAllBytes(path);
    for (int i = SigningStateFile.PAGE + 20; i < SigningStateFile.PAGE + 200; i++) {
      bytes[i] = 0;
    }
    Files.write(path, bytes);
    var afterTear = SigningStateFile.open(path, CHAIN, GENESIS, 0).current().orElseThrow();
    assertThat(afterTear.signingHash()).isEqualTo(second.signingHash(CHAIN));
    assertThat(afterTear.round()).isZero();

    // Both pages torn: refused, with what to do.
    for (int i = 20; i < 200; i++) {
      bytes[i] = 0;
    }
    Files.write(path, bytes);
    assertThatThrownBy(() -> SigningStateFile.open(path, CHAIN, GENESIS, 0))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("is damaged");
  }

  /** A record written by an earlier version (one JSON object) is read, then replaced. */
  @Test
  void readsAVersionOneRecordAndReplacesItOnTheNextWrite() throws Exception {
    Path path = dir.resolve(SigningStateFile.FILE_NAME);
    Vote prevote = vote(VoteType.PREVOTE, 9, 0, Optional.of(BLOCK), 3, KEY);
    Files.writeString(
        path,
        "{\"version\":1,\"chainId\":1337,\"genesisHash\":\""
            + GENESIS.toHexString()
            + "\",\"validatorIndex\":3,\"height\":9,\"round\":0,\"step\":\"prevote\","
            + "\"signingHash\":\""
            + prevote.signingHash(CHAIN).toHexString()
            + "\",\"votes\":[\""
            + io.parley.consensus.messages.MessageCodec.encode(prevote).toHexString()
            + "\"]}");
    SigningStateFile file = SigningStateFile.open(path, CHAIN, GENESIS, 3);
    assertThat(file.current().orElseThrow().votes()).containsExactly(prevote);
    assertThatThrownBy(
            () -> file.record(List.of(vote(VoteType.PREVOTE, 9, 0, Optional.empty(), 3, KEY))))
        .isInstanceOf(IllegalStateException.class);
    Vote precommit = vote(VoteType.PRECOMMIT, 9, 0, Optional.of(BLOCK), 3, KEY);
    file.record(List.of(precommit));
    assertThat(Files.size(path)).isEqualTo(2 * SigningStateFile.PAGE);
    assertThat(SigningStateFile.open(path, CHAIN, GENESIS, 3).current().orElseThrow().step())
        .isEqualTo(SigningStep.PRECOMMIT);
  }

  private static Vote vote(
      VoteType type, long height, long round, Optional<Bytes32> block, int index, KeyPair key) {
    return Vote.sign(CHAIN, type, height, round, block, index, key);
  }
}
