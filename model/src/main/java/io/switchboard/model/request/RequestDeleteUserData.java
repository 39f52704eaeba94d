package io.switchboard.model.request;

import io.switchboard.model.ConnId;

/**
 * Deletes the given {@code keys} of the user data of call {@code connID}, or all of it when {@code
 * keys} is empty (TDeleteUserData / TDeleteAllUserData).
 */
public record RequestDeleteUserData(
    String thisDN, ConnId connID, java.util.List<String> keys, RequestAttributes attributes)
    implements Request, OnCall {
  public RequestDeleteUserData {
    keys = java.util.List.copyOf(keys);
  }
}
