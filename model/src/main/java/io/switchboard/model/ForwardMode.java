package io.switchboard.model;

/** The call-forwarding modes of T-Library {@code TForwardMode}. */
public enum ForwardMode {
  None,
  Unconditional,
  OnBusy,
  OnNoAnswer,
  OnBusyAndNoAnswer,
  SendAllCalls
}
