package io.switchboard.engine;

import java.util.Objects;

/**
 * Why a step is refused before it reaches the engine (the service cannot record what it would
 * cause). The requester gets an EventError with this code and message; nothing changes.
 *
 * @param code the ErrorCode of the EventError
 * @param message what is wrong and what to do about it
 */
public record Refusal(ErrorCode code, String message) {
  public Refusal {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }
}
