package io.switchboard.sim;

/**
 * A scenario file does not follow the scenario format (docs/scenarios.md). The message names the
 * file, the place (line, directory entry or step) and what to write instead.
 */
public final class ScenarioFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ScenarioFormatException(String message) {
    super(message);
  }

  public ScenarioFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
