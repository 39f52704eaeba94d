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
 * Agent state: login and logout, Ready and NotReady, after-call work. Each request is decided by a
 * static {@code decide...} method against the state as it reads ({@link ReadState}), then, if
 * accepted, evolved by the method of the request's name from the facts the decision found. Each
 * agent change goes through {@link EngineState#changeAgentState}, which checks the transition.
 */
final class AgentStates extends Feature {
  AgentStates(EngineState state) {
    super(state);
  }

  /** What RequestAgentLogin found: the DN, the queue, and whether the agent logs in there first. */
  record Login(Dn dn, Optional<String> queue, boolean first) {}

  static Login decideAgentLogin(ReadState state, RequestAgentLogin r) {
    Dn dn = state.extension(r.thisDN(), "log an agent in");
    if (r.agentID().isBlank()) {
      throw new Rejection(ErrorCode.AgentLoginConflict, "AgentID must not be blank");
    }
    if (!state.agentList().accepts(r.agentID())) {
      throw new Rejection(
          ErrorCode.UnknownAgent,
          "agent "
              + r.agentID()
              + " is not configured for tenant "
              + state.tenant()
              + "; add it to the tenant's agents");
    }
    Optional<String> queue = r.thisQueue().map(state::acdQueue);
    if (dn.agent() != null && !dn.agent().id().equals(r.agentID())) {
      throw new Rejection(
          ErrorCode.AgentLoginConflict,
          "agent " + dn.agent().id() + " is logged in on DN " + dn.number() + "; log it out first");
    }
    Agent elsewhere = state.agent(r.agentID());
    if (elsewhere != null && elsewhere.dn() != dn) {
      throw new Rejection(
          ErrorCode.AgentLoginConflict,
          "agent " + r.agentID() + " is already logged in on DN " + elsewhere.dn().number());
    }
    return new Login(dn, queue, dn.agent() == null);
  }

  void agentLogin(StepContext step, RequestAgentLogin r, Login login) {
    Dn dn = login.dn();
    Agent agent = state.logIn(dn, r.agentID(), login.queue());
    step.deliver(
        dn.number(),
        events
            .agentEvent(step, EventType.EventAgentLogin, dn, r.attributes())
            .with(Attribute.AgentWorkMode, r.agentWorkMode())
            .withOptional(ThisQueue, login.queue())
            .build());
    if (login.first()) {
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
              .withOptional(ThisQueue, login.queue())
              .build());
    }
  }

  /**
   * What RequestAgentLogout found: the agent, whether it leaves one queue of several (else it logs
   * out), and the queue its event names.
   */
  record Logout(Agent agent, boolean ofOneQueue, Optional<String> queue) {}

  static Logout decideAgentLogout(ReadState state, RequestAgentLogout r) {
    Dn dn = state.extension(r.thisDN(), "log an agent out");
    Agent agent = loggedIn(dn);
    agentQueue(agent, r.thisQueue());
    if (r.thisQueue().isPresent() && agent.queues().size() > 1) {
      return new Logout(agent, true, r.thisQueue());
    }
    Optional<String> queue =
        r.thisQueue()
            .or(
                () ->
                    agent.queues().size() == 1
                        ? agent.queues().stream().findFirst()
                        : Optional.empty());
    return new Logout(agent, false, queue);
  }

  void agentLogout(StepContext step, RequestAgentLogout r, Logout logout) {
    Agent agent = logout.agent();
    Dn dn = agent.dn();
    if (logout.ofOneQueue()) {
      String queue = logout.queue().orElseThrow();
      state.logOutOfQueue(agent, queue);
      step.deliver(
          dn.number(),
          events
              .agentEvent(step, EventType.EventQueueLogout, dn, r.attributes())
              .with(ThisQueue, queue)
              .build());
      return;
    }
    // built while the agent is logged in, so that it carries its AgentID
    Event event =
        events
            .agentEvent(step, EventType.EventAgentLogout, dn, r.attributes())
            .withOptional(ThisQueue, logout.queue())
            .build();
    state.logOut(agent);
    step.deliver(dn.number(), event);
  }

  /** What RequestAgentReady or RequestAgentNotReady found: the agent, its mode, the queue. */
  record StateChange(Agent agent, AgentWorkMode mode, Optional<String> queue) {}

  static StateChange decideAgentReady(ReadState state, RequestAgentReady r) {
    Dn dn = state.extension(r.thisDN(), "make an agent Ready");
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
    return new StateChange(agent, mode, agentQueue(agent, r.thisQueue()));
  }

  void agentReady(StepContext step, RequestAgentReady r, StateChange ready) {
    if (ready.mode() != AgentWorkMode.ReturnBack) {
      state.setReadyMode(ready.agent(), ready.mode());
    }
    makeReady(step, ready.agent(), ready.mode(), r.attributes(), ready.queue());
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

  static StateChange decideAgentNotReady(ReadState state, RequestAgentNotReady r) {
    Dn dn = state.extension(r.thisDN(), "make an agent NotReady");
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
    return new StateChange(agent, mode, agentQueue(agent, r.thisQueue()));
  }

  void agentNotReady(StepContext step, RequestAgentNotReady r, StateChange notReady) {
    makeNotReady(step, notReady.agent(), notReady.mode(), r.attributes(), notReady.queue());
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

  static Optional<String> agentQueue(Agent agent, Optional<String> queue) {
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

  static Agent loggedIn(Dn dn) {
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
