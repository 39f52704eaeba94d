package io.switchboard.engine;

/**
 * Thrown inside the engine when a request is invalid in the current state, before any state has
 * changed; {@link TenantEngine#handle} turns it into an EventError for the requester. It never
 * leaves the engine.
 */
final class Rejection extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final transient ErrorCode code;

  Rejection(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }
}
