package io.switchboard.model.request;

import io.switchboard.model.ConnId;

/**
 * A request on one call: the call it names, whose ConnID an EventError about the request carries.
 * Implemented by every request record with a {@code connID}, so that the call is read by the type,
 * not found by reflection.
 */
public interface OnCall {

  /** The call the request is on. */
  ConnId connID();
}
