package io.switchboard.harness;

/**
 * A benchmark that cannot go on: Kafka out of reach, a path that does not start, figures that do
 * not come. Its message says what happened; the command line reports it as it reports a mistake in
 * its options, with exit status 2.
 */
public final class HarnessFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public HarnessFailure(String message) {
    super(message);
  }

  public HarnessFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
