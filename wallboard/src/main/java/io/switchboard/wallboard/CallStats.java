package io.switchboard.wallboard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A call in progress: one call thread of one tenant, its parties, user data and events. */
final class CallStats {
  /** The most events kept per call for its diagram; the count goes on. */
  static final int MAX_STEPS = 200;

  String tenant;
  String thread;
  long startMicros;
  long lastMicros;
  String callType;
  String ani;
  String dnis;
  ObjectNode userData;
  List<String> connIds = new ArrayList<>();

  /** The DNs in the call now, in the order they joined. */
  Map<String, Party> parties = new LinkedHashMap<>();

  /** The queues the call entered: queue DN to the instant (microseconds). */
  Map<String, Long> entered = new LinkedHashMap<>();

  /** The queues where the call was answered, or abandoned (each counted once per queue). */
  List<String> answered = new ArrayList<>();

  List<String> abandoned = new ArrayList<>();

  List<Step> steps = new ArrayList<>();
  long eventCount;

  CallStats() {}

  CallStats(String tenant, String thread, long startMicros) {
    this.tenant = tenant;
    this.thread = thread;
    this.startMicros = startMicros;
  }

  /** A DN in the call. */
  static final class Party {
    /** Queued, Ringing, Dialing, Talking, OnHold. */
    String state;

    long sinceMicros;

    /** The queue the call came from to this DN ({@code ThisQueue}), when another DN. */
    String queue;

    String agentId;

    /** When the DN was connected (answered), or -1. */
    long connectedMicros = -1;

    Party() {}
  }

  /** One event of the call, as its diagram shows it. */
  static final class Step {
    String id;
    long timeMicros;
    String dn;
    String otherDn;
    String thirdPartyDn;
    String connId;

    Step() {}

    Step(VoiceEvent e) {
      this.id = e.id();
      this.timeMicros = e.timeMicros();
      this.dn = e.thisDn();
      this.otherDn = e.otherDn();
      this.thirdPartyDn = e.thirdPartyDn();
      this.connId = e.connId();
    }
  }
}
