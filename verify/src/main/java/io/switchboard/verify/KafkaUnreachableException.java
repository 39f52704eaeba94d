package io.switchboard.verify;

import java.time.Duration;

/** A Kafka cluster that did not answer in time: its message names the address and the wait. */
public final class KafkaUnreachableException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public KafkaUnreachableException(String bootstrapServers, Duration waited, Throwable cause) {
    super(message(bootstrapServers, waited), cause);
  }

  /**
   * The message for a cluster at {@code bootstrapServers} that did not answer within {@code
   * waited}.
   */
  public static String message(String bootstrapServers, Duration waited) {
    return "Kafka at "
        + bootstrapServers
        + " cannot be reached: no answer within "
        + Math.max(1, waited.toSeconds())
        + " s. Is the broker running (switchboard run starts one), and is the address right"
        + " (--kafka HOST:PORT)?";
  }
}
