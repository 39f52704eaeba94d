package io.switchboard.model;

import java.time.Instant;

/**
 * An event's generation time: seconds and microseconds since 1970-01-01 00:00 GMT, as the T-Library
 * {@code TTimeStamp} structure holds it.
 *
 * @param seconds whole seconds since the epoch
 * @param useconds microseconds within the second, 0 to 999,999
 */
public record Timestamp(long seconds, int useconds) {

  public Timestamp {
    if (useconds < 0 || useconds > 999_999) {
      throw new IllegalArgumentException("useconds must be 0..999999, was " + useconds);
    }
  }

  /** The timestamp of {@code instant}, truncated to the microsecond. */
  public static Timestamp of(Instant instant) {
    return new Timestamp(instant.getEpochSecond(), instant.getNano() / 1_000);
  }

  /** This timestamp as an instant. */
  public Instant toInstant() {
    return Instant.ofEpochSecond(seconds, useconds * 1_000L);
  }

  /** Milliseconds since the epoch (the Kafka record timestamp). */
  public long toEpochMilli() {
    return seconds * 1_000L + useconds / 1_000;
  }
}
