package io.switchboard.model.request;

import io.switchboard.model.AgentWorkMode;
import java.util.Optional;

/** Makes the agent on {@code thisDN} Ready in {@code agentWorkMode} (TAgentSetReady). */
public record RequestAgentReady(
    String thisDN,
    Optional<String> thisQueue,
    AgentWorkMode agentWorkMode,
    RequestAttributes attributes)
    implements Request {
  @Override
  public StepType type() {
    return StepType.RequestAgentReady;
  }
}
