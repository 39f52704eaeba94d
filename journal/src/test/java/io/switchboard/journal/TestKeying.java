package io.switchboard.journal;

import io.switchboard.model.Attribute;
import io.switchboard.model.Event;

/** Keys as the Kafka adapter builds them: agent (or DN), or call thread. */
final class TestKeying implements Keying {
  @Override
  public String key(String tenant, Event event) {
    return switch (event.type().topic()) {
      case AGENT_STATE ->
          tenant
              + ":"
              + event
                  .string(Attribute.AgentID)
                  .orElseGet(() -> event.string(Attribute.ThisDN).orElseThrow());
      case CALL_THREAD -> callThreadKey(tenant, event.string(Attribute.CallThreadID).orElseThrow());
      case NONE -> throw new IllegalArgumentException("not published");
    };
  }

  @Override
  public String callThreadKey(String tenant, String callThreadId) {
    return tenant + ":" + callThreadId;
  }
}
