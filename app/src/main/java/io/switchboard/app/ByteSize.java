package io.switchboard.app;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A size in bytes as a person writes it: {@code 1073741824}, {@code 512MiB}, {@code 1g}. */
final class ByteSize {

  private static final Pattern SIZE =
      Pattern.compile(
          "(\\d+)\\s*(|b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)", Pattern.CASE_INSENSITIVE);

  private ByteSize() {}

  /**
   * Parses {@code text}; the units are powers of 1024 ({@code k}, {@code m}, {@code g}, {@code t},
   * with or without {@code B} or {@code iB}).
   *
   * @param what what the size is for, in the error message
   * @throws UserError if it is not a size, or not at least one byte
   */
  static long parse(String text, String what) {
    Matcher m = SIZE.matcher(text.strip());
    if (!m.matches()) {
      throw new UserError(
          what
              + " must be a number of bytes, optionally with a unit (k, m, g, t: powers of 1024),"
              + " e.g. 1073741824 or 1g; was '"
              + text
              + "'");
    }
    int shift =
        switch (m.group(2).toLowerCase(Locale.ROOT).isEmpty()
            ? 'b'
            : m.group(2).toLowerCase(Locale.ROOT).charAt(0)) {
          case 'k' -> 10;
          case 'm' -> 20;
          case 'g' -> 30;
          case 't' -> 40;
          default -> 0;
        };
    long value;
    try {
      value = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw new UserError(what + " is too large: '" + text + "'", e);
    }
    if (value < 1) {
      throw new UserError(what + " must be at least 1 byte, was '" + text + "'");
    }
    if (Long.numberOfLeadingZeros(value) <= shift) {
      throw new UserError(what + " is too large: '" + text + "'");
    }
    return value << shift;
  }
}
