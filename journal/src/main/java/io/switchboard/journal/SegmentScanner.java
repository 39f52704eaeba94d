package io.switchboard.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Reads the entries of one segment file in order, checking each: its length, its CRC and that its
 * position follows the previous one. Stops at the end of the data or at the first entry that fails
 * a check, and says which.
 */
final class SegmentScanner {

  /**
   * What {@link #next} found: an entry, or none with the reason (empty at the end of the data).
   *
   * @param entry the entry, whose end offset is relative to the segment
   * @param problem why there is no entry; empty at a clean end
   */
  record Result(Optional<Journal.Entry> entry, String problem) {}

  private static final int CHUNK = 256 << 10;

  private final FileChannel channel;
  private long expected;
  private long offset;
  private ByteBuffer buffer = ByteBuffer.allocate(CHUNK).flip();
  private long bufferStart;
  private final CRC32C crc = new CRC32C();
  private final ByteBuffer positionBytes = ByteBuffer.allocate(8);

  /**
   * @param channel the segment, read from its start
   * @param base the position its first entry must have
   */
  SegmentScanner(FileChannel channel, long base) {
    this(channel, base, 0);
  }

  /** A scanner that starts at {@code offset}, where the entry at {@code expected} begins. */
  SegmentScanner(FileChannel channel, long expected, long offset) {
    this.channel = channel;
    this.expected = expected;
    this.offset = offset;
    this.bufferStart = offset;
  }

  /** The segment offset after the last entry returned. */
  long offset() {
    return offset;
  }

  /** The position the next entry must have. */
  long expected() {
    return expected;
  }

  Result next() throws IOException {
    if (!fill(Journal.HEADER)) {
      return new Result(Optional.empty(), available() == 0 ? "" : "a header cut short");
    }
    int start = (int) (offset - bufferStart);
    int length = buffer.getInt(start);
    int storedCrc = buffer.getInt(start + 4);
    long position = buffer.getLong(start + 8);
    if (length < 0 || length > Journal.MAX_PAYLOAD) {
      return new Result(Optional.empty(), "an impossible entry length " + length);
    }
    if (position != expected) {
      return new Result(
          Optional.empty(), "position " + position + " where " + expected + " was expected");
    }
    if (!fill(Journal.HEADER + length)) {
      return new Result(Optional.empty(), "an entry cut short");
    }
    start = (int) (offset - bufferStart);
    byte[] payload = new byte[length];
    buffer.get(start + Journal.HEADER, payload);
    crc.reset();
    crc.update(positionBytes.putLong(0, position).clear());
    crc.update(payload);
    if ((int) crc.getValue() != storedCrc) {
      return new Result(Optional.empty(), "a CRC mismatch at position " + position);
    }
    offset += Journal.HEADER + length;
    expected++;
    return new Result(Optional.of(new Journal.Entry(position, payload, offset)), "");
  }

  private int available() {
    return (int) (bufferStart + buffer.limit() - offset);
  }

  /**
   * Makes {@code bytes} bytes from {@code offset} available in the buffer, if the file has them.
   */
  private boolean fill(int bytes) throws IOException {
    if (available() >= bytes) {
      return true;
    }
    int keep = available();
    int from = (int) (offset - bufferStart);
    if (buffer.capacity() >= bytes) {
      // the unread bytes move to the start: a reader that keeps up with the writer refills often
      System.arraycopy(buffer.array(), from, buffer.array(), 0, keep);
      buffer.clear().position(keep);
    } else {
      ByteBuffer next = ByteBuffer.allocate(Math.max(CHUNK, bytes));
      next.put(buffer.array(), from, keep);
      buffer = next;
    }
    bufferStart = offset;
    while (buffer.position() < bytes) {
      int read = channel.read(buffer, bufferStart + buffer.position());
      if (read <= 0) {
        break;
      }
    }
    buffer.flip();
    return available() >= bytes;
  }
}
