package io.switchboard.engine;

/**
 * Thrown by a decision (its lookups and checks) when a step is invalid in the current state; {@link
 * Dispatch} makes it the Rejected decision, and {@link TenantEngine#handle} the requester's
 * EventError. It never leaves the engine.
 */
final class Rejection extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final transient ErrorCode code;

  Rejection(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }
}
