package io.switchboard.engine;

import static io.switchboard.model.Attribute.ThisQueue;

import io.switchboard.engine.state.Agent;
import io.switchboard.engine.state.Dn;
import io.switchboard.engine.state.EngineState;
import io.switchboard.engine.state.TimerKind;
import io.switchboard.model.AgentWorkMode;
import io.switchboard.model.Attribute;
import io.switchboard.model.Event;
import io.switchboard.model.EventType;
import io.switchboard.model.request.*;
import java.time.Duration;
import java.util.Optional;

/**
 * Agent state: login and logout, Ready and NotReady, after-call work. Each agent change goes
 * through {@link EngineState#changeAgentState}, which checks the transition.
 */
final class AgentStates extends Feature {
  AgentStates(EngineState state) {
    super(state);
  }

  void agentLogin(StepContext step, RequestAgentLogin r) {
    Dn dn = extension(r.thisDN(), "log an agent in");
    if (r.agentID().isBlank()) {
      throw new Rejection(ErrorCode.AgentLoginConflict, "AgentID must not be blank");
    }
    if (!state.agentList().accepts(r.agentID())) {
      throw new Rejection(
          ErrorCode.UnknownAgent,
          "agent "
              + r.agentID()
              + " is not configured for tenant "
              + tenant
              + "; add it to the tenant's agents");
    }
    Optional<String> queue = r.thisQueue().map(this::acdQueue);
    if (dn.agent() != null && !dn.agent().id().equals(r.agentID())) {
      throw new Rejection(
          ErrorCode.AgentLoginConflict,
          "agent " + dn.agent().id() + " is logged in on DN " + dn.number() + "; log it out first");
    }
    Agent elsewhere = agents.get(r.agentID());
    if (elsewhere != null && elsewhere.dn() != dn) {
      throw new Rejection(
          ErrorCode.AgentLoginConflict,
          "agent " + r.agentID() + " is already logged in on DN " + elsewhere.dn().number());
    }
    boolean first = dn.agent() == null;
    Agent agent = state.logIn(dn, r.agentID(), queue);
    step.deliver(
        dn.number(),
        events
            .agentEvent(step, EventType.EventAgentLogin, dn, r.attributes())
            .with(Attribute.AgentWorkMode, r.agentWorkMode())
            .withOptional(ThisQueue, queue)
            .build());
    if (first) {
      // SIP Server reports the state the login left the agent in: AutoIn makes the agent Ready,
      // any other mode leaves it NotReady until it asks to be Ready.
      boolean ready = r.agentWorkMode() == AgentWorkMode.AutoIn;
      AgentWorkMode mode =
          ready || r.agentWorkMode().isNotReadyMode() ? r.agentWorkMode() : AgentWorkMode.Unknown;
      if (r.agentWorkMode().isReadyMode()) {
        state.setReadyMode(agent, r.agentWorkMode());
      }
      state.changeAgentState(agent, ready ? AgentState.Ready : AgentState.NotReady, mode);
      step.deliver(
          dn.number(),
          events
              .agentEvent(
                  step,
                  ready ? EventType.EventAgentReady : EventType.EventAgentNotReady,
                  dn,
                  r.attributes())
              .with(Attribute.AgentWorkMode, mode)
              .withOptional(ThisQueue, queue)
              .build());
    } else if (agent.state() == AgentState.Ready) {
    }
  }

  void agentLogout(StepContext step, RequestAgentLogout r) {
    Dn dn = extension(r.thisDN(), "log an agent out");
    Agent agent = loggedIn(dn);
    if (r.thisQueue().isPresent() && !agent.queues().contains(r.thisQueue().get())) {
      throw new Rejection(
          ErrorCode.InvalidQueue,
          "agent "
              + agent.id()
              + " is not logged in to queue "
              + r.thisQueue().get()
              + "; its queues: "
              + agent.queues());
    }
    if (r.thisQueue().isPresent() && agent.queues().size() > 1) {
      state.logOutOfQueue(agent, r.thisQueue().get());
      step.deliver(
          dn.number(),
          events
              .agentEvent(step, EventType.EventQueueLogout, dn, r.attributes())
              .with(ThisQueue, r.thisQueue().get())
              .build());
      return;
    }
    Optional<String> queue =
        r.thisQueue()
            .or(
                () ->
                    agent.queues().size() == 1
                        ? agent.queues().stream().findFirst()
                        : Optional.empty());
    Event event =
        events
            .agentEvent(step, EventType.EventAgentLogout, dn, r.attributes())
            .withOptional(ThisQueue, queue)
            .build();
    state.logOut(agent);
    step.deliver(dn.number(), event);
  }

  void agentReady(StepContext step, RequestAgentReady r) {
    Dn dn = extension(r.thisDN(), "make an agent Ready");
    Agent agent = loggedIn(dn);
    AgentWorkMode mode =
        r.agentWorkMode() == AgentWorkMode.Unknown ? AgentWorkMode.ManualIn : r.agentWorkMode();
    if (!mode.isReadyMode()) {
      throw new Rejection(
          ErrorCode.InvalidWorkMode,
          "AgentWorkMode "
              + mode
              + " is a NotReady mode; RequestAgentReady takes ManualIn, AutoIn or ReturnBack");
    }
    Optional<String> queue = agentQueue(agent, r.thisQueue());
    if (mode != AgentWorkMode.ReturnBack) {
      state.setReadyMode(agent, mode);
    }
    makeReady(step, agent, mode, r.attributes(), queue);
  }

  void makeReady(
      StepContext step,
      Agent agent,
      AgentWorkMode mode,
      RequestAttributes attributes,
      Optional<String> queue) {
    state.changeAgentState(agent, AgentState.Ready, mode);
    state.markAvailable(agent);
    step.deliver(
        agent.dn().number(),
        events
            .agentEvent(step, EventType.EventAgentReady, agent.dn(), attributes)
            .with(Attribute.AgentWorkMode, mode)
            .withOptional(ThisQueue, queue)
            .build());
  }

  void agentNotReady(StepContext step, RequestAgentNotReady r) {
    Dn dn = extension(r.thisDN(), "make an agent NotReady");
    Agent agent = loggedIn(dn);
    AgentWorkMode mode = r.agentWorkMode();
    if (mode.isReadyMode()) {
      throw new Rejection(
          ErrorCode.InvalidWorkMode,
          "AgentWorkMode "
              + mode
              + " is a Ready mode; RequestAgentNotReady takes AuxWork,"
              + " AfterCallWork, NoCallDisconnect, WalkAway or Unknown");
    }
    Optional<String> queue = agentQueue(agent, r.thisQueue());
    makeNotReady(step, agent, mode, r.attributes(), queue);
  }

  void makeNotReady(
      StepContext step,
      Agent agent,
      AgentWorkMode mode,
      RequestAttributes attributes,
      Optional<String> queue) {
    state.changeAgentState(agent, AgentState.NotReady, mode);
    state.countNotReadyEpisode(agent);
    step.deliver(
        agent.dn().number(),
        events
            .agentEvent(step, EventType.EventAgentNotReady, agent.dn(), attributes)
            .with(Attribute.AgentWorkMode, mode)
            .withOptional(ThisQueue, queue)
            .build());
  }

  Optional<String> agentQueue(Agent agent, Optional<String> queue) {
    if (queue.isPresent() && !agent.queues().contains(queue.get())) {
      throw new Rejection(
          ErrorCode.InvalidQueue,
          "agent "
              + agent.id()
              + " is not logged in to queue "
              + queue.get()
              + "; its queues: "
              + agent.queues());
    }
    return queue;
  }

  Agent loggedIn(Dn dn) {
    if (dn.agent() == null) {
      throw new Rejection(ErrorCode.AgentNotLoggedIn, "no agent is logged in on DN " + dn.number());
    }
    return dn.agent();
  }

  /**
   * After-call work: an agent that took a call from a queue in ManualIn goes NotReady
   * (AfterCallWork), back to Ready when its wrap-up time is over; in AutoIn it stays Ready.
   */
  void afterAcdCall(StepContext step, Agent agent, String queue) {
    if (agent.state() != AgentState.Ready || agent.dn().agent() != agent) {
      return;
    }
    if (agent.readyMode() == AgentWorkMode.AutoIn) {
      state.markAvailable(agent);
      return;
    }
    makeNotReady(
        step, agent, AgentWorkMode.AfterCallWork, RequestAttributes.NONE, Optional.empty());
    Optional<Duration> wrapUp =
        agent
            .dn()
            .entry()
            .duration("wrapUpTime")
            .or(
                () ->
                    dns.get(queue) == null
                        ? Optional.empty()
                        : dns.get(queue).entry().duration("wrapUpTime"));
    wrapUp.ifPresent(
        delay ->
            state.schedule(
                step.current.plus(delay),
                TimerKind.WRAP_UP,
                null,
                agent.dn().number(),
                agent.id(),
                agent.wrapUps()));
  }
}
