package io.switchboard.app;

/** Bad input from the user (a file, an option): its message says what was wrong and what to do. */
final class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UserError(String message) {
    super(message);
  }

  UserError(String message, Throwable cause) {
    super(message, cause);
  }
}
