package io.switchboard.model;

/**
 * The kind of treatment applied to a call (T-Library {@code TTreatmentType}).
 *
 * <p>Names are the Platform SDK names, written verbatim on the wire; codes are the T-Library
 * numeric values, kept for reference and for clients that speak the binary protocol.
 */
public enum TreatmentType {
  Unknown(0),
  IVR(1),
  Music(2),
  RingBack(3),
  Silence(4),
  Busy(5),
  CollectDigits(6),
  PlayAnnouncement(7),
  PlayAnnouncementAndDigits(8),
  VerifyDigits(9),
  RecordUserAnnouncement(10),
  DeleteUserAnnouncement(11),
  CancelCall(12),
  PlayApplication(13),
  SetDefaultRoute(14),
  TextToSpeech(15),
  TextToSpeechAndDigits(16),
  FastBusy(17),
  RAN(18);

  private final int code;

  TreatmentType(int code) {
    this.code = code;
  }

  /** The T-Library numeric code of this value. */
  public int code() {
    return code;
  }
}
