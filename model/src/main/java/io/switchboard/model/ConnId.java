package io.switchboard.model;

import java.util.Locale;
import java.util.Objects;

/**
 * A connection id: the T-Library 64-bit {@code TConnectionID}, written as Voice Microservices
 * writes it, {@code <ConnID>@<metainformation>}: 16 lowercase hex digits, {@code @}, and the site
 * (the tenant) that owns the call, e.g. {@code 006c02a8b7e30001@acme}.
 *
 * <p>Two ConnIds are equal when their 64-bit values and sites are equal.
 *
 * @param value the 64-bit connection id
 * @param site the metainformation part: the tenant id
 */
public record ConnId(long value, String site) {

  public ConnId {
    Objects.requireNonNull(site, "site");
  }

  /**
   * Parses {@code 0123456789abcdef@site} or the bare 16 hex digits (then the site is empty).
   *
   * @throws IllegalArgumentException with a message saying what a ConnID looks like
   */
  public static ConnId parse(String text) {
    Objects.requireNonNull(text, "text");
    int at = text.indexOf('@');
    String hex = at < 0 ? text : text.substring(0, at);
    String site = at < 0 ? "" : text.substring(at + 1);
    if (hex.isEmpty() || hex.length() > 16 || !hex.chars().allMatch(ConnId::isHexDigit)) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a ConnID: expected up to 16 hex digits, optionally followed by"
              + " '@' and the site, e.g. 006c02a8b7e30001@acme");
    }
    return new ConnId(Long.parseUnsignedLong(hex, 16), site);
  }

  private static boolean isHexDigit(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** The 16 hex digits alone. */
  public String hex() {
    String digits = Long.toHexString(value).toLowerCase(Locale.ROOT);
    return "0".repeat(16 - digits.length()) + digits;
  }

  /** The wire form, {@code <16 hex digits>@<site>}. */
  @Override
  public String toString() {
    return site.isEmpty() ? hex() : hex() + "@" + site;
  }
}
