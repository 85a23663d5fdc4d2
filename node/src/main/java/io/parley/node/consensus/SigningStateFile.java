package io.parley.node.consensus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.consensus.messages.ConsensusMessage;
import io.parley.consensus.messages.MessageCodec;
import io.parley.consensus.messages.Proposal;
import io.parley.consensus.messages.Vote;
import io.parley.consensus.protocol.LastSigned;
import io.parley.consensus.protocol.LastSigned.SigningStep;
import io.parley.node.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * This validator's signing-state record (docs/adr/0040-signing-state-record.md): the highest
 * (height, round, step) it signed, the hash it signed there and the votes that resume its round and
 * lock, in {@code <data-path>/signing-state.json}, apart from the database (CometBFT's {@code
 * priv_validator_state.json}). It is written before a signed message reaches the database or the
 * network: a temporary file, fsync, an atomic rename, fsync of the directory; mode 0600. A damaged
 * database (a cut write-ahead log) cannot take it back.
 */
public final class SigningStateFile {
  public static final String FILE_NAME = "signing-state.json";
  private static final int VERSION = 1;
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final long chainId;
  private final Bytes32 genesisHash;
  private final int validatorIndex;
  private Optional<LastSigned> current;

  private SigningStateFile(
      Path file,
      long chainId,
      Bytes32 genesisHash,
      int validatorIndex,
      Optional<LastSigned> current) {
    this.file = file;
    this.chainId = chainId;
    this.genesisHash = genesisHash;
    this.validatorIndex = validatorIndex;
    this.current = current;
  }

  /**
   * Reads the record of validator {@code validatorIndex} of the chain with {@code chainId} and
   * {@code genesisHash} from {@code file}, or starts an empty one if the file does not exist yet.
   *
   * @throws StorageException if the file is unreadable, damaged, or another validator's or chain's
   */
  public static SigningStateFile open(
      Path file, long chainId, Bytes32 genesisHash, int validatorIndex) {
    Optional<LastSigned> current;
    try {
      byte[] bytes = Files.readAllBytes(file);
      current = Optional.of(parse(file, bytes, chainId, genesisHash, validatorIndex));
    } catch (NoSuchFileException e) {
      current = Optional.empty();
    } catch (IOException e) {
      throw new StorageException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return new SigningStateFile(file, chainId, genesisHash, validatorIndex, current);
  }

  public Path file() {
    return file;
  }

  /** The last signed position, if this validator ever signed. */
  public Optional<LastSigned> current() {
    return current;
  }

  /** Whether {@code message} is a proposal or vote signed by this validator. */
  public boolean isOwn(ConsensusMessage message) {
    return switch (message) {
      case Proposal p -> p.proposerIndex() == validatorIndex;
      case Vote v -> v.validatorIndex() == validatorIndex;
      default -> false;
    };
  }

  /**
   * Records the messages of {@code messages} that this validator signed, in order, with one synced
   * write; the others are skipped. Returns when the file is on disk.
   *
   * @throws IllegalStateException if one of them is at or below the record and not the identical
   *     message: a double signature, which the protocol should have refused (fails closed)
   */
  public void record(List<? extends ConsensusMessage> messages) {
    Optional<LastSigned> next = current;
    for (ConsensusMessage message : messages) {
      if (isOwn(message)) {
        next = Optional.of(LastSigned.after(next, message, chainId));
      }
    }
    if (next.equals(current)) {
      return;
    }
    write(next.orElseThrow());
    current = next;
  }

  private void write(LastSigned last) {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.deleteIfExists(temporary);
      try (FileChannel channel =
          FileChannel.open(
              temporary,
              Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
              PosixFilePermissions.asFileAttribute(OWNER_ONLY))) {
        ByteBuffer buffer = ByteBuffer.wrap(encode(last));
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      Files.move(
          temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      try (FileChannel directory =
          FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
        directory.force(true);
      }
    } catch (IOException e) {
      throw new StorageException(
          "cannot write the signing-state record " + file + ": " + e.getMessage(), e);
    }
  }

  private byte[] encode(LastSigned last) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", VERSION);
    root.put("chainId", chainId);
    root.put("genesisHash", genesisHash.toHexString());
    root.put("validatorIndex", validatorIndex);
    root.put("height", last.height());
    root.put("round", last.round());
    root.put("step", last.step().name().toLowerCase(Locale.ROOT));
    root.put("signingHash", last.signingHash().toHexString());
    ArrayNode votes = root.putArray("votes");
    last.votes().forEach(v -> votes.add(MessageCodec.encode(v).toHexString()));
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
  }

  private static LastSigned parse(
      Path file, byte[] bytes, long chainId, Bytes32 genesisHash, int validatorIndex) {
    try {
      JsonNode root = JSON.readTree(bytes);
      if (root == null || root.path("version").asInt() != VERSION) {
        throw new IllegalArgumentException("unknown version " + root);
      }
      long fileChain = root.path("chainId").asLong();
      String fileGenesis = root.path("genesisHash").asText();
      int fileValidator = root.path("validatorIndex").asInt(-1);
      if (fileChain != chainId
          || !fileGenesis.equals(genesisHash.toHexString())
          || fileValidator != validatorIndex) {
        throw new StorageException(
            file
                + " is the signing-state record of validator "
                + fileValidator
                + " on chain "
                + fileChain
                + " (genesis "
                + fileGenesis
                + "), not of validator "
                + validatorIndex
                + " on chain "
                + chainId
                + " (genesis "
                + genesisHash.toHexString()
                + "): check --data-path, --genesis-file and --validator-key-file. For a new"
                + " network, use a new --data-path.");
      }
      MessageCodec codec = new MessageCodec(0);
      List<Vote> votes = new ArrayList<>();
      for (JsonNode vote : root.withArray("votes")) {
        votes.add((Vote) codec.decode(Bytes.fromHexString(vote.asText())));
      }
      return new LastSigned(
          root.path("height").asLong(),
          root.path("round").asLong(),
          SigningStep.valueOf(root.path("step").asText().toUpperCase(Locale.ROOT)),
          Bytes32.fromHexString(root.path("signingHash").asText()),
          votes);
    } catch (StorageException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new StorageException(
          "the signing-state record "
              + file
              + " is damaged ("
              + e.getMessage()
              + "). It holds the last height this validator signed at; without it the validator"
              + " could sign twice. Restore it from a backup. Only if none exists: move it aside"
              + " and start the node once the network's head is well past the height this"
              + " validator last signed at (compare with a peer's chain head).",
          e);
    }
  }
}
