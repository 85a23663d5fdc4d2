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
 * network; mode 0600. A damaged database (a cut write-ahead log) cannot take it back.
 *
 * <p>Layout (ADR 0047): exactly two 4,096-byte pages forming one JSON array of two records, {@code
 * [record A, record B]}, each padded with spaces to its page (page 0 is {@code [}, record A,
 * spaces, {@code ,}; page 1 is record B, spaces, {@code ]}). A write replaces the page of the older
 * record in place and syncs the data (fdatasync: the file's size never changes), one page and one
 * sync per write; the current record is the valid one with the higher {@code sequence}. A crash
 * during a write leaves the other page intact. The file is created (and a version-1 single-record
 * file replaced) through a temporary file, fsync, an atomic rename and a directory fsync.
 */
public final class SigningStateFile {
  public static final String FILE_NAME = "signing-state.json";
  static final int PAGE = 4_096;
  private static final int VERSION = 2;
  private static final int LEGACY_VERSION = 1;
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final long chainId;
  private final Bytes32 genesisHash;
  private final int validatorIndex;
  private Optional<LastSigned> current;
  private long sequence;
  private boolean paged;
  private FileChannel channel;

  private SigningStateFile(
      Path file,
      long chainId,
      Bytes32 genesisHash,
      int validatorIndex,
      Optional<LastSigned> current,
      long sequence,
      boolean paged) {
    this.file = file;
    this.chainId = chainId;
    this.genesisHash = genesisHash;
    this.validatorIndex = validatorIndex;
    this.current = current;
    this.sequence = sequence;
    this.paged = paged;
  }

  /**
   * Reads the record of validator {@code validatorIndex} of the chain with {@code chainId} and
   * {@code genesisHash} from {@code file}, or starts an empty one if the file does not exist yet.
   *
   * @throws StorageException if the file is unreadable, damaged, or another validator's or chain's
   */
  public static SigningStateFile open(
      Path file, long chainId, Bytes32 genesisHash, int validatorIndex) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return new SigningStateFile(
          file, chainId, genesisHash, validatorIndex, Optional.empty(), 0, false);
    } catch (IOException e) {
      throw new StorageException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (bytes.length != 2 * PAGE) {
      Record legacy = parse(file, bytes, chainId, genesisHash, validatorIndex, LEGACY_VERSION);
      return new SigningStateFile(
          file, chainId, genesisHash, validatorIndex, Optional.of(legacy.last()), 0, false);
    }
    Record best = null;
    StorageException firstFailure = null;
    for (int page = 0; page < 2; page++) {
      try {
        Record record =
            parse(file, pageRecord(bytes, page), chainId, genesisHash, validatorIndex, VERSION);
        if (best == null || record.sequence() > best.sequence()) {
          best = record;
        }
      } catch (StorageException e) {
        if (e.getMessage().contains("not of validator")) {
          throw e; // another validator's or chain's record: damage would not explain it
        }
        firstFailure = firstFailure == null ? e : firstFailure;
      }
    }
    if (best == null) {
      throw firstFailure;
    }
    return new SigningStateFile(
        file,
        chainId,
        genesisHash,
        validatorIndex,
        Optional.of(best.last()),
        best.sequence(),
        true);
  }

  /** The JSON object of page {@code page}, without the array's brackets and comma. */
  private static byte[] pageRecord(byte[] bytes, int page) {
    int from = page * PAGE + (page == 0 ? 1 : 0);
    int to = page * PAGE + PAGE - 1;
    byte[] out = new byte[to - from];
    System.arraycopy(bytes, from, out, 0, out.length);
    return out;
  }

  /** A parsed record and the sequence number of its write. */
  private record Record(LastSigned last, long sequence) {}

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
    prepare(messages).ifPresent(Runnable::run);
  }

  /**
   * Checks {@code messages} as {@link #record} does, at once, and returns the write still to do
   * (none if the record does not change). The caller may run it beside other writes, but must let
   * it finish before it sends any of the messages.
   *
   * @throws IllegalStateException on a double signature, before anything is written
   */
  public Optional<Runnable> prepare(List<? extends ConsensusMessage> messages) {
    Optional<LastSigned> next = current;
    for (ConsensusMessage message : messages) {
      if (isOwn(message)) {
        next = Optional.of(LastSigned.after(next, message, chainId));
      }
    }
    if (next.equals(current)) {
      return Optional.empty();
    }
    LastSigned last = next.orElseThrow();
    return Optional.of(
        () -> {
          write(last);
          current = Optional.of(last);
        });
  }

  /** Releases the open file. */
  public void close() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing was pending: every write was synced before it returned
      }
      channel = null;
    }
  }

  private void write(LastSigned last) {
    long next = sequence + 1;
    try {
      if (!paged) {
        create(last, next);
      } else {
        int page = (int) (next % 2);
        ByteBuffer buffer = ByteBuffer.wrap(page(encode(last, next), page));
        long position = (long) page * PAGE;
        while (buffer.hasRemaining()) {
          position += channel().write(buffer, position);
        }
        channel().force(false);
      }
      sequence = next;
    } catch (IOException e) {
      throw new StorageException(
          "cannot write the signing-state record " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes both pages with {@code last} to a new file and renames it over the old one. */
  private void create(LastSigned last, long next) throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(temporary);
    byte[] record = encode(last, next);
    try (FileChannel created =
        FileChannel.open(
            temporary,
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            PosixFilePermissions.asFileAttribute(OWNER_ONLY))) {
      ByteBuffer buffer =
          ByteBuffer.allocate(2 * PAGE).put(page(record, 0)).put(page(record, 1)).flip();
      while (buffer.hasRemaining()) {
        created.write(buffer);
      }
      created.force(true);
    }
    Files.move(
        temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel directory =
        FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
      directory.force(true);
    }
    paged = true;
  }

  private FileChannel channel() throws IOException {
    if (channel == null) {
      channel = FileChannel.open(file, StandardOpenOption.WRITE);
    }
    return channel;
  }

  /** Page {@code page} of the array holding {@code record}, padded with spaces. */
  private static byte[] page(byte[] record, int page) {
    byte[] out = new byte[PAGE];
    java.util.Arrays.fill(out, (byte) ' ');
    int at = page == 0 ? 1 : 0;
    if (record.length > PAGE - 2) {
      throw new IllegalStateException("signing-state record of " + record.length + " bytes");
    }
    System.arraycopy(record, 0, out, at, record.length);
    out[page == 0 ? 0 : PAGE - 1] = (byte) (page == 0 ? '[' : ']');
    if (page == 0) {
      out[PAGE - 1] = ',';
    }
    return out;
  }

  private byte[] encode(LastSigned last, long next) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", VERSION);
    root.put("sequence", next);
    root.put("chainId", chainId);
    root.put("genesisHash", genesisHash.toHexString());
    root.put("validatorIndex", validatorIndex);
    root.put("height", last.height());
    root.put("round", last.round());
    root.put("step", last.step().name().toLowerCase(Locale.ROOT));
    root.put("signingHash", last.signingHash().toHexString());
    ArrayNode votes = root.putArray("votes");
    last.votes().forEach(v -> votes.add(MessageCodec.encode(v).toHexString()));
    return JSON.writeValueAsBytes(root);
  }

  private static Record parse(
      Path file, byte[] bytes, long chainId, Bytes32 genesisHash, int validatorIndex, int version) {
    try {
      JsonNode root = JSON.readTree(bytes);
      if (root == null || root.path("version").asInt() != version) {
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
      LastSigned last =
          new LastSigned(
              root.path("height").asLong(),
              root.path("round").asLong(),
              SigningStep.valueOf(root.path("step").asText().toUpperCase(Locale.ROOT)),
              Bytes32.fromHexString(root.path("signingHash").asText()),
              votes);
      return new Record(last, root.path("sequence").asLong());
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
