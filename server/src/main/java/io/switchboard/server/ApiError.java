package io.switchboard.server;

/** A request the API refuses: its HTTP status and a message that says what to do instead. */
final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;

  ApiError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }
}
