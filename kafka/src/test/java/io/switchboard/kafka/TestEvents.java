package io.switchboard.kafka;

import io.switchboard.model.Attribute;
import io.switchboard.model.CallState;
import io.switchboard.model.CallType;
import io.switchboard.model.ConnId;
import io.switchboard.model.DNRole;
import io.switchboard.model.Event;
import io.switchboard.model.EventType;
import io.switchboard.model.Timestamp;

/** Small valid events for the tests. */
final class TestEvents {

  static final String TENANT = "acme";
  static final Timestamp TIME = new Timestamp(1_700_000_000L, 123_456);

  private TestEvents() {}

  static Event login(String thisDn, String agentId, Timestamp time) {
    Event.Builder builder =
        Event.builder(EventType.EventAgentLogin)
            .with(Attribute.Server, "switchboard")
            .with(Attribute.ThisDN, thisDn)
            .with(Attribute.time, time);
    if (!agentId.isEmpty()) {
      builder.with(Attribute.AgentID, agentId);
    }
    return builder.build();
  }

  static Event dndOn(String thisDn, Timestamp time) {
    return Event.builder(EventType.EventDNDOn)
        .with(Attribute.Server, "switchboard")
        .with(Attribute.ThisDN, thisDn)
        .with(Attribute.time, time)
        .build();
  }

  static Event ringing(String callThreadId, long connId, String thisDn, Timestamp time) {
    return Event.builder(EventType.EventRinging)
        .with(Attribute.CallID, connId)
        .with(Attribute.CallThreadID, callThreadId)
        .with(Attribute.CallType, CallType.Inbound)
        .with(Attribute.ConnID, new ConnId(connId, TENANT))
        .with(Attribute.Server, "switchboard")
        .with(Attribute.ThisDN, thisDn)
        .with(Attribute.ThisDNRole, DNRole.Destination)
        .with(Attribute.time, time)
        .with(Attribute.CallState, CallState.Ok)
        .build();
  }

  static Event error(Timestamp time) {
    return Event.builder(EventType.EventError)
        .with(Attribute.Server, "switchboard")
        .with(Attribute.time, time)
        .with(Attribute.ErrorCode, 41L)
        .with(Attribute.ErrorMessage, "not logged in")
        .build();
  }

  /** Topic names of their own for one test class, so tests on the shared broker stay apart. */
  static TopicNames topicsFor(String test) {
    return new TopicNames(test + "-agentstate", test + "-callthread");
  }
}
