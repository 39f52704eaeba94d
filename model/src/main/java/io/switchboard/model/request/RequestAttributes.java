package io.switchboard.model.request;

import io.switchboard.model.KVList;
import java.util.Objects;

/**
 * The attributes every request may carry.
 *
 * @param referenceId the client's ReferenceID, echoed on the events the request causes; 0 when the
 *     client gave none (the engine then assigns one)
 * @param reasons the Reasons key-value list, echoed on agent-state events
 * @param extensions the Extensions key-value list
 */
public record RequestAttributes(long referenceId, KVList reasons, KVList extensions) {

  /** No ReferenceID, no Reasons, no Extensions. */
  public static final RequestAttributes NONE = new RequestAttributes(0, KVList.EMPTY, KVList.EMPTY);

  public RequestAttributes {
    if (referenceId < 0) {
      throw new IllegalArgumentException("ReferenceID must not be negative, was " + referenceId);
    }
    Objects.requireNonNull(reasons, "reasons");
    Objects.requireNonNull(extensions, "extensions");
  }

  /** Attributes with only a ReferenceID. */
  public static RequestAttributes referenceId(long referenceId) {
    return new RequestAttributes(referenceId, KVList.EMPTY, KVList.EMPTY);
  }
}
