package io.switchboard.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.engine.AgentList;
import io.switchboard.engine.Delivery;
import io.switchboard.engine.Outcome;
import io.switchboard.engine.TenantView;
import io.switchboard.json.EventJson;
import io.switchboard.json.Json;
import io.switchboard.model.Attribute;
import io.switchboard.model.KVList;
import java.util.Map;

/**
 * The JSON documents of the API: the answer to a step, an event delivered to a party, and the
 * read-only views of a tenant's state. Names that are Genesys attributes are written as Genesys
 * writes them (ThisDN, AgentID, ConnID, CallType, UserData...).
 */
final class Bodies {
  private static final ObjectMapper MAPPER = Json.mapper();
  private static final EventJson EVENTS = new EventJson();

  private Bodies() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static ObjectNode error(int status, String message) {
    return object().put("status", status).put("error", message);
  }

  static String text(ObjectNode body) {
    try {
      return MAPPER.writeValueAsString(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a tree of the API's own cannot fail to serialize", e);
    }
  }

  /** The answer to a step: whether it was accepted, its ReferenceID and ConnID, and its events. */
  static ObjectNode answer(String tenant, String step, Outcome outcome) {
    ObjectNode body = object();
    body.put("tenant", tenant);
    body.put("step", step);
    body.put("accepted", !outcome.rejected());
    if (outcome.referenceId() != 0) {
      body.put("ReferenceID", outcome.referenceId());
    }
    outcome.connId().ifPresent(c -> body.put("ConnID", c.toString()));
    outcome
        .error()
        .ifPresent(
            error -> {
              body.put("ErrorCode", error.get(Attribute.ErrorCode, Long.class).orElse(0L));
              body.put("ErrorMessage", error.string(Attribute.ErrorMessage).orElse(""));
            });
    ArrayNode events = body.putArray("events");
    for (Delivery delivery : outcome.deliveries()) {
      events.add(delivery(delivery));
    }
    return body;
  }

  /** A WebSocket message: {@code type} first, then {@code fields}. */
  static ObjectNode message(String type, ObjectNode fields) {
    ObjectNode message = object().put("type", type);
    message.setAll(fields);
    return message;
  }

  /**
   * {@code {"party": "5001", "published": true, "stream": "voice-callthread", "value": {"id":
   * "EventRinging", ...}}}: {@code stream} names the Genesys stream the event goes to (absent for
   * an event only the parties receive), {@code published} says the same as a boolean; neither says
   * that the record is on Kafka yet (docs/api.md).
   */
  static ObjectNode delivery(Delivery delivery) {
    ObjectNode entry = object();
    entry.put("party", delivery.party());
    entry.put("published", delivery.event().type().published());
    delivery.event().type().topic().defaultName().ifPresent(stream -> entry.put("stream", stream));
    entry.set("value", EVENTS.toTree(delivery.event()));
    return entry;
  }

  /**
   * {@code {"cluster": NAME, "instance": ID, "instances": [{"instance": ID, "http": "host:port",
   * "tenants": [...]}, ...]}}: the shape scripts depend on (docs/cluster.md).
   */
  static ObjectNode cluster(Placement.ClusterView view) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("cluster", view.cluster());
    body.put("instance", view.instance());
    ArrayNode instances = body.putArray("instances");
    for (Placement.InstanceView instance : view.instances()) {
      ObjectNode item = instances.addObject();
      item.put("instance", instance.instance());
      item.put("http", instance.http());
      ArrayNode tenants = item.putArray("tenants");
      instance.tenants().forEach(tenants::add);
    }
    return body;
  }

  /**
   * Puts a tenant's agents into {@code body}: {@code "agents": ["1001", ...]}, or {@code "agents":
   * "any"} when any AgentID may log in.
   */
  static ObjectNode agents(ObjectNode body, AgentList agents) {
    if (agents.acceptsAny()) {
      body.put("agents", "any");
    } else {
      ArrayNode list = body.putArray("agents");
      agents.ids().orElseThrow().forEach(list::add);
    }
    return body;
  }

  static ObjectNode summary(TenantView view, int userDataLimit) {
    ObjectNode body = object();
    body.put("tenant", view.tenant());
    body.put("userDataLimit", userDataLimit);
    body.put("dns", view.dns().size());
    body.put("agents", view.agents().size());
    body.put("calls", view.calls().size());
    return body;
  }

  static ObjectNode dn(TenantView.DnView dn) {
    ObjectNode body = object();
    body.put("DN", dn.dn());
    body.put("DNType", dn.type().name());
    body.put("DND", dn.dnd());
    body.put("ForwardMode", dn.forwardMode().name());
    dn.forwardTo().ifPresent(to -> body.put("ForwardTo", to));
    dn.agentId().ifPresent(agent -> body.put("AgentID", agent));
    ArrayNode calls = body.putArray("calls");
    dn.calls().forEach(c -> calls.add(c.toString()));
    return body;
  }

  static ObjectNode agent(TenantView.AgentView agent) {
    ObjectNode body = object();
    body.put("AgentID", agent.agentId());
    body.put("ThisDN", agent.dn());
    body.put("state", agent.state().name());
    body.put("AgentWorkMode", agent.workMode().name());
    ArrayNode queues = body.putArray("queues");
    agent.queues().forEach(queues::add);
    return body;
  }

  static ObjectNode call(TenantView.CallView call) {
    ObjectNode body = object();
    body.put("ConnID", call.connId().toString());
    body.put("CallThreadID", call.callThreadId());
    body.put("CallType", call.callType().name());
    body.set("UserData", kvList(call.userData()));
    ArrayNode parties = body.putArray("parties");
    for (TenantView.PartyView party : call.parties()) {
      ObjectNode p = parties.addObject();
      p.put("DN", party.dn());
      p.put("internal", party.internal());
      p.put("role", party.role().name());
      p.put("state", party.state().name());
      party.thisQueue().ifPresent(q -> p.put("ThisQueue", q));
    }
    return body;
  }

  private static ObjectNode kvList(KVList list) {
    ObjectNode node = object();
    for (Map.Entry<String, Object> entry : list.asMap().entrySet()) {
      Object value = entry.getValue();
      if (value instanceof KVList nested) {
        node.set(entry.getKey(), kvList(nested));
      } else if (value instanceof Number number) {
        node.put(entry.getKey(), number.longValue());
      } else {
        node.put(entry.getKey(), String.valueOf(value));
      }
    }
    return node;
  }
}
