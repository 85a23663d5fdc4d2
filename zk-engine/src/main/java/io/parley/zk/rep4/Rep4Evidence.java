package io.parley.zk.rep4;

import io.parley.zk.messages.MalformedMessageException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Self-contained proof that one of the four members deviated in a rep4 computation, checked by
 * {@link Rep4BlameVerifier} with the committee's public keys only.
 */
public sealed interface Rep4Evidence {
  int accused();

  Bytes32 computation();

  /**
   * Sender and backup of one transfer signed different digests for one chunk; the receiver's and
   * the third party's signed disclosures let anyone recompute the chunk. The accused is the one of
   * the two whose signed digest differs from the recomputation.
   */
  record Conflict(
      int accused,
      int transfer,
      int chunk,
      Statement sender,
      Statement backup,
      TransferDisclosure receiver,
      TransferDisclosure third)
      implements Rep4Evidence {
    @Override
    public Bytes32 computation() {
      return sender.computation();
    }
  }

  /** Two statements signed by the accused with different content for one input or key segment. */
  record Equivocation(int accused, Statement first, Statement second) implements Rep4Evidence {
    @Override
    public Bytes32 computation() {
      return first.computation();
    }
  }

  /**
   * Encoding (docs/spec/rep4.md): variant u8 (1 conflict, 2 equivocation) | accused i32 | then for
   * a conflict transfer i32 | chunk i32 | four length-prefixed parts (sender statement, backup
   * statement, receiver disclosure, third disclosure); for an equivocation two statements.
   */
  default byte[] encode() {
    byte[][] parts;
    ByteBuffer head = ByteBuffer.allocate(13);
    switch (this) {
      case Conflict c -> {
        head.put((byte) 1).putInt(c.accused()).putInt(c.transfer()).putInt(c.chunk());
        parts =
            new byte[][] {
              c.sender().encode(), c.backup().encode(), c.receiver().encode(), c.third().encode()
            };
      }
      case Equivocation e -> {
        head.put((byte) 2).putInt(e.accused()).putInt(0).putInt(0);
        parts = new byte[][] {e.first().encode(), e.second().encode()};
      }
    }
    int size = 13;
    for (byte[] p : parts) {
      size += 4 + p.length;
    }
    ByteBuffer out = ByteBuffer.allocate(size).put(head.array());
    for (byte[] p : parts) {
      out.putInt(p.length).put(p);
    }
    return out.array();
  }

  static Rep4Evidence decode(byte[] bytes) {
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      int variant = in.get();
      int accused = in.getInt();
      int transfer = in.getInt();
      int chunk = in.getInt();
      Rep4Evidence evidence =
          switch (variant) {
            case 1 ->
                new Conflict(
                    accused,
                    transfer,
                    chunk,
                    Statement.decode(part(in)),
                    Statement.decode(part(in)),
                    TransferDisclosure.decode(part(in)),
                    TransferDisclosure.decode(part(in)));
            case 2 ->
                new Equivocation(accused, Statement.decode(part(in)), Statement.decode(part(in)));
            default -> throw new MalformedMessageException("unknown rep4 evidence " + variant);
          };
      if (in.hasRemaining()) {
        throw new MalformedMessageException("trailing bytes after rep4 evidence");
      }
      return evidence;
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new MalformedMessageException("malformed rep4 evidence: " + e.getMessage());
    }
  }

  private static ByteBuffer part(ByteBuffer in) {
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw new MalformedMessageException("bad part length " + length);
    }
    ByteBuffer one = in.slice(in.position(), length);
    in.position(in.position() + length);
    return one;
  }
}
