package io.switchboard.model.request;

import io.switchboard.model.KVList;

/** Calls {@code otherDN} from {@code thisDN}, an internal DN or an external number (TMakeCall). */
public record RequestMakeCall(
    String thisDN, String otherDN, KVList userData, RequestAttributes attributes)
    implements Request {
  @Override
  public StepType type() {
    return StepType.RequestMakeCall;
  }
}
