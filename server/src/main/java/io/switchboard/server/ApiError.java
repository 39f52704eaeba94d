package io.switchboard.server;

import java.util.Map;

/** A request the API refuses: its HTTP status and a message that says what to do instead. */
final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;
  final Map<String, String> headers;

  ApiError(int status, String message) {
    this(status, message, Map.of());
  }

  ApiError(int status, String message, Map<String, String> headers) {
    super(message, null, false, false);
    this.status = status;
    this.headers = Map.copyOf(headers);
  }

  /** A refusal that the client may simply send again in a second. */
  static ApiError retryLater(String message) {
    return new ApiError(503, message, Map.of("Retry-After", "1"));
  }
}
