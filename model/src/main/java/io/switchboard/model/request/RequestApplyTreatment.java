package io.switchboard.model.request;

import io.switchboard.model.ConnId;
import io.switchboard.model.KVList;

/**
 * Applies a treatment to call {@code connID} on routing point or IVR port {@code thisDN}
 * (TApplyTreatment).
 */
public record RequestApplyTreatment(
    String thisDN,
    ConnId connID,
    io.switchboard.model.TreatmentType treatmentType,
    KVList treatmentParms,
    RequestAttributes attributes)
    implements Request, OnCall {}
