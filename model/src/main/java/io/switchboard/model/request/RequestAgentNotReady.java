package io.switchboard.model.request;

import io.switchboard.model.AgentWorkMode;
import java.util.Optional;

/**
 * Makes the agent on {@code thisDN} NotReady in {@code agentWorkMode}, with Reasons
 * (TAgentSetNotReady).
 */
public record RequestAgentNotReady(
    String thisDN,
    Optional<String> thisQueue,
    AgentWorkMode agentWorkMode,
    RequestAttributes attributes)
    implements Request {
  @Override
  public StepType type() {
    return StepType.RequestAgentNotReady;
  }
}
