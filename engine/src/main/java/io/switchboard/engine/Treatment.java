package io.switchboard.engine;

import io.switchboard.model.KVList;
import io.switchboard.model.TreatmentType;

/** A treatment being applied to a call by a routing point or an IVR port. */
record Treatment(String dn, TreatmentType type, KVList parms) {

  /** Whether the treatment ends by itself (and then gives EventTreatmentEnd). */
  boolean ends() {
    return switch (type) {
      case Music, RingBack, Silence, Busy, FastBusy -> false;
      default -> true;
    };
  }
}
