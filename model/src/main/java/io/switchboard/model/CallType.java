package io.switchboard.model;

/**
 * The type of a call relative to the local site (T-Library {@code TCallType}).
 *
 * <p>Names are the Platform SDK names, written verbatim on the wire; codes are the T-Library
 * numeric values, kept for reference and for clients that speak the binary protocol.
 */
public enum CallType {
  Unknown(0),
  Internal(1),
  Inbound(2),
  Outbound(3),
  Consult(4);

  private final int code;

  CallType(int code) {
    this.code = code;
  }

  /** The T-Library numeric code of this value. */
  public int code() {
    return code;
  }
}
