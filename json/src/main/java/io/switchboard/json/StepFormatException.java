package io.switchboard.json;

/**
 * A scenario step or request body is not a valid step: an unknown or unsupported step name, a
 * missing mandatory attribute, an attribute the step does not have, a value of the wrong type, an
 * unknown enum value, or a {@code $NAME} that no earlier step bound. The message says what was
 * wrong and how to write it instead.
 */
public final class StepFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public StepFormatException(String message) {
    super(message);
  }

  public StepFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
