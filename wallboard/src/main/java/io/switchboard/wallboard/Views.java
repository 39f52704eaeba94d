package io.switchboard.wallboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;

/**
 * The statistics as JSON: the values of the {@code voice-stats} topic and of the wallboard's API.
 * {@code docs/wallboard.md} documents this schema; fields are added, never renamed.
 */
final class Views {
  private Views() {}

  /** An agent: {@code {"type": "agent", "tenant", "agentId", "dn", "state", ...}}. */
  static ObjectNode agent(AgentStats a) {
    ObjectNode o = Mapper.JSON.createObjectNode();
    o.put("type", "agent");
    o.put("tenant", a.tenant);
    o.put("agentId", a.agentId);
    if (a.dn != null) {
      o.put("dn", a.dn);
    }
    o.put("state", a.state);
    if (a.workMode != null) {
      o.put("workMode", a.workMode);
    }
    if (a.reasons != null) {
      o.set("reasons", a.reasons);
    }
    o.put("since", iso(a.sinceMicros));
    o.put("sinceMillis", a.sinceMicros / 1000);
    o.put("callsHandled", a.handled);
    o.put("time", iso(a.lastMicros));
    return o;
  }

  /**
   * A queue: kind, calls waiting now, the entry time of the one waiting longest, and the figures of
   * the current interval and of the day.
   */
  static ObjectNode queue(QueueStats q, long thresholdMicros) {
    ObjectNode o = Mapper.JSON.createObjectNode();
    o.put("type", "queue");
    o.put("tenant", q.tenant);
    o.put("queue", q.queue);
    o.put("kind", q.kind);
    o.put("waiting", q.waiting.size());
    long oldest = q.oldestWaitingMicros();
    if (oldest >= 0) {
      o.put("oldestWaitingSince", iso(oldest));
      o.put("oldestWaitingSinceMillis", oldest / 1000);
    }
    o.put("serviceLevelThresholdSeconds", thresholdMicros / 1e6);
    o.set("interval", figures(q.interval));
    o.set("today", figures(q.today));
    o.put("time", iso(q.lastMicros));
    return o;
  }

  /** The figures of one period, with their averages and ratios. */
  static ObjectNode figures(Figures f) {
    ObjectNode o = Mapper.JSON.createObjectNode();
    o.put("start", iso(f.startMicros));
    o.put("startMillis", f.startMicros / 1000);
    o.put("end", iso(f.endMicros));
    o.put("endMillis", f.endMicros / 1000);
    o.put("offered", f.offered);
    o.put("answered", f.answered);
    o.put("abandoned", f.abandoned);
    o.put("abandonedWhileRinging", f.abandonedWhileRinging);
    o.put("distributed", f.distributed);
    o.put("answeredWithinThreshold", f.answeredWithinThreshold);
    o.put("asaSeconds", f.answered == 0 ? 0 : f.waitMicros / 1e6 / f.answered);
    o.put("serviceLevel", f.offered == 0 ? 0 : f.answeredWithinThreshold / (double) f.offered);
    o.put("handled", f.handled);
    o.put("talkSeconds", f.handled == 0 ? 0 : f.handleMicros / 1e6 / f.handled);
    o.put(
        "afterCallWorkSeconds",
        f.afterCallWork == 0 ? 0 : f.afterCallWorkMicros / 1e6 / f.afterCallWork);
    o.put(
        "ahtSeconds",
        f.handled == 0 ? 0 : (f.handleMicros + f.afterCallWorkMicros) / 1e6 / f.handled);
    return o;
  }

  /** A call in progress, without its events ({@code steps} adds them). */
  static ObjectNode call(CallStats c, boolean steps) {
    ObjectNode o = Mapper.JSON.createObjectNode();
    o.put("type", "call");
    o.put("tenant", c.tenant);
    o.put("callThread", c.thread);
    o.put("start", iso(c.startMicros));
    o.put("startMillis", c.startMicros / 1000);
    if (c.callType != null) {
      o.put("callType", c.callType);
    }
    if (c.ani != null) {
      o.put("ani", c.ani);
    }
    if (c.dnis != null) {
      o.put("dnis", c.dnis);
    }
    ArrayNode ids = o.putArray("connIds");
    c.connIds.forEach(ids::add);
    ArrayNode parties = o.putArray("parties");
    for (Map.Entry<String, CallStats.Party> p : c.parties.entrySet()) {
      ObjectNode party = parties.addObject();
      party.put("dn", p.getKey());
      party.put("state", p.getValue().state);
      party.put("since", iso(p.getValue().sinceMicros));
      if (p.getValue().agentId != null) {
        party.put("agentId", p.getValue().agentId);
      }
      if (p.getValue().queue != null) {
        party.put("queue", p.getValue().queue);
      }
    }
    if (c.userData != null) {
      o.set("userData", c.userData);
    }
    o.put("events", c.eventCount);
    if (steps) {
      ArrayNode list = o.putArray("steps");
      c.steps.forEach(s -> list.add(step(s)));
    }
    o.put("time", iso(c.lastMicros));
    return o;
  }

  /** One event of a call, for its diagram. */
  static ObjectNode step(CallStats.Step s) {
    ObjectNode o = Mapper.JSON.createObjectNode();
    o.put("id", s.id);
    o.put("time", iso(s.timeMicros));
    if (s.dn != null) {
      o.put("dn", s.dn);
    }
    if (s.otherDn != null) {
      o.put("otherDn", s.otherDn);
    }
    if (s.thirdPartyDn != null) {
      o.put("thirdPartyDn", s.thirdPartyDn);
    }
    if (s.connId != null) {
      o.put("connId", s.connId);
    }
    return o;
  }

  static String iso(long micros) {
    return Instant.ofEpochSecond(
            Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L)
        .toString();
  }
}
