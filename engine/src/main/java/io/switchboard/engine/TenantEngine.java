package io.switchboard.engine;

import io.switchboard.engine.state.Dn;
import io.switchboard.engine.state.EngineState;
import io.switchboard.model.request.*;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * One tenant's telephony engine, the T-Server core: its directory of DNs, its agents, its calls and
 * their parties, its ACD queues and routing points. A step (a request or a stimulus) goes in; the
 * state decides, the events come out in delivery order, and the state evolves. A request that is
 * invalid in the current state changes nothing and produces one EventError for the requester.
 *
 * <p>The engine is pure: it reads the time once per step from the {@link InstantSource} and takes
 * connection ids only from the {@link IdSource} it is given, so the same steps at the same instants
 * give the same events. Timers (no-answer, after-call work, default routing, queue overflow) fire
 * at the start of the first step at or after their due time, {@code Advance} included, with the
 * events dated when they fell due. It is not thread-safe: {@link Tenants} runs one step at a time
 * per tenant.
 *
 * <p>Which party receives which event, and with which attributes, follows the Voice Microservices
 * call models; {@code docs/engine.md} records the decisions taken where the reference is silent.
 *
 * <p>This class is the facade: the state is in {@link EngineState}, one step's scratch in {@link
 * StepContext}, and each Genesys feature in a class of its own ({@link AgentStates}, {@link
 * DnFeatures}, {@link BasicCalls}, {@link Transfers}, {@link Conferences}, {@link AcdQueues}...),
 * to which {@link Dispatch} hands each step, to be decided, then evolved ({@code
 * docs/architecture.md}, "The engine inside").
 *
 * @see <a href="https://all.docs.genesys.com/VM/Current/VMEventsandModels/BasicCallModels">VM:
 *     Basic call models</a>
 */
public final class TenantEngine {

  private final InstantSource clock;
  private final EngineState state;
  private final Features features;

  /** The step being handled; one per engine, started afresh for each step. */
  private final StepContext context = new StepContext();

  public TenantEngine(TenantConfig config, InstantSource clock, IdSource ids) {
    this.clock = clock;
    this.state = new EngineState(config, ids);
    this.features = new Features(state);
  }

  /** The tenant's configuration, with its directory and its agents as they are now. */
  public TenantConfig config() {
    return new TenantConfig(
        state.tenant(),
        state.dns().values().stream().map(Dn::entry).toList(),
        state.config().server(),
        state.config().userDataLimit(),
        state.agentList());
  }

  /**
   * Adds agent {@code agentId} to the tenant's list of agents; it may log in from the next step on.
   *
   * @throws IllegalArgumentException if the AgentID is not valid, or is listed already
   * @throws IllegalStateException if the tenant accepts any AgentID (it has no list to add to: set
   *     one with {@link #setAgents})
   */
  public void addAgent(String agentId) {
    features.administration.addAgent(agentId);
  }

  /**
   * Removes agent {@code agentId} from the tenant's list of agents; it cannot log in from then on.
   *
   * @throws IllegalArgumentException if the agent is not listed
   * @throws IllegalStateException if the agent is logged in, or the tenant accepts any AgentID
   */
  public void removeAgent(String agentId) {
    features.administration.removeAgent(agentId);
  }

  /**
   * Replaces the tenant's agents: any AgentID, or a list. Agents logged in stay logged in, so a
   * list must hold every one of them.
   *
   * @throws IllegalStateException naming the agents logged in that {@code list} leaves out
   */
  public void setAgents(AgentList list) {
    features.administration.setAgents(list);
  }

  /**
   * Adds {@code entry} to the directory; calls to it are possible from the next step on.
   *
   * @throws IllegalArgumentException if the DN is already in the directory
   */
  public void addDn(DirectoryEntry entry) {
    features.administration.addDn(entry);
  }

  /**
   * Removes DN {@code number} from the directory.
   *
   * @throws IllegalArgumentException if there is no such DN
   * @throws IllegalStateException if the DN is in use: an agent is logged in on it or into it, it
   *     is a party of a call in progress, or calls wait on it
   */
  public void removeDn(String number) {
    features.administration.removeDn(number);
  }

  /** When the next timer falls due; the service runs an {@code Advance} step then. */
  public Optional<Instant> nextTimer() {
    return state.nextTimer();
  }

  /**
   * Runs {@code step} and returns the events it caused, in delivery order: first those of the
   * timers that fell due, then those of the step.
   *
   * @return the outcome; for a rejected request, the timers' events and one EventError to the
   *     requester, and no change by the request
   */
  public Outcome handle(Step step) {
    StepContext context = this.context;
    context.begin(clock.instant());
    try {
      features.timers.fireDueTimers(context);
      long reference = 0;
      if (step instanceof Request request) {
        long given = request.attributes().referenceId();
        reference = given != 0 ? given : state.takeReferenceId();
      }
      context.referenceId = reference;
      Decision decision = features.dispatch.run(step, context);
      if (decision instanceof Decision.Rejected rejected) {
        // the step changed and delivered nothing: its decision had nothing to do either with
        context.out.add(features.events.error(step, context, rejected.rejection()));
      } else {
        context.referenceId = 0;
        features.queues.distribute(context);
      }
      return new Outcome(reference, context.out, Optional.ofNullable(context.created));
    } finally {
      context.end();
    }
  }

  /**
   * The outcome of a step the service refused before the engine saw it: one EventError to the
   * requester, built as the engine builds its own, dated {@code now}; nothing changes.
   */
  public Outcome refused(Step step, Refusal refusal, Instant now) {
    return features.events.refused(step, refusal, now);
  }

  // ---------------------------------------------------------------- views and snapshots

  /** A read-only copy of what the engine holds now, made from its {@link #snapshot()}. */
  public TenantView view() {
    return Views.view(snapshot());
  }

  /**
   * A deterministic rendering of everything the engine holds (DNs, agents, calls, parties, user
   * data, queues, timers, counters), made from its {@link #snapshot()}: two equal digests mean
   * equal states. Used by tests to show that a rejected request changed nothing (the ReferenceID it
   * took aside) and that a restored engine is the one it was taken from.
   */
  public String stateDigest() {
    return Views.digest(snapshot());
  }

  /**
   * Checks the engine's invariants and returns the violations found: every DN has at most one
   * active leg (dialing or talking, not held); every leg a DN lists is in a call in progress; every
   * call in progress has a party or waits somewhere; queues and calls agree on who waits where;
   * agents and DNs agree on who is logged in where.
   */
  public List<String> invariantViolations() {
    return state.invariantViolations();
  }

  /** Everything the engine holds, as plain data; see {@link EngineSnapshot}. */
  public EngineSnapshot snapshot() {
    return state.snapshot();
  }

  /**
   * An engine that goes on from {@code snapshot}, reading {@code clock} and drawing connection ids
   * from {@code ids} from then on.
   *
   * @throws IllegalArgumentException if the snapshot is not consistent (a party of a DN that is not
   *     in its directory, a leg of a call it does not hold...)
   */
  public static TenantEngine restore(EngineSnapshot snapshot, InstantSource clock, IdSource ids) {
    return restore(snapshot, AgentList.any(), clock, ids);
  }

  /**
   * An engine that goes on from {@code snapshot} with {@code agents} as the tenant's agents: the
   * snapshot holds the state, the agents belong to the tenant's configuration (a journal keeps them
   * with it).
   *
   * @throws IllegalArgumentException if the snapshot is not consistent, or an agent it has logged
   *     in is not in {@code agents}
   */
  public static TenantEngine restore(
      EngineSnapshot snapshot, AgentList agents, InstantSource clock, IdSource ids) {
    TenantEngine engine =
        new TenantEngine(
            new TenantConfig(
                snapshot.tenant(),
                snapshot.directory(),
                snapshot.server(),
                snapshot.userDataLimit(),
                agents),
            clock,
            ids);
    engine.state.restore(snapshot);
    for (String agent : engine.state.agents().keySet()) {
      if (!agents.accepts(agent)) {
        throw new IllegalArgumentException(
            "snapshot: agent " + agent + " is logged in but not in the tenant's agents " + agents);
      }
    }
    return engine;
  }

  /** The number of calls in progress. */
  public int callsInProgress() {
    return state.calls().size();
  }

  /** The number of agents logged in. */
  public int agentsLoggedIn() {
    return state.agents().size();
  }

  /** The number of DNs in the directory. */
  public int directorySize() {
    return state.dns().size();
  }
}
