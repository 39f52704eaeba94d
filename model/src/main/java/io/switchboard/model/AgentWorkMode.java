package io.switchboard.model;

/**
 * An agent's work mode (T-Library {@code TAgentWorkMode}): the sub-state of Ready or NotReady.
 *
 * <p>Names are the Platform SDK names, written verbatim on the wire; codes are the T-Library
 * numeric values. {@code AutoIn} shares code 2 with the NotReady sub-mode LegalGuard, which the
 * Voice Microservices attribute list does not name separately.
 */
public enum AgentWorkMode {
  Unknown(0, null),
  ManualIn(1, Boolean.TRUE),
  AutoIn(2, Boolean.TRUE),
  AfterCallWork(3, Boolean.FALSE),
  AuxWork(4, Boolean.FALSE),
  NoCallDisconnect(5, Boolean.FALSE),
  WalkAway(6, Boolean.FALSE),
  ReturnBack(7, Boolean.TRUE);

  private final int code;
  private final Boolean ready;

  AgentWorkMode(int code, Boolean ready) {
    this.code = code;
    this.ready = ready;
  }

  /** The T-Library numeric code of this value. */
  public int code() {
    return code;
  }

  /**
   * Whether this mode is a sub-mode of Ready ({@code ManualIn}, {@code AutoIn}, {@code
   * ReturnBack}).
   */
  public boolean isReadyMode() {
    return Boolean.TRUE.equals(ready);
  }

  /** Whether this mode is a sub-mode of NotReady ({@code AfterCallWork}, {@code AuxWork}, ...). */
  public boolean isNotReadyMode() {
    return Boolean.FALSE.equals(ready);
  }
}
