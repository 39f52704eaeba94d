package io.switchboard.engine.state;

import io.switchboard.model.KVList;
import io.switchboard.model.TreatmentType;

/** A treatment being applied to a call by a routing point or an IVR port. */
public record Treatment(String dn, TreatmentType type, KVList parms) {

  /** Whether the treatment ends by itself (and then gives EventTreatmentEnd). */
  public boolean ends() {
    return switch (type) {
      case Music, RingBack, Silence, Busy, FastBusy -> false;
      default -> true;
    };
  }
}
