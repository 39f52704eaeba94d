package io.switchboard.kafka;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.UnsupportedCompressionTypeException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * A failure to publish, classified once: retriable (Kafka unreachable, a leader moving, a producer
 * to start again: waiting and trying again fixes it) or fatal (trying again fails the same way
 * until someone changes the configuration: not authenticated or not authorized, a record larger
 * than the topic or the producer allows, a topic name or a setting Kafka refuses, brokers too old
 * for a feature).
 *
 * @param fatal whether retrying cannot help
 * @param message the failure and its causes, in one line; for a fatal one, what to change
 * @param cause the exception
 */
public record PublishFailure(boolean fatal, String message, Throwable cause) {

  /** The failure {@code e} (or one of its causes) is. */
  public static PublishFailure of(Throwable e) {
    String described = describe(e);
    Throwable fatal = fatalCause(e);
    if (fatal == null) {
      return new PublishFailure(false, described, e);
    }
    return new PublishFailure(
        true,
        described
            + " ("
            + fatal.getClass().getSimpleName()
            + ": retrying cannot fix this; "
            + remedy(fatal)
            + ")",
        e);
  }

  /** The first cause that retrying cannot fix, or null. */
  private static Throwable fatalCause(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (fatal(cause)) {
        return cause;
      }
    }
    return null;
  }

  private static boolean fatal(Throwable e) {
    return e instanceof AuthenticationException
        || e instanceof AuthorizationException
        || e instanceof RecordTooLargeException
        || e instanceof RecordBatchTooLargeException
        || e instanceof InvalidTopicException
        || e instanceof ConfigException
        || e instanceof InvalidConfigurationException
        || e instanceof PolicyViolationException
        || e instanceof SerializationException
        || e instanceof UnsupportedVersionException
        || e instanceof UnsupportedCompressionTypeException;
  }

  private static String remedy(Throwable fatal) {
    if (fatal instanceof AuthenticationException) {
      return "check the credentials in the Kafka client properties";
    } else if (fatal instanceof AuthorizationException) {
      return "grant this service's principal write access to the topics (and describe and"
          + " create, or create the topics beforehand)";
    } else if (fatal instanceof RecordTooLargeException
        || fatal instanceof RecordBatchTooLargeException) {
      return "raise the topic's max.message.bytes (and the producer's max.request.size) above the"
          + " largest event, or lower the tenants' user-data limit";
    } else if (fatal instanceof UnsupportedVersionException
        || fatal instanceof UnsupportedCompressionTypeException) {
      return "the brokers are too old for this service: upgrade them";
    }
    return "fix the Kafka settings or the topics";
  }

  /** The failure and its causes, in one line. */
  static String describe(Throwable e) {
    StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
        text.append(": ").append(cause.getMessage());
      }
    }
    String line = text.toString();
    return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
  }
}
