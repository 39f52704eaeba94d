package io.switchboard.json;

/**
 * A JSON document is not an event in the wire format: not JSON, no or an unknown {@code id}, a
 * missing mandatory attribute, an attribute the event does not have, or a value of the wrong type.
 * The message names the event, the attribute and what was expected.
 */
public final class EventFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public EventFormatException(String message) {
    super(message);
  }

  public EventFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
