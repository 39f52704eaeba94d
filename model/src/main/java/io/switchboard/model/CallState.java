package io.switchboard.model;

/**
 * The status of the call an event relates to (T-Library {@code TCallState}).
 *
 * <p>Names are the Platform SDK names, written verbatim on the wire; codes are the T-Library
 * numeric values, kept for reference and for clients that speak the binary protocol.
 */
public enum CallState {
  Ok(0),
  Transferred(1),
  Conferenced(2),
  GeneralError(3),
  SystemError(4),
  RemoteRelease(5),
  Busy(6),
  NoAnswer(7),
  SitDetected(8),
  AnsweringMachineDetected(9),
  AllTrunksBusy(10),
  SitInvalidnum(11),
  SitVacant(12),
  SitIntercept(13),
  SitUnknown(14),
  SitNocircuit(15),
  SitReorder(16),
  FaxDetected(17),
  QueueFull(18),
  Cleared(19),
  Overflowed(20),
  Abandoned(21),
  Redirected(22),
  Forwarded(23),
  Consult(24),
  Pickedup(25),
  Dropped(26),
  Droppednoanswer(27),
  Unknown(28),
  Covered(29),
  ConverseOn(30),
  Bridged(31),
  Deafened(49),
  Held(50);

  private final int code;

  CallState(int code) {
    this.code = code;
  }

  /** The T-Library numeric code of this value. */
  public int code() {
    return code;
  }
}
