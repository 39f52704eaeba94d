package io.switchboard.model;

/**
 * An event was built against the catalog's rules: a missing mandatory attribute, an attribute its
 * type does not allow, or a value of the wrong type. Always a bug in the code that built it.
 */
public final class InvalidEventException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public InvalidEventException(String message) {
    super(message);
  }
}
