package io.switchboard.model;

/**
 * The role of a DN in a call: ThisDNRole, OtherDNRole and ThirdPartyDNRole (T-Library {@code
 * TDNRole}).
 *
 * <p>Names are the Platform SDK names, written verbatim on the wire; codes are the T-Library
 * numeric values, kept for reference and for clients that speak the binary protocol.
 */
public enum DNRole {
  Unknown(0),
  Origination(1),
  Destination(2),
  ConferenceMember(3),
  NewParty(4),
  AddedBy(5),
  DeletedBy(6),
  TransferredBy(7),
  DeletedParty(8),
  ConferencedBy(9),
  Observer(10);

  private final int code;

  DNRole(int code) {
    this.code = code;
  }

  /** The T-Library numeric code of this value. */
  public int code() {
    return code;
  }
}
