package io.switchboard.engine;

import io.switchboard.engine.state.Agent;
import io.switchboard.engine.state.Call;
import io.switchboard.engine.state.Dn;
import io.switchboard.engine.state.EngineState;
import io.switchboard.engine.state.Timer;
import io.switchboard.model.AgentWorkMode;
import io.switchboard.model.DNType;
import io.switchboard.model.request.*;
import java.util.Optional;

/**
 * Timers fall due at the start of the first step at or after their due time, with the events dated
 * when they fell due.
 */
final class Timers extends Feature {
  Timers(EngineState state) {
    super(state);
  }

  /** Fires the timers due at the step's instant, each dated when it fell due. */
  void fireDueTimers(StepContext step) {
    for (Timer timer = state.takeDueTimer(step.now);
        timer != null;
        timer = state.takeDueTimer(step.now)) {
      step.at(timer.due());
      fire(step, timer);
      queues.distribute(step);
    }
    step.at(step.now);
  }

  void fire(StepContext step, Timer timer) {
    Call call = calls.get(timer.connId());
    Dn subject = dns.get(timer.subject());
    switch (timer.kind()) {
      case WRAP_UP -> {
        Dn dn = dns.get(timer.dn());
        Agent agent = dn == null ? null : dn.agent();
        if (agent != null
            && agent.id().equals(timer.subject())
            && agent.state() == AgentState.NotReady
            && agent.workMode() == AgentWorkMode.AfterCallWork
            && agent.wrapUps() == timer.episode()) {
          agentStates.makeReady(
              step, agent, agent.readyMode(), RequestAttributes.NONE, Optional.empty());
        }
      }
      case NO_ANSWER -> {
        if (call != null && subject != null) {
          call.party(timer.dn()).ifPresent(p -> queues.noAnswer(step, p, subject, timer.episode()));
        }
      }
      case OVERFLOW -> {
        if (call != null && subject != null && call.waitingAt().contains(subject.number())) {
          for (String queue : subject.entry().list("overflow")) {
            Dn overflow = dns.get(queue);
            if (overflow != null && overflow.type() == DNType.ACDQueue) {
              queues.enqueue(step, call, overflow);
            }
          }
        }
      }
      case DEFAULT_ROUTE -> {
        if (call != null && subject != null && call.waitingAt().contains(subject.number())) {
          subject
              .entry()
              .text("defaultDestination")
              .ifPresent(d -> routing.routeTo(step, call, subject, d));
        }
      }
    }
  }
}
