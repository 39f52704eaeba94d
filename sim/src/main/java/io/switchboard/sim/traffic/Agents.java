package io.switchboard.sim.traffic;

import static io.switchboard.sim.traffic.Pacing.nanos;

import io.switchboard.engine.Outcome;
import io.switchboard.model.AgentWorkMode;
import io.switchboard.model.Attribute;
import io.switchboard.model.Event;
import io.switchboard.model.request.RequestAgentLogin;
import io.switchboard.model.request.RequestAgentReady;
import io.switchboard.model.request.RequestAnswerCall;
import io.switchboard.model.request.RequestAttributes;
import io.switchboard.model.request.RequestHoldCall;
import io.switchboard.model.request.RequestReleaseCall;
import io.switchboard.model.request.RequestRetrieveCall;
import io.switchboard.model.request.RequestSingleStepConference;
import io.switchboard.model.request.RequestSingleStepTransfer;
import io.switchboard.model.request.Step;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The agents' and supervisors' desktops: the agents log in to their queues, answer a call that
 * rings after the answer delay, talk for the queue's handle time (some put the caller on hold,
 * conference a free supervisor in, or transfer the call to another queue at the end), release, and
 * do their after-call work before they are Ready again; a supervisor conferenced in answers, stays
 * a while and leaves. The time each agent spends on calls and in after-call work is counted here.
 */
final class Agents {

  private final TrafficConfig config;
  private final Pacing pacing;
  private final EngineLink link;
  private final Counters counters;
  private final Reactions reactions;
  private final SplittableRandom callRandom;
  private final SplittableRandom agentRandom;

  private final int agentCount;
  private final SimCall[] agentCall;
  private final long[] legStart;
  private final long[] legAnswered;
  private final long[] acwStart;
  private final int[] acwEpoch;
  private final SimCall[] supervisorCall;

  /**
   * @param callRandom the draws of the calls (conversations, transfers, conferences)
   * @param agentRandom the draws of the agents (answer delay, after-call work)
   */
  Agents(
      TrafficConfig config,
      Pacing pacing,
      EngineLink link,
      Counters counters,
      Reactions reactions,
      SplittableRandom callRandom,
      SplittableRandom agentRandom) {
    this.config = config;
    this.pacing = pacing;
    this.link = link;
    this.counters = counters;
    this.reactions = reactions;
    this.callRandom = callRandom;
    this.agentRandom = agentRandom;
    this.agentCount = config.agentCount();
    this.agentCall = new SimCall[agentCount];
    this.legStart = new long[agentCount];
    this.legAnswered = new long[agentCount];
    this.acwStart = new long[agentCount];
    Arrays.fill(acwStart, -1);
    this.acwEpoch = new int[agentCount];
    this.supervisorCall = new SimCall[config.supervisors()];
  }

  /** Logs every agent in to its queues (ManualIn and Ready when there is after-call work). */
  void logIn() {
    AgentWorkMode mode =
        config.afterCallWork().isPresent() ? AgentWorkMode.ManualIn : AgentWorkMode.AutoIn;
    int index = 0;
    for (TrafficConfig.AgentGroup group : config.agents()) {
      for (int i = 0; i < group.count(); i++, index++) {
        String dn = ContactCenter.agentDn(index);
        for (String queue : group.queues()) {
          run(
              new RequestAgentLogin(
                  dn,
                  ContactCenter.agentId(index),
                  Optional.of(ContactCenter.queueDn(config.queueIndex(queue))),
                  mode,
                  RequestAttributes.NONE));
        }
        if (mode == AgentWorkMode.ManualIn) {
          run(
              new RequestAgentReady(
                  dn, Optional.empty(), AgentWorkMode.ManualIn, RequestAttributes.NONE));
        }
      }
    }
  }

  // ---------------------------------------------------------------- reactions

  /** EventRinging reached {@code party} for {@code call}: an agent or a supervisor answers soon. */
  void onRinging(String party, SimCall call) {
    if (call == null) {
      return;
    }
    long now = pacing.now();
    int agent = agentIndex(party);
    if (agent >= 0) {
      call.legs++;
      call.agent = agent;
      call.ringing = true;
      call.waiting = false;
      if (call.deliveredAt < 0) {
        call.deliveredAt = now;
      }
      agentCall[agent] = call;
      legStart[agent] = now;
      legAnswered[agent] = -1;
      pacing.at(now + nanos(config.answerDelay().sample(agentRandom)), () -> answer(call, agent));
      return;
    }
    int supervisor = supervisorIndex(party);
    if (supervisor >= 0) {
      call.legs++;
      pacing.at(
          now + nanos(config.answerDelay().sample(agentRandom)),
          () -> supervisorAnswer(call, supervisor));
    }
  }

  /** EventEstablished reached {@code party}: the conversation is planned. */
  void onEstablished(String party, SimCall call) {
    if (call == null) {
      return;
    }
    long now = pacing.now();
    int agent = agentIndex(party);
    if (agent >= 0 && call.agent == agent && call.ringing) {
      call.ringing = false;
      legAnswered[agent] = now;
      if (call.answeredAt < 0) {
        call.answeredAt = now;
        counters.answered(now - call.queuedAt, call.deliveredAt > call.queuedAt);
      }
      planConversation(call, agent);
      return;
    }
    int supervisor = supervisorIndex(party);
    if (supervisor >= 0 && supervisorCall[supervisor] == call) {
      pacing.at(
          now + nanos(config.conferenceTime().sample(callRandom)),
          () -> supervisorLeave(call, supervisor));
    }
  }

  /** Draws the conversation an agent has with a caller it has just answered, and plans it. */
  private void planConversation(SimCall call, int agent) {
    long now = pacing.now();
    long talk = nanos(config.queues().get(call.legQueue).handleTime().sample(callRandom));
    long held = 0;
    if (config.holdShare() > 0 && callRandom.nextDouble() < config.holdShare()) {
      long holdAt = now + (long) (talk * (0.1 + 0.4 * callRandom.nextDouble()));
      held = nanos(config.holdTime().sample(callRandom));
      pacing.at(holdAt, () -> hold(call, agent, true));
      pacing.at(holdAt + held, () -> hold(call, agent, false));
    }
    boolean conference =
        config.conferenceShare() > 0 && callRandom.nextDouble() < config.conferenceShare();
    if (conference) {
      pacing.at(now + held + talk / 2, () -> conference(call, agent));
    }
    boolean transfer =
        !conference
            && !call.transferred
            && config.transferShare() > 0
            && callRandom.nextDouble() < config.transferShare();
    pacing.at(now + held + talk, () -> finish(call, agent, transfer));
  }

  /**
   * EventReleased or EventAbandoned reached {@code party} for {@code call}; false when the party is
   * neither an agent nor a supervisor.
   */
  boolean onReleased(String party, SimCall call) {
    long now = pacing.now();
    int agent = agentIndex(party);
    if (agent >= 0) {
      if (agentCall[agent] == call) {
        call.legs--;
        counters.busy(legStart[agent], now);
        if (legAnswered[agent] >= 0) {
          counters.leg(now - legAnswered[agent]);
        }
        agentCall[agent] = null;
        if (call.agent == agent) {
          call.agent = -1;
          call.ringing = false;
          call.held = false;
        }
      }
      return true;
    }
    int supervisor = supervisorIndex(party);
    if (supervisor >= 0) {
      if (supervisorCall[supervisor] == call) {
        call.legs--;
        supervisorCall[supervisor] = null;
      }
      return true;
    }
    return false;
  }

  /** EventAgentNotReady reached {@code party}: in AfterCallWork, the agent is Ready after it. */
  void onNotReady(String party, Event event) {
    int agent = agentIndex(party);
    if (agent >= 0
        && event.attributes().get(Attribute.AgentWorkMode) == AgentWorkMode.AfterCallWork
        && config.afterCallWork().isPresent()) {
      long now = pacing.now();
      acwStart[agent] = now;
      int epoch = ++acwEpoch[agent];
      pacing.at(
          now + nanos(config.afterCallWork().get().sample(agentRandom)), () -> ready(agent, epoch));
    }
  }

  /** EventAgentReady reached {@code party}: its after-call work, if any, is over. */
  void onReady(String party) {
    int agent = agentIndex(party);
    if (agent >= 0 && acwStart[agent] >= 0) {
      long now = pacing.now();
      counters.afterCallWork(now - acwStart[agent]);
      counters.busy(acwStart[agent], now);
      acwStart[agent] = -1;
    }
  }

  /**
   * Counts the work in progress when the run was stopped as if it ended {@code now}: legs ringing
   * or talking count towards the agents' busy time, those answered towards the handle time;
   * after-call work under way towards the after-call work and the busy time. Without it, a run
   * stopped before its first call ended (a live simulation stopped after a minute) would report no
   * handle time and no occupancy.
   */
  void countWorkInProgress(long now) {
    for (int agent = 0; agent < agentCount; agent++) {
      if (agentCall[agent] != null) {
        counters.busy(legStart[agent], now);
        if (legAnswered[agent] >= 0) {
          counters.leg(now - legAnswered[agent]);
        }
        agentCall[agent] = null;
      }
      if (acwStart[agent] >= 0) {
        counters.afterCallWork(now - acwStart[agent]);
        counters.busy(acwStart[agent], now);
        acwStart[agent] = -1;
      }
    }
  }

  // ---------------------------------------------------------------- actions

  private void answer(SimCall call, int agent) {
    if (call.over || call.agent != agent || !call.ringing || call.abandoning) {
      return;
    }
    run(new RequestAnswerCall(ContactCenter.agentDn(agent), call.connId, RequestAttributes.NONE));
  }

  private void hold(SimCall call, int agent, boolean on) {
    if (call.over || call.agent != agent || call.ringing || call.held == on) {
      return;
    }
    String dn = ContactCenter.agentDn(agent);
    Outcome outcome =
        link.submit(
            on
                ? new RequestHoldCall(dn, call.connId, RequestAttributes.NONE)
                : new RequestRetrieveCall(dn, call.connId, RequestAttributes.NONE));
    if (!outcome.rejected()) {
      call.held = on;
      if (on) {
        counters.hold();
      }
    }
    reactions.process(outcome);
  }

  private void conference(SimCall call, int agent) {
    if (call.over || call.agent != agent || call.ringing || call.held) {
      return;
    }
    int supervisor = -1;
    for (int s = 0; s < supervisorCall.length; s++) {
      if (supervisorCall[s] == null) {
        supervisor = s;
        break;
      }
    }
    if (supervisor < 0) {
      return;
    }
    supervisorCall[supervisor] = call;
    Outcome outcome =
        link.submit(
            new RequestSingleStepConference(
                ContactCenter.agentDn(agent),
                call.connId,
                ContactCenter.supervisorDn(supervisor),
                RequestAttributes.NONE));
    if (outcome.rejected()) {
      supervisorCall[supervisor] = null;
    } else {
      counters.conference();
    }
    reactions.process(outcome);
  }

  private void supervisorAnswer(SimCall call, int supervisor) {
    if (call.over || supervisorCall[supervisor] != call) {
      return;
    }
    run(
        new RequestAnswerCall(
            ContactCenter.supervisorDn(supervisor), call.connId, RequestAttributes.NONE));
  }

  private void supervisorLeave(SimCall call, int supervisor) {
    if (call.over || supervisorCall[supervisor] != call) {
      return;
    }
    run(
        new RequestReleaseCall(
            ContactCenter.supervisorDn(supervisor), call.connId, RequestAttributes.NONE));
  }

  private void finish(SimCall call, int agent, boolean transfer) {
    if (call.over || call.agent != agent || call.ringing) {
      return;
    }
    String dn = ContactCenter.agentDn(agent);
    if (transfer) {
      int queues = config.queues().size();
      int to = queues == 1 ? 0 : (call.legQueue + 1 + callRandom.nextInt(queues - 1)) % queues;
      Outcome outcome =
          link.submit(
              new RequestSingleStepTransfer(
                  dn, call.connId, ContactCenter.queueDn(to), RequestAttributes.NONE));
      if (!outcome.rejected()) {
        counters.transfer();
        call.transferred = true;
        call.legQueue = to;
        reactions.process(outcome);
        return;
      }
      reactions.process(outcome);
    }
    run(new RequestReleaseCall(dn, call.connId, RequestAttributes.NONE));
  }

  private void ready(int agent, int epoch) {
    if (acwEpoch[agent] != epoch || acwStart[agent] < 0) {
      return;
    }
    run(
        new RequestAgentReady(
            ContactCenter.agentDn(agent),
            Optional.empty(),
            AgentWorkMode.ManualIn,
            RequestAttributes.NONE));
  }

  private void run(Step step) {
    reactions.process(link.submit(step));
  }

  private int agentIndex(String dn) {
    return ContactCenter.agentIndex(dn, agentCount);
  }

  private int supervisorIndex(String dn) {
    return ContactCenter.supervisorIndex(dn, supervisorCall.length);
  }
}
