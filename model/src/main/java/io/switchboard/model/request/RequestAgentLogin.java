package io.switchboard.model.request;

import io.switchboard.model.AgentWorkMode;
import java.util.Optional;

/**
 * Logs agent {@code agentID} in on {@code thisDN}, into {@code thisQueue} if given (TAgentLogin).
 * Several logins (one per queue) are allowed.
 */
public record RequestAgentLogin(
    String thisDN,
    String agentID,
    Optional<String> thisQueue,
    AgentWorkMode agentWorkMode,
    RequestAttributes attributes)
    implements Request {
  @Override
  public StepType type() {
    return StepType.RequestAgentLogin;
  }
}
