package io.switchboard.model;

/**
 * The scope of a supervision subscription (T-Library {@code TMonitorNextCallType}).
 *
 * <p>Names are the Platform SDK names, written verbatim on the wire; codes are the T-Library
 * numeric values, kept for reference and for clients that speak the binary protocol.
 */
public enum MonitorNextCallType {
  MonitorOneCall(0),
  MonitorAllCalls(1);

  private final int code;

  MonitorNextCallType(int code) {
    this.code = code;
  }

  /** The T-Library numeric code of this value. */
  public int code() {
    return code;
  }
}
