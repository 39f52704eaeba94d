package io.switchboard.model.request;

import java.util.Optional;

/**
 * Logs the agent on {@code thisDN} out of {@code thisQueue}, or out of everything (TAgentLogout).
 */
public record RequestAgentLogout(
    String thisDN, Optional<String> thisQueue, RequestAttributes attributes) implements Request {
  @Override
  public StepType type() {
    return StepType.RequestAgentLogout;
  }
}
