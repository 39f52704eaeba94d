package io.switchboard.journal;

import java.io.ByteArrayOutputStream;

/** A byte stream sized in advance that hands over its buffer, uncopied, when it is exactly full. */
final class ExactBytes extends ByteArrayOutputStream {

  ExactBytes(int size) {
    super(size);
  }

  /** What was written: the buffer itself when it is exactly full, else a copy. */
  byte[] bytes() {
    return count == buf.length ? buf : toByteArray();
  }
}
