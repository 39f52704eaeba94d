package io.switchboard.model.request;

import io.switchboard.model.ConnId;

/** A step about one call in progress: the call it names. */
public interface OnCall {
  /** The ConnID of the call. */
  ConnId connID();
}
