package io.switchboard.engine;

import static io.switchboard.model.Attribute.ANI;
import static io.switchboard.model.Attribute.AgentID;
import static io.switchboard.model.Attribute.CallID;
import static io.switchboard.model.Attribute.CallThreadID;
import static io.switchboard.model.Attribute.Cause;
import static io.switchboard.model.Attribute.CollectedDigits;
import static io.switchboard.model.Attribute.ConnID;
import static io.switchboard.model.Attribute.CustomerID;
import static io.switchboard.model.Attribute.DNIS;
import static io.switchboard.model.Attribute.ErrorMessage;
import static io.switchboard.model.Attribute.Extensions;
import static io.switchboard.model.Attribute.LastCollectedDigit;
import static io.switchboard.model.Attribute.OtherDN;
import static io.switchboard.model.Attribute.OtherDNRole;
import static io.switchboard.model.Attribute.PreviousConnID;
import static io.switchboard.model.Attribute.Reasons;
import static io.switchboard.model.Attribute.ReferenceID;
import static io.switchboard.model.Attribute.Server;
import static io.switchboard.model.Attribute.ThirdPartyDN;
import static io.switchboard.model.Attribute.ThirdPartyDNRole;
import static io.switchboard.model.Attribute.ThisDN;
import static io.switchboard.model.Attribute.ThisDNRole;
import static io.switchboard.model.Attribute.ThisQueue;
import static io.switchboard.model.Attribute.TreatmentParms;
import static io.switchboard.model.Attribute.UserData;
import static io.switchboard.model.Attribute.time;

import io.switchboard.model.AgentWorkMode;
import io.switchboard.model.Attribute;
import io.switchboard.model.CallState;
import io.switchboard.model.CallType;
import io.switchboard.model.ConnId;
import io.switchboard.model.DNRole;
import io.switchboard.model.DNType;
import io.switchboard.model.Event;
import io.switchboard.model.EventType;
import io.switchboard.model.ForwardMode;
import io.switchboard.model.KVList;
import io.switchboard.model.MonitorNextCallType;
import io.switchboard.model.Timestamp;
import io.switchboard.model.TreatmentType;
import io.switchboard.model.request.*;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

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
 * @see <a href="https://all.docs.genesys.com/VM/Current/VMEventsandModels/BasicCallModels">VM:
 *     Basic call models</a>
 */
public final class TenantEngine {

  /** Treatment types that collect digits, and so report them in EventTreatmentEnd. */
  private static final Set<TreatmentType> DIGIT_TREATMENTS =
      Set.of(
          TreatmentType.CollectDigits,
          TreatmentType.PlayAnnouncementAndDigits,
          TreatmentType.VerifyDigits,
          TreatmentType.TextToSpeechAndDigits);

  /** Treatment types that need an IVR port: a routing point cannot apply them. */
  private static final Set<TreatmentType> IVR_TREATMENTS =
      Set.of(
          TreatmentType.IVR,
          TreatmentType.PlayApplication,
          TreatmentType.RecordUserAnnouncement,
          TreatmentType.DeleteUserAnnouncement);

  private final TenantConfig config;
  private final String tenant;

  /** The agents that may log in; changed at run time by {@link #setAgents} and the like. */
  private AgentList agentList;

  private final InstantSource clock;
  private final IdSource ids;
  private final Map<String, Dn> dns = new LinkedHashMap<>();
  private final Map<String, Agent> agents = new HashMap<>();
  private final Map<Long, Call> calls = new LinkedHashMap<>();
  private final PriorityQueue<Timer> timers =
      new PriorityQueue<>(Comparator.comparing(Timer::due).thenComparingLong(Timer::sequence));
  private long nextCallId = 1;
  private long nextReferenceId = 1;
  private long sequence;
  private final Availability availability = new Availability();

  /** The ACD queues of the directory (a few, among possibly many thousands of DNs). */
  private final Set<Dn> acdQueues = new LinkedHashSet<>();

  /** The calls waiting in ACD queues, oldest first. */
  private final java.util.TreeSet<Call> waitingCalls =
      new java.util.TreeSet<>(
          Comparator.comparingLong((Call c) -> c.waitingSince).thenComparingLong(c -> c.callId));

  // the step being handled
  private Instant now;

  /** The logical time: the step's, or the due time of the timer that is firing. */
  private Instant current;

  private Timestamp stamp;
  private long referenceId;
  private List<Delivery> out;

  /** An action due at an instant; it re-checks that it still applies when it fires. */
  private record Timer(
      Instant due,
      long sequence,
      TimerKind kind,
      long connId,
      String dn,
      String subject,
      int episode) {}

  /** What a timer does when it falls due; every kind re-checks that it still applies. */
  private enum TimerKind {
    /** An agent's after-call work is over: dn = its DN, subject = its id. */
    WRAP_UP,
    /** An ACD call rang too long: dn = the agent's DN, subject = the queue. */
    NO_ANSWER,
    /** A call that found no agent is queued at the queue's overflow queues: subject = queue. */
    OVERFLOW,
    /** No route came in time: subject = the routing point. */
    DEFAULT_ROUTE
  }

  public TenantEngine(TenantConfig config, InstantSource clock, IdSource ids) {
    this.config = config;
    this.tenant = config.tenant();
    this.agentList = config.agents();
    this.clock = clock;
    this.ids = ids;
    for (DirectoryEntry entry : config.directory()) {
      Dn dn = new Dn(entry);
      dns.put(entry.dn(), dn);
      availability.addPort(dn);
      if (dn.type == DNType.ACDQueue) {
        acdQueues.add(dn);
      }
    }
    for (Dn dn : dns.values()) {
      for (String queue : dn.entry.list("overflow")) {
        requireQueueOption(dn, "overflow", queue);
      }
      dn.entry.text("queue").ifPresent(queue -> requireQueueOption(dn, "queue", queue));
    }
  }

  private void requireQueueOption(Dn dn, String option, String queue) {
    Dn target = dns.get(queue);
    if (target == null || target.type != DNType.ACDQueue || target == dn) {
      throw new IllegalArgumentException(
          "DN "
              + dn.number
              + ": option "
              + option
              + " names "
              + queue
              + ", which is not another ACDQueue of tenant "
              + tenant);
    }
  }

  /** The tenant's configuration, with its directory and its agents as they are now. */
  public TenantConfig config() {
    return new TenantConfig(
        tenant,
        dns.values().stream().map(dn -> dn.entry).toList(),
        config.server(),
        config.userDataLimit(),
        agentList);
  }

  /**
   * Adds agent {@code agentId} to the tenant's list of agents; it may log in from the next step on.
   *
   * @throws IllegalArgumentException if the AgentID is not valid, or is listed already
   * @throws IllegalStateException if the tenant accepts any AgentID (it has no list to add to: set
   *     one with {@link #setAgents})
   */
  public void addAgent(String agentId) {
    agentList = agentList.with(agentId, tenant);
  }

  /**
   * Removes agent {@code agentId} from the tenant's list of agents; it cannot log in from then on.
   *
   * @throws IllegalArgumentException if the agent is not listed
   * @throws IllegalStateException if the agent is logged in, or the tenant accepts any AgentID
   */
  public void removeAgent(String agentId) {
    AgentList fewer = agentList.without(agentId, tenant);
    Agent agent = agents.get(agentId);
    if (agent != null) {
      throw new IllegalStateException(
          "agent " + agentId + " is logged in on DN " + agent.dn.number + "; log it out first");
    }
    agentList = fewer;
  }

  /**
   * Replaces the tenant's agents: any AgentID, or a list. Agents logged in stay logged in, so a
   * list must hold every one of them.
   *
   * @throws IllegalStateException naming the agents logged in that {@code list} leaves out
   */
  public void setAgents(AgentList list) {
    List<String> orphans =
        agents.values().stream()
            .filter(a -> !list.accepts(a.id))
            .sorted(Comparator.comparing((Agent a) -> a.id))
            .map(a -> a.id + " (on DN " + a.dn.number + ")")
            .toList();
    if (!orphans.isEmpty()) {
      throw new IllegalStateException(
          (orphans.size() == 1 ? "agent " : "agents ")
              + String.join(", ", orphans)
              + (orphans.size() == 1 ? " is" : " are")
              + " logged in on tenant "
              + tenant
              + " and not in the new list; log "
              + (orphans.size() == 1 ? "it" : "them")
              + " out first, or keep "
              + (orphans.size() == 1 ? "it" : "them")
              + " in the list");
    }
    agentList = list;
  }

  /**
   * Adds {@code entry} to the directory; calls to it are possible from the next step on.
   *
   * @throws IllegalArgumentException if the DN is already in the directory
   */
  public void addDn(DirectoryEntry entry) {
    if (dns.containsKey(entry.dn())) {
      throw new IllegalArgumentException(
          "DN " + entry.dn() + " is already in the directory of tenant " + tenant);
    }
    Dn dn = new Dn(entry);
    dns.put(entry.dn(), dn);
    availability.addPort(dn);
    if (dn.type == DNType.ACDQueue) {
      acdQueues.add(dn);
    }
  }

  /**
   * Removes DN {@code number} from the directory.
   *
   * @throws IllegalArgumentException if there is no such DN
   * @throws IllegalStateException if the DN is in use: an agent is logged in on it or into it, it
   *     is a party of a call in progress, or calls wait on it
   */
  public void removeDn(String number) {
    Dn dn = dns.get(number);
    if (dn == null) {
      throw new IllegalArgumentException(
          "DN " + number + " is not in the directory of tenant " + tenant);
    }
    if (dn.agent != null) {
      throw new IllegalStateException(
          "DN "
              + number
              + " is in use: agent "
              + dn.agent.id
              + " is logged in on it; log it out first");
    }
    if (!dn.parties.isEmpty()) {
      throw new IllegalStateException(
          "DN " + number + " is in use: it is a party of call " + dn.parties.get(0).call.connId);
    }
    if (!dn.waiting.isEmpty()) {
      throw new IllegalStateException(
          "DN " + number + " is in use: " + dn.waiting.size() + " calls wait on it");
    }
    for (Agent agent : agents.values()) {
      if (agent.queues.contains(number)) {
        throw new IllegalStateException(
            "DN "
                + number
                + " is in use: agent "
                + agent.id
                + " is logged in to it; log it out first");
      }
    }
    dns.remove(number);
    availability.removePort(dn);
    acdQueues.remove(dn);
  }

  /** When the next timer falls due; the service runs an {@code Advance} step then. */
  public Optional<Instant> nextTimer() {
    return timers.isEmpty() ? Optional.empty() : Optional.of(timers.peek().due());
  }

  /**
   * Runs {@code step} and returns the events it caused, in delivery order: first those of the
   * timers that fell due, then those of the step.
   *
   * @return the outcome; for a rejected request, the timers' events and one EventError to the
   *     requester, and no change by the request
   */
  public Outcome handle(Step step) {
    now = clock.instant();
    current = now;
    stamp = Timestamp.of(now);
    out = new ArrayList<>();
    referenceId = 0;
    fireDueTimers();
    Optional<ConnId> created = Optional.empty();
    long reference = 0;
    if (step instanceof Request request) {
      long given = request.attributes().referenceId();
      reference = given != 0 ? given : nextReferenceId++;
    }
    referenceId = reference;
    int mark = out.size();
    try {
      created = step instanceof Request request ? request(request) : stimulus((Stimulus) step);
      referenceId = 0;
      distribute();
    } catch (Rejection rejection) {
      out.subList(mark, out.size()).clear();
      referenceId = reference;
      out.add(error(step, rejection));
    }
    Outcome outcome = new Outcome(reference, out, created);
    out = null;
    return outcome;
  }

  private void fireDueTimers() {
    while (!timers.isEmpty() && !timers.peek().due().isAfter(now)) {
      Timer timer = timers.poll();
      current = timer.due();
      stamp = Timestamp.of(current);
      fire(timer);
      distribute();
    }
    current = now;
    stamp = Timestamp.of(now);
  }

  private void schedule(
      Duration delay, TimerKind kind, Call call, String dn, String subject, int episode) {
    timers.add(
        new Timer(
            current.plus(delay),
            sequence++,
            kind,
            call == null ? 0 : call.connId.value(),
            dn,
            subject,
            episode));
  }

  private void fire(Timer timer) {
    Call call = calls.get(timer.connId());
    Dn subject = dns.get(timer.subject());
    switch (timer.kind()) {
      case WRAP_UP -> {
        Dn dn = dns.get(timer.dn());
        Agent agent = dn == null ? null : dn.agent;
        if (agent != null
            && agent.id.equals(timer.subject())
            && agent.state == AgentState.NotReady
            && agent.workMode == AgentWorkMode.AfterCallWork
            && agent.wrapUps == timer.episode()) {
          makeReady(agent, agent.readyMode, RequestAttributes.NONE, Optional.empty());
        }
      }
      case NO_ANSWER -> {
        if (call != null && subject != null) {
          call.party(timer.dn()).ifPresent(p -> noAnswer(p, subject, timer.episode()));
        }
      }
      case OVERFLOW -> {
        if (call != null && subject != null && call.waitingAt.contains(subject.number)) {
          for (String queue : subject.entry.list("overflow")) {
            Dn overflow = dns.get(queue);
            if (overflow != null && overflow.type == DNType.ACDQueue) {
              enqueue(call, overflow);
            }
          }
        }
      }
      case DEFAULT_ROUTE -> {
        if (call != null && subject != null && call.waitingAt.contains(subject.number)) {
          subject.entry.text("defaultDestination").ifPresent(d -> routeTo(call, subject, d));
        }
      }
    }
  }

  // ---------------------------------------------------------------- dispatch

  private Optional<ConnId> request(Request r) {
    if (r instanceof RequestAgentLogin x) {
      agentLogin(x);
    } else if (r instanceof RequestAgentLogout x) {
      agentLogout(x);
    } else if (r instanceof RequestAgentReady x) {
      agentReady(x);
    } else if (r instanceof RequestAgentNotReady x) {
      agentNotReady(x);
    } else if (r instanceof RequestSetDNDOn x) {
      setDnd(x.thisDN(), true, x.attributes());
    } else if (r instanceof RequestSetDNDOff x) {
      setDnd(x.thisDN(), false, x.attributes());
    } else if (r instanceof RequestSetCallForward x) {
      setCallForward(x);
    } else if (r instanceof RequestCancelCallForward x) {
      cancelCallForward(x);
    } else if (r instanceof RequestMakeCall x) {
      return Optional.of(makeCall(x));
    } else if (r instanceof RequestAnswerCall x) {
      answerCall(x);
    } else if (r instanceof RequestReleaseCall x) {
      Call call = call(x.connID());
      release(call, party(call, x.thisDN()), null);
    } else if (r instanceof RequestHoldCall x) {
      holdCall(x.thisDN(), x.connID());
    } else if (r instanceof RequestRetrieveCall x) {
      retrieveCall(x.thisDN(), x.connID());
    } else if (r instanceof RequestAttachUserData x) {
      Call call = call(x.connID());
      changeUserData(x.thisDN(), call, call.userData.merge(x.userData()));
    } else if (r instanceof RequestUpdateUserData x) {
      Call call = call(x.connID());
      changeUserData(x.thisDN(), call, call.userData.merge(x.userData()));
    } else if (r instanceof RequestDeleteUserData x) {
      Call call = call(x.connID());
      changeUserData(x.thisDN(), call, deleteKeys(call, x.keys()));
    } else if (r instanceof RequestDeletePair x) {
      Call call = call(x.connID());
      changeUserData(x.thisDN(), call, deleteKeys(call, List.of(x.key())));
    } else if (r instanceof RequestRouteCall x) {
      routeCall(x);
    } else if (r instanceof RequestApplyTreatment x) {
      applyTreatment(x);
    } else if (r instanceof RequestInitiateTransfer x) {
      return Optional.of(
          initiate(x.thisDN(), x.connID(), x.otherDN(), x.userData(), Call.Purpose.TRANSFER));
    } else if (r instanceof RequestInitiateConference x) {
      return Optional.of(
          initiate(x.thisDN(), x.connID(), x.otherDN(), x.userData(), Call.Purpose.CONFERENCE));
    } else if (r instanceof RequestCompleteTransfer x) {
      completeTransfer(x.thisDN(), x.connID(), x.transferConnID());
    } else if (r instanceof RequestCompleteConference x) {
      completeConference(x.thisDN(), x.connID(), x.conferenceConnID());
    } else if (r instanceof RequestMuteTransfer x) {
      muteTransfer(x);
    } else if (r instanceof RequestSingleStepTransfer x) {
      singleStepTransfer(x);
    } else if (r instanceof RequestSingleStepConference x) {
      singleStepConference(x);
    } else if (r instanceof RequestDeleteFromConference x) {
      deleteFromConference(x);
    } else if (r instanceof RequestRedirectCall x) {
      redirectCall(x);
    } else if (r instanceof RequestAlternateCall x) {
      alternateCall(x);
    } else if (r instanceof RequestReconnectCall x) {
      reconnectCall(x);
    } else if (r instanceof RequestMonitorNextCall x) {
      monitorNextCall(x);
    } else if (r instanceof RequestCancelMonitoring x) {
      cancelMonitoring(x);
    } else if (r instanceof RequestListenDisconnect x) {
      listen(x.thisDN(), x.connID(), x.otherDN(), false);
    } else if (r instanceof RequestListenReconnect x) {
      listen(x.thisDN(), x.connID(), x.otherDN(), true);
    } else if (r instanceof RequestSetMuteOn x) {
      mute(x.thisDN(), x.connID(), true, x.attributes());
    } else if (r instanceof RequestSetMuteOff x) {
      mute(x.thisDN(), x.connID(), false, x.attributes());
    } else {
      throw new Rejection(ErrorCode.NotSupported, r.name() + " is not supported yet");
    }
    return Optional.empty();
  }

  private Optional<ConnId> stimulus(Stimulus s) {
    if (s instanceof InboundCall x) {
      return Optional.of(inboundCall(x));
    } else if (s instanceof RemoteAnswer x) {
      remoteAnswer(x);
    } else if (s instanceof RemoteBusy x) {
      remoteBusy(x);
    } else if (s instanceof RemoteRelease x) {
      Call call = call(x.connID());
      release(call, externalParty(call, x.dn()), null);
    } else if (s instanceof DeviceOffHook x) {
      Dn dn = internal(x.dn());
      dn.offHook = true;
      deliver(dn.number, agentEvent(EventType.EventOffHook, dn, RequestAttributes.NONE).build());
    } else if (s instanceof DeviceOnHook x) {
      onHook(x);
    } else if (s instanceof DeviceOutOfService x) {
      Dn dn = internal(x.dn());
      dn.outOfService = true;
      availability.touch(dn);
      deliver(
          dn.number, agentEvent(EventType.EventDNOutOfService, dn, RequestAttributes.NONE).build());
    } else if (s instanceof DeviceBackInService x) {
      Dn dn = internal(x.dn());
      dn.outOfService = false;
      availability.touch(dn);
      deliver(
          dn.number,
          agentEvent(EventType.EventDNBackInService, dn, RequestAttributes.NONE).build());
    } else if (s instanceof MessageWaitingOn x) {
      Dn dn = internal(x.dn());
      dn.messageWaiting = true;
      deliver(
          dn.number,
          agentEvent(EventType.EventMessageWaitingOn, dn, RequestAttributes.NONE).build());
    } else if (s instanceof MessageWaitingOff x) {
      Dn dn = internal(x.dn());
      dn.messageWaiting = false;
      deliver(
          dn.number,
          agentEvent(EventType.EventMessageWaitingOff, dn, RequestAttributes.NONE).build());
    } else if (s instanceof TreatmentEnd x) {
      treatmentEnd(x);
    } else if (!(s instanceof Advance)) {
      throw new Rejection(ErrorCode.NotSupported, s.name() + " is not supported yet");
    }
    return Optional.empty();
  }

  // ---------------------------------------------------------------- agents

  private void agentLogin(RequestAgentLogin r) {
    Dn dn = extension(r.thisDN(), "log an agent in");
    if (r.agentID().isBlank()) {
      throw new Rejection(ErrorCode.AgentLoginConflict, "AgentID must not be blank");
    }
    if (!agentList.accepts(r.agentID())) {
      throw new Rejection(
          ErrorCode.UnknownAgent,
          "agent "
              + r.agentID()
              + " is not configured for tenant "
              + tenant
              + "; add it to the tenant's agents");
    }
    Optional<String> queue = r.thisQueue().map(this::acdQueue);
    if (dn.agent != null && !dn.agent.id.equals(r.agentID())) {
      throw new Rejection(
          ErrorCode.AgentLoginConflict,
          "agent " + dn.agent.id + " is logged in on DN " + dn.number + "; log it out first");
    }
    Agent elsewhere = agents.get(r.agentID());
    if (elsewhere != null && elsewhere.dn != dn) {
      throw new Rejection(
          ErrorCode.AgentLoginConflict,
          "agent " + r.agentID() + " is already logged in on DN " + elsewhere.dn.number);
    }
    Agent agent = dn.agent;
    boolean first = agent == null;
    if (first) {
      agent = new Agent(r.agentID(), dn);
      dn.agent = agent;
      agents.put(agent.id, agent);
    }
    queue.ifPresent(agent.queues::add);
    availability.touch(dn);
    deliver(
        dn.number,
        agentEvent(EventType.EventAgentLogin, dn, r.attributes())
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
        agent.readyMode = r.agentWorkMode();
      }
      changeAgentState(agent, ready ? AgentState.Ready : AgentState.NotReady, mode);
      deliver(
          dn.number,
          agentEvent(
                  ready ? EventType.EventAgentReady : EventType.EventAgentNotReady,
                  dn,
                  r.attributes())
              .with(Attribute.AgentWorkMode, mode)
              .withOptional(ThisQueue, queue)
              .build());
    } else if (agent.state == AgentState.Ready) {
    }
  }

  private void agentLogout(RequestAgentLogout r) {
    Dn dn = extension(r.thisDN(), "log an agent out");
    Agent agent = loggedIn(dn);
    if (r.thisQueue().isPresent() && !agent.queues.contains(r.thisQueue().get())) {
      throw new Rejection(
          ErrorCode.InvalidQueue,
          "agent "
              + agent.id
              + " is not logged in to queue "
              + r.thisQueue().get()
              + "; its queues: "
              + agent.queues);
    }
    if (r.thisQueue().isPresent() && agent.queues.size() > 1) {
      agent.queues.remove(r.thisQueue().get());
      availability.touch(dn);
      deliver(
          dn.number,
          agentEvent(EventType.EventQueueLogout, dn, r.attributes())
              .with(ThisQueue, r.thisQueue().get())
              .build());
      return;
    }
    Optional<String> queue =
        r.thisQueue()
            .or(
                () ->
                    agent.queues.size() == 1
                        ? agent.queues.stream().findFirst()
                        : Optional.empty());
    Event event =
        agentEvent(EventType.EventAgentLogout, dn, r.attributes())
            .withOptional(ThisQueue, queue)
            .build();
    changeAgentState(agent, AgentState.LoggedOut, AgentWorkMode.Unknown);
    availability.forget(agent);
    agent.queues.clear();
    dn.agent = null;
    agents.remove(agent.id);
    deliver(dn.number, event);
  }

  private void agentReady(RequestAgentReady r) {
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
    agent.readyMode = mode == AgentWorkMode.ReturnBack ? agent.readyMode : mode;
    makeReady(agent, mode, r.attributes(), queue);
  }

  private void makeReady(
      Agent agent, AgentWorkMode mode, RequestAttributes attributes, Optional<String> queue) {
    changeAgentState(agent, AgentState.Ready, mode);
    agent.availableSince = sequence++;
    deliver(
        agent.dn.number,
        agentEvent(EventType.EventAgentReady, agent.dn, attributes)
            .with(Attribute.AgentWorkMode, mode)
            .withOptional(ThisQueue, queue)
            .build());
  }

  private void agentNotReady(RequestAgentNotReady r) {
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
    makeNotReady(agent, mode, r.attributes(), queue);
  }

  private void makeNotReady(
      Agent agent, AgentWorkMode mode, RequestAttributes attributes, Optional<String> queue) {
    changeAgentState(agent, AgentState.NotReady, mode);
    agent.wrapUps++;
    deliver(
        agent.dn.number,
        agentEvent(EventType.EventAgentNotReady, agent.dn, attributes)
            .with(Attribute.AgentWorkMode, mode)
            .withOptional(ThisQueue, queue)
            .build());
  }

  private Optional<String> agentQueue(Agent agent, Optional<String> queue) {
    if (queue.isPresent() && !agent.queues.contains(queue.get())) {
      throw new Rejection(
          ErrorCode.InvalidQueue,
          "agent "
              + agent.id
              + " is not logged in to queue "
              + queue.get()
              + "; its queues: "
              + agent.queues);
    }
    return queue;
  }

  private void changeAgentState(Agent agent, AgentState to, AgentWorkMode mode) {
    agent.state.checkTransition(to, tenant, agent.id);
    agent.state = to;
    agent.workMode = mode;
    availability.touch(agent.dn);
  }

  private Agent loggedIn(Dn dn) {
    if (dn.agent == null) {
      throw new Rejection(ErrorCode.AgentNotLoggedIn, "no agent is logged in on DN " + dn.number);
    }
    return dn.agent;
  }

  /**
   * After-call work: an agent that took a call from a queue in ManualIn goes NotReady
   * (AfterCallWork), back to Ready when its wrap-up time is over; in AutoIn it stays Ready.
   */
  private void afterAcdCall(Agent agent, String queue) {
    if (agent.state != AgentState.Ready || agent.dn.agent != agent) {
      return;
    }
    if (agent.readyMode == AgentWorkMode.AutoIn) {
      agent.availableSince = sequence++;
      availability.touch(agent.dn);
      return;
    }
    makeNotReady(agent, AgentWorkMode.AfterCallWork, RequestAttributes.NONE, Optional.empty());
    Optional<Duration> wrapUp =
        agent
            .dn
            .entry
            .duration("wrapUpTime")
            .or(
                () ->
                    dns.get(queue) == null
                        ? Optional.empty()
                        : dns.get(queue).entry.duration("wrapUpTime"));
    wrapUp.ifPresent(
        delay ->
            schedule(delay, TimerKind.WRAP_UP, null, agent.dn.number, agent.id, agent.wrapUps));
  }

  // ---------------------------------------------------------------- DN features

  private void setDnd(String thisDN, boolean on, RequestAttributes attributes) {
    Dn dn = extension(thisDN, on ? "turn do-not-disturb on" : "turn do-not-disturb off");
    dn.dnd = on;
    availability.touch(dn);
    deliver(
        dn.number,
        agentEvent(on ? EventType.EventDNDOn : EventType.EventDNDOff, dn, attributes).build());
  }

  private void setCallForward(RequestSetCallForward r) {
    Dn dn = extension(r.thisDN(), "set call forwarding");
    if (r.otherDN().isBlank() || r.otherDN().equals(dn.number)) {
      throw new Rejection(
          ErrorCode.InvalidDestination,
          "OtherDN must be another DN or an external number to forward to");
    }
    if (r.forwardMode() == ForwardMode.None) {
      throw new Rejection(
          ErrorCode.InvalidDestination,
          "ForwardMode None sets nothing; use RequestCancelCallForward");
    }
    dn.forwardMode = r.forwardMode();
    dn.forwardTo = r.otherDN();
    deliver(
        dn.number,
        agentEvent(EventType.EventForwardSet, dn, r.attributes())
            .with(OtherDN, r.otherDN())
            .build());
  }

  private void cancelCallForward(RequestCancelCallForward r) {
    Dn dn = extension(r.thisDN(), "cancel call forwarding");
    if (dn.forwardMode == ForwardMode.None) {
      throw new Rejection(
          ErrorCode.InvalidPartyState, "no call forwarding is set on DN " + dn.number);
    }
    dn.forwardMode = ForwardMode.None;
    dn.forwardTo = null;
    deliver(dn.number, agentEvent(EventType.EventForwardCancel, dn, r.attributes()).build());
  }

  private void onHook(DeviceOnHook s) {
    Dn dn = internal(s.dn());
    Optional<Party> active = dn.activeParty();
    dn.offHook = false;
    active.ifPresent(p -> release(p.call, p, null));
    deliver(dn.number, agentEvent(EventType.EventOnHook, dn, RequestAttributes.NONE).build());
  }

  private void mute(String thisDN, ConnId connId, boolean on, RequestAttributes attributes) {
    Dn dn = internal(thisDN);
    Call call = call(connId);
    Party party = party(call, dn.number);
    if (party.state != PartyState.Connected) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "DN "
              + dn.number
              + " is "
              + party.state
              + " in call "
              + call.connId
              + "; only a talking party can be muted or unmuted");
    }
    party.muted = on;
    deliver(
        dn.number,
        agentEvent(on ? EventType.EventMuteOn : EventType.EventMuteOff, dn, attributes)
            .with(ConnID, call.connId)
            .with(CallID, call.callId)
            .build());
  }

  // ---------------------------------------------------------------- making and offering calls

  /** How a call is offered to its destination. */
  private record Offer(
      String thisQueue, CallState ringState, DNRole role, String thirdParty, String cause) {
    static Offer plain() {
      return new Offer(null, CallState.Ok, DNRole.Destination, null, null);
    }

    static Offer from(String thisQueue) {
      return new Offer(thisQueue, CallState.Ok, DNRole.Destination, null, null);
    }
  }

  private ConnId makeCall(RequestMakeCall r) {
    Dn dn = extension(r.thisDN(), "make a call");
    requireFreeLine(dn);
    String dialed = dialable(r.otherDN(), dn.number);
    Dn target = dns.get(dialed);
    checkCallable(target);
    checkUserDataSize(r.userData());
    Call call =
        newCall(
            target == null ? CallType.Outbound : CallType.Internal,
            dn.number,
            dialed,
            r.userData(),
            null);
    Party caller = join(call, dn.number, dn, DNRole.Origination, PartyState.Dialing);
    deliver(
        caller,
        callEvent(EventType.EventDialing, caller)
            .with(OtherDN, dialed)
            .with(OtherDNRole, DNRole.Destination)
            .build());
    offer(call, dialed, target, Offer.plain());
    return call.connId;
  }

  private ConnId inboundCall(InboundCall s) {
    if (dns.containsKey(s.from())) {
      throw new Rejection(
          ErrorCode.InvalidParty,
          "From "
              + s.from()
              + " is a DN of the directory; an inbound call comes from an external number");
    }
    Dn target = dns.get(s.to());
    if (target == null) {
      throw new Rejection(ErrorCode.UnknownDN, "To " + s.to() + " is not a DN of tenant " + tenant);
    }
    checkCallable(target);
    checkUserDataSize(s.userData());
    Call call = newCall(CallType.Inbound, s.from(), s.to(), s.userData(), null);
    join(call, s.from(), null, DNRole.Origination, PartyState.Dialing);
    offer(call, s.to(), target, Offer.plain());
    return call.connId;
  }

  private String dialable(String dialed, String self) {
    if (dialed.isBlank() || dialed.equals(self)) {
      throw new Rejection(
          ErrorCode.InvalidDestination, "OtherDN must be another DN or an external number");
    }
    return dialed;
  }

  private void checkCallable(Dn target) {
    if (target != null && target.type == DNType.Trunk) {
      throw new Rejection(
          ErrorCode.InvalidDestination, "DN " + target.number + " is a Trunk and cannot be called");
    }
  }

  /** Rejects a destination that cannot take a call now, for requests that move an existing call. */
  private void checkAvailable(Dn target) {
    if (target != null
        && (target.type == DNType.Extension || target.type == DNType.VoiceTreatmentPort)
        && !forwards(target)
        && isBusy(target)) {
      throw new Rejection(
          ErrorCode.DNBusy, "the destination " + target.number + " is busy; choose another");
    }
  }

  /**
   * Offers the call to {@code dialed}: rings an Extension or IVR port (after forwarding), queues it
   * at an ACD queue, waits for a route at a routing point, reaches the network for an external
   * number, or reports the destination busy.
   */
  private void offer(Call call, String dialed, Dn target, Offer how) {
    if (target != null && target.type == DNType.Extension && forwards(target)) {
      String forwardedFrom = target.number;
      dialed = target.forwardTo;
      target = dns.get(dialed);
      how = new Offer(how.thisQueue(), CallState.Forwarded, how.role(), forwardedFrom, how.cause());
      if (target != null && target.type == DNType.Trunk) {
        busy(call, forwardedFrom);
        return;
      }
    }
    if (target == null) {
      join(call, dialed, null, how.role(), PartyState.Alerting);
      Party origin = call.origin();
      if (origin.isInternal() && origin.state == PartyState.Dialing) {
        deliver(
            origin,
            callEvent(EventType.EventNetworkReached, origin)
                .with(Attribute.CallState, CallState.Ok)
                .build());
      }
      dropIfNoInternalParty(call);
      return;
    }
    switch (target.type) {
      case ACDQueue -> enqueue(call, target);
      case RoutingPoint -> arriveAtRoutingPoint(call, target);
      default -> {
        if (isBusy(target)) {
          busy(call, dialed);
        } else {
          ring(call, target, how);
        }
      }
    }
  }

  private void ring(Call call, Dn target, Offer how) {
    Party called = join(call, target.number, target, how.role(), PartyState.Alerting);
    called.thisQueue = how.thisQueue();
    called.ringing++;
    Event.Builder ringing =
        callEvent(EventType.EventRinging, called).with(Attribute.CallState, how.ringState());
    if (how.thirdParty() != null) {
      ringing.with(ThirdPartyDN, how.thirdParty());
    }
    if (how.cause() != null) {
      ringing.with(Cause, how.cause());
    }
    deliver(called, ringing.build());
    Dn queue = how.thisQueue() == null ? null : dns.get(how.thisQueue());
    if (queue != null && queue.type == DNType.ACDQueue && target.agent != null) {
      Optional<Duration> noAnswer =
          target
              .entry
              .duration("noAnswerTimeout")
              .or(() -> queue.entry.duration("noAnswerTimeout"));
      noAnswer.ifPresent(
          delay ->
              schedule(
                  delay, TimerKind.NO_ANSWER, call, target.number, queue.number, called.ringing));
    }
  }

  private boolean forwards(Dn target) {
    return target.forwardMode == ForwardMode.Unconditional
        || target.forwardMode == ForwardMode.SendAllCalls
        || ((target.forwardMode == ForwardMode.OnBusy
                || target.forwardMode == ForwardMode.OnBusyAndNoAnswer)
            && isBusy(target));
  }

  private static boolean isBusy(Dn dn) {
    if (dn.dnd || dn.outOfService) {
      return true;
    }
    return dn.type == DNType.VoiceTreatmentPort ? !dn.idle() : dn.activeParty().isPresent();
  }

  private void busy(Call call, String dialed) {
    Party origin = call.origin();
    if (!origin.isInternal() || origin.state != PartyState.Dialing) {
      // the network hears the busy tone; no internal party is left to tell
      if (call.members().stream().noneMatch(Party::isInternal)) {
        endCall(call);
      }
      return;
    }
    changeState(origin, PartyState.Failed);
    deliver(
        origin,
        callEvent(EventType.EventDestinationBusy, origin)
            .with(OtherDN, dialed)
            .with(OtherDNRole, DNRole.Destination)
            .with(Attribute.CallState, CallState.Busy)
            .build());
  }

  /** A call with no internal party and waiting nowhere has left this switch. */
  private void dropIfNoInternalParty(Call call) {
    if (call.waitingAt.isEmpty() && call.present().stream().noneMatch(Party::isInternal)) {
      endCall(call);
    }
  }

  private void answerCall(RequestAnswerCall r) {
    Dn dn = internal(r.thisDN());
    Call call = call(r.connID());
    Party called = party(call, dn.number);
    if (called.state != PartyState.Alerting) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "call "
              + call.connId
              + " is not ringing at DN "
              + dn.number
              + " (its state there is "
              + called.state
              + ")");
    }
    requireFreeLine(dn);
    connect(call, called);
  }

  private void remoteAnswer(RemoteAnswer s) {
    Call call = call(s.connID());
    Party remote = externalParty(call, s.dn());
    if (remote.state != PartyState.Alerting) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          s.dn() + " is not being called on " + call.connId + " (" + remote.state + ")");
    }
    connect(call, remote);
  }

  /**
   * The called party answers: the party that dialed it is told first, then the called party, then a
   * party that waited for it after a transfer completed while it rang; all with CallState Ok, as
   * the VM queue and monitoring models show.
   */
  private void connect(Call call, Party called) {
    changeState(called, PartyState.Connected);
    boolean converseOn =
        called.internal != null
            && called.internal.type == DNType.VoiceTreatmentPort
            && !call.waitingAt.isEmpty();
    List<Party> waitedForAnswer = new ArrayList<>();
    if (!converseOn) {
      for (Party p : call.members()) {
        if (p != called && p.state == PartyState.Dialing) {
          changeState(p, PartyState.Connected);
          deliver(p, established(p));
        } else if (p != called && p.answerAwaited) {
          p.answerAwaited = false;
          waitedForAnswer.add(p);
        }
      }
    }
    deliver(called, established(called));
    waitedForAnswer.forEach(p -> deliver(p, established(p)));
    for (Party p : call.members()) {
      if (p.isInternal() && p.internal.monitor != null && p.state == PartyState.Connected) {
        bridgeObserver(call, p, p.internal.monitor);
      }
    }
  }

  private Event established(Party party) {
    return callEvent(EventType.EventEstablished, party)
        .with(Attribute.CallState, CallState.Ok)
        .build();
  }

  private void remoteBusy(RemoteBusy s) {
    Call call = call(s.connID());
    Party remote = externalParty(call, s.dn());
    if (remote.state != PartyState.Alerting) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          s.dn() + " is not being called on " + call.connId + " (" + remote.state + ")");
    }
    changeState(remote, PartyState.Released);
    busy(call, remote.dn);
  }

  private void holdCall(String thisDN, ConnId connId) {
    Dn dn = internal(thisDN);
    Call call = call(connId);
    Party party = party(call, dn.number);
    if (party.state != PartyState.Connected) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "call "
              + call.connId
              + " is "
              + party.state
              + " at DN "
              + dn.number
              + "; only an established call can be held");
    }
    changeState(party, PartyState.Held);
    deliver(party, callEvent(EventType.EventHeld, party).build());
  }

  private void retrieveCall(String thisDN, ConnId connId) {
    Dn dn = internal(thisDN);
    Call call = call(connId);
    Party party = party(call, dn.number);
    if (party.state != PartyState.Held) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "call "
              + call.connId
              + " is not held at DN "
              + dn.number
              + " (its state there is "
              + party.state
              + ")");
    }
    requireFreeLine(dn);
    retrieve(party, CallState.Ok);
  }

  private void retrieve(Party party, CallState state) {
    changeState(party, PartyState.Connected);
    deliver(
        party, callEvent(EventType.EventRetrieved, party).with(Attribute.CallState, state).build());
  }

  private void alternateCall(RequestAlternateCall r) {
    Dn dn = internal(r.thisDN());
    Call heldCall = call(r.connID());
    Call activeCall = call(r.currentConnID());
    Party held = party(heldCall, dn.number);
    Party active = party(activeCall, dn.number);
    if (held.state != PartyState.Held || active.state != PartyState.Connected) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "RequestAlternateCall needs ConnID held ("
              + heldCall.connId
              + " is "
              + held.state
              + ") and CurrentConnID established ("
              + activeCall.connId
              + " is "
              + active.state
              + ") at DN "
              + dn.number);
    }
    changeState(active, PartyState.Held);
    deliver(active, callEvent(EventType.EventHeld, active).build());
    retrieve(held, CallState.Ok);
  }

  private void reconnectCall(RequestReconnectCall r) {
    Dn dn = internal(r.thisDN());
    Call heldCall = call(r.connID());
    Call consult = call(r.transferConnID());
    Party held = party(heldCall, dn.number);
    Party consulting = party(consult, dn.number);
    if (held.state != PartyState.Held || consulting.state == PartyState.Held) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "RequestReconnectCall needs ConnID held ("
              + heldCall.connId
              + " is "
              + held.state
              + ") and TransferConnID not held ("
              + consult.connId
              + " is "
              + consulting.state
              + ") at DN "
              + dn.number);
    }
    release(consult, consulting, null);
    retrieve(held, CallState.Ok);
  }

  /**
   * {@code leaving} hangs up or is removed ({@code deletedBy} names who removed it from a
   * conference). In a conference the others are told it left; in a two-party call the call is then
   * over for everyone, and every queue or routing point where it waited gets EventAbandoned.
   */
  private void release(Call call, Party leaving, String deletedBy) {
    if (leaving.isObserver()) {
      releaseObserver(call, leaving, null);
      return;
    }
    PartyState from = leaving.state;
    List<Party> members = call.members();
    if (members.size() > 2) {
      int remaining = members.size() - 1;
      CallState state = remaining > 2 ? CallState.Conferenced : CallState.Ok;
      List<Party> present = call.present();
      changeState(leaving, PartyState.Released);
      for (Party p : present) {
        if (p == leaving) {
          deliver(
              p,
              callEvent(EventType.EventReleased, p)
                  .with(Attribute.CallState, CallState.Ok)
                  .build());
        } else if (!p.isObserver()) {
          deliver(
              p,
              callEvent(EventType.EventPartyDeleted, p)
                  .with(OtherDN, leaving.dn)
                  .with(OtherDNRole, DNRole.DeletedParty)
                  .with(ThirdPartyDN, deletedBy == null ? leaving.dn : deletedBy)
                  .with(ThirdPartyDNRole, DNRole.DeletedBy)
                  .with(Attribute.CallState, state)
                  .build());
        }
      }
      afterLeaving(leaving, from);
      return;
    }
    List<Party> others = call.present().stream().filter(p -> p != leaving).toList();
    if (from == PartyState.Connected || from == PartyState.Held) {
      for (Party o : others) {
        Optional<Party> observed = o.isObserver() ? observedMember(call, o) : Optional.empty();
        if (observed.isPresent() && observed.get() != leaving) {
          customerLeavesObservedCall(call, leaving, observed.get(), o);
          return;
        }
      }
    }
    // an IVR port that holds a queued call converse-on is not the caller's other party: the queue
    // is
    Optional<Party> other =
        others.stream()
            .filter(p -> !p.isObserver())
            .filter(p -> call.waitingAt.isEmpty() || !isIvrPort(p))
            .findFirst();
    changeState(leaving, PartyState.Released);
    if (leaving.isInternal()) {
      Event.Builder released =
          callEvent(EventType.EventReleased, leaving).with(Attribute.CallState, CallState.Ok);
      other.ifPresentOrElse(
          o -> released.with(OtherDN, o.dn).with(OtherDNRole, o.role),
          () ->
              waitingDn(call)
                  .ifPresent(q -> released.with(OtherDN, q).with(OtherDNRole, DNRole.Destination)));
      deliver(leaving, released.build());
    }
    for (String waiting : List.copyOf(call.waitingAt)) {
      deliver(
          waiting,
          queueEvent(EventType.EventAbandoned, call, waiting)
              .with(Attribute.CallState, CallState.Ok)
              .build());
      leaveWaiting(call, waiting);
    }
    for (String ivrQueue : ivrQueuesHolding(others)) {
      deliver(
          ivrQueue,
          queueEvent(EventType.EventAbandoned, call, ivrQueue)
              .with(Attribute.CallState, CallState.Ok)
              .build());
    }
    List<PartyState> before = others.stream().map(p -> p.state).toList();
    for (int i = 0; i < others.size(); i++) {
      Party o = others.get(i);
      if (o.isObserver()) {
        releaseObserver(call, o, leaving);
        continue;
      }
      boolean abandoned = from == PartyState.Dialing && o.state == PartyState.Alerting;
      changeState(o, PartyState.Released);
      if (o.isInternal()) {
        EventType type = abandoned ? EventType.EventAbandoned : EventType.EventReleased;
        deliver(
            o,
            callEvent(type, o)
                .with(OtherDN, leaving.dn)
                .with(OtherDNRole, leaving.role)
                .with(Attribute.CallState, CallState.Ok)
                .build());
      }
    }
    endCall(call);
    afterLeaving(leaving, from);
    for (int i = 0; i < others.size(); i++) {
      afterLeaving(others.get(i), before.get(i));
    }
  }

  /**
   * The ACD queues whose IVR ports hold the call for treatment (diverted ConverseOn): the call is
   * still theirs, so a caller that hangs up abandons it there too, as the VM table of a
   * multiple-queue call treated at an IVR queue shows.
   */
  private List<String> ivrQueuesHolding(List<Party> parties) {
    List<String> queues = new ArrayList<>();
    for (Party p : parties) {
      if (isIvrPort(p)
          && p.thisQueue != null
          && dns.containsKey(p.thisQueue)
          && dns.get(p.thisQueue).type == DNType.ACDQueue
          && !queues.contains(p.thisQueue)) {
        queues.add(p.thisQueue);
      }
    }
    return queues;
  }

  private static boolean isIvrPort(Party party) {
    return party.internal != null && party.internal.type == DNType.VoiceTreatmentPort;
  }

  private Optional<String> waitingDn(Call call) {
    return call.waitingAt.stream().findFirst();
  }

  /** What follows when a party has left: after-call work, the end of a one-call supervision. */
  private void afterLeaving(Party party, PartyState was) {
    if (!party.isInternal()) {
      return;
    }
    Agent agent = party.internal.agent;
    boolean talked = was == PartyState.Connected || was == PartyState.Held;
    if (agent != null && talked && party.call.acdQueue != null && party.thisQueue != null) {
      afterAcdCall(agent, party.call.acdQueue);
    } else if (agent != null && agent.state == AgentState.Ready) {
    }
  }

  /** Removes a call that is over from every table. */
  private void endCall(Call call) {
    for (Party p : call.present()) {
      changeState(p, PartyState.Released);
    }
    for (String waiting : List.copyOf(call.waitingAt)) {
      leaveWaiting(call, waiting);
    }
    if (call.consultOf != null && call.consultOf.consult == call) {
      call.consultOf.consult = null;
    }
    if (call.consult != null && call.consult.consultOf == call) {
      call.consult.purpose = null;
    }
    call.treatment = null;
    calls.remove(call.connId.value());
    for (Party p : call.parties) {
      if (p.isInternal() && p.isObserver()) {
        Dn observed = observedBy(call, p.dn);
        if (observed != null
            && observed.monitor != null
            && observed.monitor.type() == MonitorNextCallType.MonitorOneCall) {
          Monitor monitor = observed.monitor;
          observed.monitor = null;
          monitoringCancelled(monitor, RequestAttributes.NONE);
        }
      }
    }
  }

  private Dn observedBy(Call call, String supervisor) {
    for (Party p : call.parties) {
      if (p.isInternal()
          && p.internal.monitor != null
          && p.internal.monitor.supervisor().equals(supervisor)) {
        return p.internal;
      }
    }
    return null;
  }

  /** Clears a call at once: every internal party is released, no queue hears of it. */
  private void clearCall(Call call) {
    for (Party p : call.present()) {
      if (p.isInternal()) {
        deliver(
            p,
            callEvent(EventType.EventReleased, p).with(Attribute.CallState, CallState.Ok).build());
      }
    }
    List<Party> present = call.present();
    List<PartyState> before = present.stream().map(p -> p.state).toList();
    endCall(call);
    for (int i = 0; i < present.size(); i++) {
      afterLeaving(present.get(i), before.get(i));
    }
  }

  // ---------------------------------------------------------------- transfers and conferences

  /** Holds {@code connId} at {@code thisDN} and makes the consultation call; returns its ConnID. */
  private ConnId initiate(
      String thisDN, ConnId connId, String otherDN, KVList userData, Call.Purpose purpose) {
    Dn dn = extension(thisDN, "make a consultation call");
    Call original = call(connId);
    Party holder = party(original, dn.number);
    if (holder.isObserver()) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "DN " + dn.number + " observes call " + original.connId + "; an observer cannot consult");
    }
    if (holder.state != PartyState.Connected) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "call "
              + original.connId
              + " is "
              + holder.state
              + " at DN "
              + dn.number
              + "; a consultation starts from an established call");
    }
    if (original.consult != null) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "call "
              + original.connId
              + " already has the consultation call "
              + original.consult.connId);
    }
    String dialed = dialable(otherDN, dn.number);
    Dn target = dns.get(dialed);
    checkCallable(target);
    KVList data = original.userData.merge(userData);
    checkUserDataSize(data);
    changeState(holder, PartyState.Held);
    deliver(holder, callEvent(EventType.EventHeld, holder).build());
    Call consult = newCall(CallType.Consult, dn.number, dialed, data, original);
    consult.purpose = purpose;
    original.consult = consult;
    Party caller = join(consult, dn.number, dn, DNRole.Origination, PartyState.Dialing);
    deliver(
        caller,
        callEvent(EventType.EventDialing, caller)
            .with(OtherDN, dialed)
            .with(OtherDNRole, DNRole.Destination)
            .build());
    offer(consult, dialed, target, Offer.plain());
    return consult.connId;
  }

  /** The parties of a two-step operation, checked before anything changes. */
  private record TwoStep(
      Call original, Call consult, Party heldParty, Party consulting, Party other, Party target) {}

  private TwoStep twoStep(
      String thisDN, ConnId connId, ConnId consultId, String attribute, boolean answered) {
    Dn dn = internal(thisDN);
    Call original = call(connId);
    Call consult = call(consultId);
    Party heldParty = party(original, dn.number);
    Party consulting = party(consult, dn.number);
    if (consult.consultOf != original) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          attribute + " " + consult.connId + " is not a consultation call of " + original.connId);
    }
    if (heldParty.state != PartyState.Held) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "call "
              + original.connId
              + " is "
              + heldParty.state
              + " at DN "
              + dn.number
              + "; it must be held");
    }
    List<Party> others = original.members().stream().filter(p -> p != heldParty).toList();
    if (others.isEmpty()) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "call "
              + original.connId
              + " has no other party left; release the consultation call or retrieve the call");
    }
    Optional<Party> target =
        consult.members().stream()
            .filter(p -> p != consulting)
            .filter(
                p ->
                    p.state == PartyState.Connected
                        || (!answered && p.state == PartyState.Alerting))
            .findFirst();
    if (target.isEmpty() || consulting.state == PartyState.Failed) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "the consultation call "
              + consult.connId
              + " has no "
              + (answered ? "answered" : "ringing or answered")
              + " destination to complete with");
    }
    // what was attached during the consultation follows the call that survives
    checkUserDataSize(original.userData.merge(consult.userData));
    return new TwoStep(
        original,
        consult,
        heldParty,
        consulting,
        others.size() == 1 ? others.get(0) : null,
        target.get());
  }

  private void completeTransfer(String thisDN, ConnId connId, ConnId transferConnId) {
    TwoStep t = twoStep(thisDN, connId, transferConnId, "TransferConnID", false);
    if (t.other() == null) {
      transferFromConference(t);
      return;
    }
    t.original().userData = t.original().userData.merge(t.consult().userData);
    PartyState heldWas = t.heldParty().state;
    Party transferrer = t.consulting();
    changeState(transferrer, PartyState.Released);
    deliver(
        transferrer,
        callEvent(EventType.EventReleased, transferrer)
            .with(OtherDN, t.target().dn)
            .with(OtherDNRole, t.target().role)
            .with(Attribute.CallState, CallState.Transferred)
            .build());
    changeState(t.heldParty(), PartyState.Released);
    deliver(
        t.heldParty(),
        callEvent(EventType.EventReleased, t.heldParty())
            .with(OtherDN, t.other().dn)
            .with(OtherDNRole, t.other().role)
            .with(Attribute.CallState, CallState.Transferred)
            .build());
    Party moved = move(t.target(), t.original());
    if (moved.state == PartyState.Alerting) {
      t.other().answerAwaited = true;
    }
    deliver(
        t.other(),
        callEvent(EventType.EventPartyChanged, t.other())
            .with(PreviousConnID, t.original().connId)
            .with(OtherDN, moved.dn)
            .with(OtherDNRole, moved.role)
            .with(ThirdPartyDN, thisDN)
            .with(ThirdPartyDNRole, DNRole.TransferredBy)
            .with(Attribute.CallState, CallState.Transferred)
            .build());
    deliver(
        moved,
        callEvent(EventType.EventPartyChanged, moved)
            .with(PreviousConnID, t.consult().connId)
            .with(OtherDN, t.other().dn)
            .with(OtherDNRole, t.other().role)
            .with(ThirdPartyDN, thisDN)
            .with(ThirdPartyDNRole, DNRole.TransferredBy)
            .with(Attribute.CallState, CallState.Transferred)
            .build());
    endCall(t.consult());
    afterLeaving(t.heldParty(), heldWas);
    dropIfNoInternalParty(t.original());
  }

  private void completeConference(String thisDN, ConnId connId, ConnId conferenceConnId) {
    TwoStep t = twoStep(thisDN, connId, conferenceConnId, "ConferenceConnID", true);
    t.original().userData = t.original().userData.merge(t.consult().userData);
    Party conferencer = t.heldParty();
    for (Party p : t.original().members()) {
      p.role = DNRole.ConferenceMember;
    }
    t.target().role = DNRole.ConferenceMember;
    changeState(t.consulting(), PartyState.Released);
    changeState(conferencer, PartyState.Connected);
    deliver(
        conferencer,
        callEvent(EventType.EventRetrieved, conferencer)
            .with(Attribute.CallState, CallState.Conferenced)
            .build());
    deliver(
        t.consulting(),
        callEvent(EventType.EventReleased, t.consulting())
            .with(OtherDN, t.target().dn)
            .with(OtherDNRole, t.target().role)
            .with(Attribute.CallState, CallState.Conferenced)
            .build());
    Party added = move(t.target(), t.original());
    for (Party p : t.original().members()) {
      p.role = DNRole.ConferenceMember;
    }
    for (Party p : t.original().members()) {
      if (p != added) {
        deliver(p, partyAdded(p, added, thisDN, CallState.Conferenced).build());
      }
    }
    deliver(
        added,
        callEvent(EventType.EventPartyChanged, added)
            .with(PreviousConnID, t.consult().connId)
            .with(ThirdPartyDN, thisDN)
            .with(ThirdPartyDNRole, DNRole.ConferencedBy)
            .with(Attribute.CallState, CallState.Conferenced)
            .build());
    endCall(t.consult());
  }

  /**
   * A member of a conference transfers its place to the party it consulted: it is released from
   * both calls (CallState Transferred), the new party joins the conference (every member:
   * EventPartyAdded), the others are told the transferrer left (EventPartyDeleted, as when a member
   * releases from a conference), and the new party learns it is in the conference
   * (EventPartyChanged). OtherDN is left out wherever it would name the conference.
   *
   * @see <a href="https://docs.genesys.com/Documentation/System/latest/GenEM/CallModelsandFlows">
   *     GenEM: Call Models and Flows</a>
   */
  private void transferFromConference(TwoStep t) {
    Call conference = t.original();
    conference.userData = conference.userData.merge(t.consult().userData);
    Party transferrer = t.heldParty();
    PartyState heldWas = transferrer.state;
    changeState(t.consulting(), PartyState.Released);
    deliver(
        t.consulting(),
        callEvent(EventType.EventReleased, t.consulting())
            .with(OtherDN, t.target().dn)
            .with(OtherDNRole, t.target().role)
            .with(Attribute.CallState, CallState.Transferred)
            .build());
    deliver(
        transferrer,
        callEvent(EventType.EventReleased, transferrer)
            .with(Attribute.CallState, CallState.Transferred)
            .build());
    changeState(transferrer, PartyState.Released);
    t.target().role = DNRole.ConferenceMember;
    Party added = move(t.target(), conference);
    List<Party> members = conference.members();
    for (Party p : members) {
      p.role = DNRole.ConferenceMember;
    }
    CallState state = members.size() > 2 ? CallState.Conferenced : CallState.Ok;
    for (Party p : members) {
      if (p != added) {
        deliver(p, partyAdded(p, added, transferrer.dn, CallState.Conferenced).build());
        deliver(
            p,
            callEvent(EventType.EventPartyDeleted, p)
                .with(OtherDN, transferrer.dn)
                .with(OtherDNRole, DNRole.DeletedParty)
                .with(ThirdPartyDN, transferrer.dn)
                .with(ThirdPartyDNRole, DNRole.DeletedBy)
                .with(Attribute.CallState, state)
                .build());
      }
    }
    Event.Builder changed =
        callEvent(EventType.EventPartyChanged, added)
            .with(PreviousConnID, t.consult().connId)
            .with(ThirdPartyDN, transferrer.dn)
            .with(ThirdPartyDNRole, DNRole.TransferredBy)
            .with(Attribute.CallState, CallState.Transferred);
    deliver(added, changed.build());
    endCall(t.consult());
    afterLeaving(transferrer, heldWas);
    dropIfNoInternalParty(conference);
  }

  private Event.Builder partyAdded(Party to, Party added, String addedBy, CallState state) {
    return callEvent(EventType.EventPartyAdded, to)
        .with(OtherDN, added.dn)
        .with(OtherDNRole, DNRole.NewParty)
        .with(ThirdPartyDN, addedBy)
        .with(ThirdPartyDNRole, DNRole.AddedBy)
        .with(Attribute.CallState, state);
  }

  /** Moves a party from its call into {@code into}, keeping its state, role and queue. */
  private Party move(Party party, Call into) {
    Party moved = new Party(into, party.dn, party.internal, party.role, party.state);
    moved.thisQueue = party.thisQueue;
    moved.ringing = party.ringing;
    moved.muted = party.muted;
    party.state = PartyState.Released;
    if (party.internal != null) {
      int index = party.internal.parties.indexOf(party);
      party.internal.parties.set(index, moved);
    }
    into.parties.add(moved);
    if (party.call.acdQueue != null && into.acdQueue == null) {
      into.acdQueue = party.call.acdQueue;
    }
    return moved;
  }

  private void muteTransfer(RequestMuteTransfer r) {
    // everything is checked first: the consultation and its completion happen in one step
    Dn dn = internal(r.thisDN());
    Call call = call(r.connID());
    Party transferrer = established(call, dn, "transfer");
    if (call.consult != null) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "call " + call.connId + " already has the consultation call " + call.consult.connId);
    }
    String dialed = dialable(r.otherDN(), dn.number);
    Dn target = dns.get(dialed);
    checkCallable(target);
    if (target != null && target.type == DNType.Extension && forwards(target)) {
      target = dns.get(target.forwardTo);
      checkCallable(target);
    }
    if (target != null && (target.type == DNType.ACDQueue || target.type == DNType.RoutingPoint)) {
      throw new Rejection(
          ErrorCode.NotSupported,
          "a mute transfer to a "
              + target.type
              + " is not supported; use RequestSingleStepTransfer");
    }
    if (target != null && isBusy(target)) {
      throw new Rejection(
          ErrorCode.DNBusy, "the destination " + target.number + " is busy; choose another");
    }
    checkUserDataSize(call.userData);
    ConnId consult =
        initiate(transferrer.dn, call.connId, dialed, KVList.EMPTY, Call.Purpose.TRANSFER);
    completeTransfer(transferrer.dn, call.connId, consult);
  }

  private void singleStepTransfer(RequestSingleStepTransfer r) {
    Dn dn = internal(r.thisDN());
    Call call = call(r.connID());
    Party transferrer = established(call, dn, "transfer");
    List<Party> others = call.members().stream().filter(p -> p != transferrer).toList();
    String dialed = dialable(r.otherDN(), dn.number);
    Dn target = dns.get(dialed);
    checkCallable(target);
    if (others.size() > 1) {
      singleStepTransferFromConference(call, transferrer, dialed, target);
      return;
    }
    checkAvailable(target);
    Party other = others.get(0);
    changeState(transferrer, PartyState.Released);
    deliver(
        transferrer,
        callEvent(EventType.EventReleased, transferrer)
            .with(OtherDN, other.dn)
            .with(OtherDNRole, other.role)
            .with(Attribute.CallState, CallState.Transferred)
            .with(ThirdPartyDN, dialed)
            .with(ThirdPartyDNRole, DNRole.Destination)
            .with(Cause, "1stepTransfer")
            .build());
    offer(
        call,
        dialed,
        target,
        new Offer(transferrer.thisQueue, CallState.Transferred, transferrer.role, null, null));
    if (calls.containsKey(call.connId.value())) {
      deliver(
          other,
          callEvent(EventType.EventPartyChanged, other)
              .with(PreviousConnID, call.connId)
              .with(OtherDN, dialed)
              .with(ThirdPartyDN, dn.number)
              .with(ThirdPartyDNRole, DNRole.TransferredBy)
              .with(Attribute.CallState, CallState.Transferred)
              .build());
    }
    afterLeaving(transferrer, PartyState.Connected);
  }

  /**
   * A member of a conference hands its place to {@code dialed} in one step: it is released
   * (Transferred), the new party rings as a conference member, and the others are told it joined
   * and the transferrer left, as for a two-step transfer from a conference.
   */
  private void singleStepTransferFromConference(
      Call call, Party transferrer, String dialed, Dn target) {
    if (target != null && target.type != DNType.Extension) {
      throw new Rejection(
          ErrorCode.NotSupported,
          "a single-step transfer from a conference to a " + target.type + " is not supported");
    }
    if (call.party(dialed).isPresent()) {
      throw new Rejection(
          ErrorCode.InvalidDestination, dialed + " is already in call " + call.connId);
    }
    checkAvailable(target);
    deliver(
        transferrer,
        callEvent(EventType.EventReleased, transferrer)
            .with(Attribute.CallState, CallState.Transferred)
            .with(ThirdPartyDN, dialed)
            .with(ThirdPartyDNRole, DNRole.Destination)
            .with(Cause, "1stepTransfer")
            .build());
    changeState(transferrer, PartyState.Released);
    Offer offer = new Offer(null, CallState.Transferred, DNRole.ConferenceMember, null, null);
    Party added;
    if (target == null) {
      added = join(call, dialed, null, DNRole.ConferenceMember, PartyState.Alerting);
    } else {
      ring(call, target, offer);
      added = call.party(dialed).orElseThrow();
    }
    List<Party> members = call.members();
    CallState state = members.size() > 2 ? CallState.Conferenced : CallState.Ok;
    for (Party p : members) {
      if (p != added) {
        deliver(p, partyAdded(p, added, transferrer.dn, CallState.Conferenced).build());
        deliver(
            p,
            callEvent(EventType.EventPartyDeleted, p)
                .with(OtherDN, transferrer.dn)
                .with(OtherDNRole, DNRole.DeletedParty)
                .with(ThirdPartyDN, transferrer.dn)
                .with(ThirdPartyDNRole, DNRole.DeletedBy)
                .with(Attribute.CallState, state)
                .build());
      }
    }
    afterLeaving(transferrer, PartyState.Connected);
  }

  private void singleStepConference(RequestSingleStepConference r) {
    Dn dn = internal(r.thisDN());
    Call call = call(r.connID());
    Party conferencer = established(call, dn, "conference");
    String dialed = dialable(r.otherDN(), dn.number);
    Dn target = dns.get(dialed);
    checkCallable(target);
    if (target != null && target.type != DNType.Extension) {
      throw new Rejection(
          ErrorCode.NotSupported,
          "a single-step conference with a " + target.type + " is not supported");
    }
    if (call.party(dialed).isPresent()) {
      throw new Rejection(
          ErrorCode.InvalidDestination, dialed + " is already in call " + call.connId);
    }
    checkAvailable(target);
    for (Party p : call.members()) {
      p.role = DNRole.ConferenceMember;
    }
    Party added;
    if (target == null) {
      added = join(call, dialed, null, DNRole.ConferenceMember, PartyState.Alerting);
    } else {
      ring(call, target, new Offer(null, CallState.Ok, DNRole.ConferenceMember, null, null));
      added = call.party(dialed).orElseThrow();
    }
    for (Party p : call.members()) {
      if (p != added) {
        deliver(p, partyAdded(p, added, conferencer.dn, CallState.Conferenced).build());
      }
    }
  }

  private void deleteFromConference(RequestDeleteFromConference r) {
    Dn dn = internal(r.thisDN());
    Call call = call(r.connID());
    Party deleter = party(call, dn.number);
    if (!call.isConference()) {
      throw new Rejection(
          ErrorCode.InvalidPartyState, "call " + call.connId + " is not a conference");
    }
    Party deleted =
        call.party(r.otherDN())
            .filter(p -> !p.isObserver() && p != deleter)
            .orElseThrow(
                () ->
                    new Rejection(
                        ErrorCode.NotInCall,
                        r.otherDN() + " is not another member of conference " + call.connId));
    release(call, deleted, deleter.dn);
  }

  private void redirectCall(RequestRedirectCall r) {
    Dn dn = internal(r.thisDN());
    Call call = call(r.connID());
    Party ringing = party(call, dn.number);
    if (ringing.state != PartyState.Alerting) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "call "
              + call.connId
              + " is "
              + ringing.state
              + " at DN "
              + dn.number
              + "; only a ringing call can be redirected");
    }
    String dialed = dialable(r.otherDN(), dn.number);
    Dn target = dns.get(dialed);
    checkCallable(target);
    checkAvailable(target);
    changeState(ringing, PartyState.Released);
    deliver(
        ringing,
        callEvent(EventType.EventReleased, ringing)
            .with(Attribute.CallState, CallState.Redirected)
            .with(ThirdPartyDN, dialed)
            .with(
                ThirdPartyDNRole,
                call.isConference() ? DNRole.ConferenceMember : DNRole.Destination)
            .build());
    offer(
        call,
        dialed,
        target,
        new Offer(ringing.thisQueue, CallState.Redirected, ringing.role, null, null));
  }

  private Party established(Call call, Dn dn, String what) {
    Party party = party(call, dn.number);
    if (party.isObserver()) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "DN " + dn.number + " observes call " + call.connId + "; an observer cannot " + what);
    }
    if (party.state != PartyState.Connected) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "call "
              + call.connId
              + " is "
              + party.state
              + " at DN "
              + dn.number
              + "; only an"
              + " established call can be used to "
              + what);
    }
    return party;
  }

  private void listen(String thisDN, ConnId connId, String otherDN, boolean reconnect) {
    Dn dn = internal(thisDN);
    Call call = call(connId);
    party(call, dn.number);
    if (!call.isConference()) {
      throw new Rejection(
          ErrorCode.InvalidPartyState, "call " + call.connId + " is not a conference");
    }
    Party listener =
        call.party(otherDN)
            .filter(p -> !p.isObserver() && !p.dn.equals(thisDN))
            .orElseThrow(
                () ->
                    new Rejection(
                        ErrorCode.NotInCall,
                        otherDN + " is not another member of conference " + call.connId));
    if (listener.listenDisconnected == reconnect) {
      listener.listenDisconnected = !reconnect;
    } else {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          otherDN
              + (reconnect ? " already hears" : " already does not hear")
              + " conference "
              + call.connId);
    }
    deliver(
        dn.number,
        agentEvent(
                reconnect ? EventType.EventListenReconnected : EventType.EventListenDisconnected,
                dn,
                RequestAttributes.NONE)
            .with(ConnID, call.connId)
            .with(CallID, call.callId)
            .with(OtherDN, listener.dn)
            .with(OtherDNRole, listener.role)
            .with(ThirdPartyDN, listener.dn)
            .with(ThirdPartyDNRole, listener.role)
            .with(Attribute.CallState, reconnect ? CallState.Ok : CallState.Held)
            .build());
  }

  // ---------------------------------------------------------------- monitoring

  private void monitorNextCall(RequestMonitorNextCall r) {
    Dn supervisor = extension(r.thisDN(), "supervise");
    Dn agentDn = extension(r.otherDN(), "be supervised");
    if (supervisor == agentDn) {
      throw new Rejection(ErrorCode.InvalidDestination, "a DN cannot supervise itself");
    }
    if (agentDn.monitor != null && !agentDn.monitor.supervisor().equals(supervisor.number)) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "DN " + agentDn.number + " is already supervised by " + agentDn.monitor.supervisor());
    }
    Monitor monitor =
        new Monitor(
            supervisor.number,
            agentDn.number,
            r.monitorNextCallType(),
            r.attributes().extensions());
    agentDn.monitor = monitor;
    deliver(
        supervisor.number,
        agentEvent(EventType.EventMonitoringNextCall, supervisor, r.attributes())
            .with(ThisDNRole, DNRole.Observer)
            .with(OtherDN, agentDn.number)
            .with(OtherDNRole, DNRole.Destination)
            .with(Attribute.MonitorNextCallType, monitor.type())
            .build());
    deliver(
        agentDn.number,
        agentEvent(EventType.EventMonitoringNextCall, agentDn, r.attributes())
            .with(OtherDN, supervisor.number)
            .with(OtherDNRole, DNRole.Observer)
            .with(Attribute.MonitorNextCallType, monitor.type())
            .build());
  }

  private void cancelMonitoring(RequestCancelMonitoring r) {
    Dn supervisor = extension(r.thisDN(), "cancel a supervision");
    Dn agentDn = internal(r.otherDN());
    if (agentDn.monitor == null || !agentDn.monitor.supervisor().equals(supervisor.number)) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "DN " + supervisor.number + " does not supervise DN " + agentDn.number);
    }
    Monitor monitor = agentDn.monitor;
    agentDn.monitor = null;
    monitoringCancelled(monitor, r.attributes());
  }

  private void monitoringCancelled(Monitor monitor, RequestAttributes attributes) {
    Dn supervisor = dns.get(monitor.supervisor());
    Dn agentDn = dns.get(monitor.agentDn());
    if (supervisor != null) {
      deliver(
          supervisor.number,
          agentEvent(EventType.EventMonitoringCancelled, supervisor, attributes)
              .with(ThisDNRole, DNRole.Observer)
              .with(OtherDN, monitor.agentDn())
              .with(OtherDNRole, DNRole.Destination)
              .with(Attribute.MonitorNextCallType, monitor.type())
              .build());
    }
    if (agentDn != null) {
      deliver(
          agentDn.number,
          agentEvent(EventType.EventMonitoringCancelled, agentDn, attributes)
              .with(OtherDN, monitor.supervisor())
              .with(OtherDNRole, DNRole.Observer)
              .with(Attribute.MonitorNextCallType, monitor.type())
              .build());
    }
  }

  /**
   * Service observing: the supervisor of {@code observed} joins the call as an Observer, bridged.
   *
   * @see <a href="https://all.docs.genesys.com/VM/Current/VMEventsandModels/MonitorCalls">VM:
   *     Monitoring calls</a>
   */
  private void bridgeObserver(Call call, Party observed, Monitor monitor) {
    Dn supervisor = dns.get(monitor.supervisor());
    if (supervisor == null
        || supervisor.activeParty().isPresent()
        || supervisor.outOfService
        || call.party(supervisor.number).isPresent()) {
      return;
    }
    Party observer =
        join(call, supervisor.number, supervisor, DNRole.Observer, PartyState.Alerting);
    deliver(
        observer,
        callEvent(EventType.EventRinging, observer)
            .with(Attribute.CallState, CallState.Bridged)
            .build());
    deliver(
        observed,
        callEvent(EventType.EventPartyAdded, observed)
            .with(OtherDN, supervisor.number)
            .with(OtherDNRole, DNRole.Observer)
            .with(Attribute.CallState, CallState.Bridged)
            .build());
    changeState(observer, PartyState.Connected);
    deliver(
        observer,
        callEvent(EventType.EventEstablished, observer)
            .with(Attribute.CallState, CallState.Bridged)
            .build());
  }

  /**
   * The observer leaves: because the call ends ({@code endedBy}, the member whose release ended
   * it), or on its own ({@code endedBy} null). On its own, the members are told first, then the
   * observer is released, as the GenEM table "Observer Releases a Call" orders them.
   */
  private void releaseObserver(Call call, Party observer, Party endedBy) {
    if (endedBy != null) {
      changeState(observer, PartyState.Released);
      deliver(
          observer,
          callEvent(EventType.EventPartyDeleted, observer)
              .with(OtherDN, endedBy.dn)
              .with(OtherDNRole, DNRole.DeletedParty)
              .with(Attribute.CallState, CallState.Ok)
              .build());
      deliver(
          observer,
          callEvent(EventType.EventReleased, observer)
              .with(OtherDN, call.origin().dn)
              .with(OtherDNRole, call.origin().role)
              .with(Attribute.CallState, CallState.Ok)
              .build());
      return;
    }
    for (Party p : call.members()) {
      deliver(
          p,
          callEvent(EventType.EventPartyDeleted, p)
              .with(OtherDN, observer.dn)
              .with(OtherDNRole, DNRole.DeletedParty)
              .with(ThirdPartyDN, observer.dn)
              .with(ThirdPartyDNRole, DNRole.DeletedBy)
              .with(Attribute.CallState, CallState.Ok)
              .build());
    }
    deliver(
        observer,
        callEvent(EventType.EventReleased, observer)
            .with(Attribute.CallState, CallState.Ok)
            .build());
    changeState(observer, PartyState.Released);
  }

  /**
   * The observed party's customer leaves first, while the observer is bridged: as for a member
   * leaving a conference, the observed party and the observer get EventPartyDeleted (the observed
   * party's ThirdPartyDN names the observer), then both are released, each with the other as
   * OtherDN (the reference's copy is cut before the observer's OtherDN).
   *
   * @see <a href="https://docs.genesys.com/Documentation/System/latest/GenEM/MonitoringCalls">
   *     GenEM: Monitoring Calls, External Party Releases First</a>
   */
  private void customerLeavesObservedCall(
      Call call, Party leaving, Party observed, Party observer) {
    PartyState leavingWas = leaving.state;
    PartyState observedWas = observed.state;
    changeState(leaving, PartyState.Released);
    if (leaving.isInternal()) {
      deliver(
          leaving,
          callEvent(EventType.EventReleased, leaving)
              .with(OtherDN, observed.dn)
              .with(OtherDNRole, observed.role)
              .with(Attribute.CallState, CallState.Ok)
              .build());
    }
    deliver(
        observed,
        callEvent(EventType.EventPartyDeleted, observed)
            .with(OtherDN, leaving.dn)
            .with(OtherDNRole, DNRole.DeletedParty)
            .with(ThirdPartyDN, observer.dn)
            .with(ThirdPartyDNRole, DNRole.Observer)
            .with(Attribute.CallState, CallState.Ok)
            .build());
    deliver(
        observer,
        callEvent(EventType.EventPartyDeleted, observer)
            .with(OtherDN, leaving.dn)
            .with(OtherDNRole, DNRole.DeletedParty)
            .with(Attribute.CallState, CallState.Ok)
            .build());
    changeState(observed, PartyState.Released);
    changeState(observer, PartyState.Released);
    deliver(
        observed,
        callEvent(EventType.EventReleased, observed)
            .with(OtherDN, observer.dn)
            .with(OtherDNRole, observer.role)
            .with(Attribute.CallState, CallState.Ok)
            .build());
    deliver(
        observer,
        callEvent(EventType.EventReleased, observer)
            .with(OtherDN, observed.dn)
            .with(OtherDNRole, observed.role)
            .with(Attribute.CallState, CallState.Ok)
            .build());
    endCall(call);
    afterLeaving(leaving, leavingWas);
    afterLeaving(observed, observedWas);
  }

  /**
   * The member of {@code call} that {@code observer} observes, if it is still in the call and its
   * supervision still holds.
   */
  private Optional<Party> observedMember(Call call, Party observer) {
    Dn observed = observedBy(call, observer.dn);
    return observed == null ? Optional.empty() : call.party(observed.number);
  }

  // ---------------------------------------------------------------- ACD queues

  /** Queues the call at an ACD queue; distribution follows at the end of the step. */
  private void enqueue(Call call, Dn queue) {
    if (!call.waitingAt.add(queue.number)) {
      return;
    }
    queue.waiting.add(call);
    if (call.waitingSince < 0) {
      call.waitingSince = sequence++;
    }
    waitingCalls.add(call);
    deliver(queue.number, queueEvent(EventType.EventQueued, call, queue.number).build());
    List<String> overflow = queue.entry.list("overflow");
    availability.refresh();
    if (overflow.isEmpty() || availableTarget(queue.number, call).isPresent()) {
      return;
    }
    Duration after = queue.entry.duration("overflowTimeout").orElse(Duration.ZERO);
    if (after.isZero()) {
      overflow.forEach(q -> enqueue(call, dns.get(q)));
    } else {
      schedule(after, TimerKind.OVERFLOW, call, null, queue.number, 0);
    }
  }

  private void leaveWaiting(Call call, String dn) {
    call.waitingAt.remove(dn);
    if (call.waitingAt.stream()
        .noneMatch(q -> dns.containsKey(q) && dns.get(q).type == DNType.ACDQueue)) {
      waitingCalls.remove(call);
    }
    Dn waiting = dns.get(dn);
    if (waiting != null) {
      waiting.waiting.remove(call);
    }
    if (call.treatment != null && call.treatment.dn().equals(dn)) {
      call.treatment = null;
    }
  }

  /**
   * Gives waiting calls to available agents (and IVR ports), oldest call first; each call goes to
   * the Ready agent of its queues that has been available longest.
   */
  private void distribute() {
    availability.refresh();
    while (!waitingCalls.isEmpty() && somethingAvailable() && deliverOldestServable()) {
      availability.refresh();
    }
  }

  /** Gives the oldest call that one of its queues can serve now to its target; false if none. */
  private boolean deliverOldestServable() {
    for (Call call : waitingCalls) {
      for (String queue : call.waitingAt) {
        if (dns.get(queue).type != DNType.ACDQueue || !availability.anyFor(queue)) {
          continue;
        }
        Optional<Dn> target = availableTarget(queue, call);
        if (target.isPresent()) {
          // delivery changes waitingCalls and waitingAt: the caller starts over from the oldest
          deliverFromQueue(call, queue, target.get());
          return true;
        }
      }
    }
    return false;
  }

  /** Whether some queue that has waiting calls has a free agent or IVR port. */
  private boolean somethingAvailable() {
    for (Dn queue : acdQueues) {
      if (!queue.waiting.isEmpty() && availability.anyFor(queue.number)) {
        return true;
      }
    }
    return false;
  }

  /** The agent (available longest) or IVR port that can take {@code call} from {@code queue}. */
  private Optional<Dn> availableTarget(String queue, Call call) {
    Optional<Dn> agent = availability.agentFor(queue, call);
    if (agent.isPresent()) {
      return agent;
    }
    boolean atIvr =
        call.present().stream()
            .anyMatch(p -> p.isInternal() && p.internal.type == DNType.VoiceTreatmentPort);
    return atIvr ? Optional.empty() : availability.freePort(queue);
  }

  /**
   * The queue gives the call to an agent (EventDiverted on every queue where it waited, an IVR port
   * that held it released) or to an IVR port (EventDiverted, CallState ConverseOn, on that queue
   * alone: the call stays queued elsewhere).
   *
   * @see <a href="https://all.docs.genesys.com/VM/Current/VMEventsandModels/WorkWithQueues">VM:
   *     Working with queues</a>
   */
  private void deliverFromQueue(Call call, String queue, Dn target) {
    boolean ivr = target.type == DNType.VoiceTreatmentPort;
    List<String> from =
        ivr
            ? List.of(queue)
            : call.waitingAt.stream().filter(q -> dns.get(q).type == DNType.ACDQueue).toList();
    for (String q : from) {
      Event.Builder diverted =
          queueEvent(EventType.EventDiverted, call, q)
              .with(ThirdPartyDN, target.number)
              .with(ThirdPartyDNRole, DNRole.Destination);
      if (ivr) {
        diverted.with(Attribute.CallState, CallState.ConverseOn);
      }
      deliver(q, diverted.build());
      leaveWaiting(call, q);
    }
    if (!ivr) {
      for (Party p : call.present()) {
        if (p.isInternal() && p.internal.type == DNType.VoiceTreatmentPort) {
          changeState(p, PartyState.Released);
          deliver(
              p,
              callEvent(EventType.EventReleased, p)
                  .with(OtherDN, call.origin().dn)
                  .with(OtherDNRole, call.origin().role)
                  .with(Attribute.CallState, CallState.Ok)
                  .build());
          if (call.treatment != null && call.treatment.dn().equals(p.dn)) {
            call.treatment = null;
          }
        }
      }
      call.acdQueue = queue;
    }
    ring(
        call,
        target,
        new Offer(
            queue, ivr ? CallState.ConverseOn : CallState.Ok, DNRole.Destination, null, null));
  }

  /**
   * The agent did not answer in time: the call leaves it, the agent is made NotReady, and the call
   * goes back to its queue.
   */
  private void noAnswer(Party ringing, Dn queue, int episode) {
    if (ringing.state != PartyState.Alerting
        || ringing.ringing != episode
        || !calls.containsKey(ringing.call.connId.value())) {
      return;
    }
    Call call = ringing.call;
    changeState(ringing, PartyState.Released);
    deliver(
        ringing,
        callEvent(EventType.EventReleased, ringing)
            .with(Attribute.CallState, CallState.NoAnswer)
            .build());
    Agent agent = ringing.internal.agent;
    if (agent != null && agent.state == AgentState.Ready) {
      makeNotReady(agent, AgentWorkMode.AuxWork, RequestAttributes.NONE, Optional.empty());
    }
    if (call.members().stream().anyMatch(p -> p.state != PartyState.Released && p != ringing)) {
      call.acdQueue = null;
      enqueue(call, queue);
    } else {
      endCall(call);
    }
  }

  // ---------------------------------------------------------------- routing points and treatments

  /**
   * The call waits on a routing point: EventQueued (SIP Server's default) and EventRouteRequest;
   * default routing follows after the routing point's routeTimeout, if it has a defaultDestination.
   *
   * @see <a href="https://all.docs.genesys.com/VM/Current/VMEventsandModels/CallRoutingEvents">VM:
   *     Call routing events</a>
   */
  private void arriveAtRoutingPoint(Call call, Dn rp) {
    call.waitingAt.add(rp.number);
    rp.waiting.add(call);
    if (call.waitingSince < 0) {
      call.waitingSince = sequence++;
    }
    deliver(rp.number, queueEvent(EventType.EventQueued, call, rp.number).build());
    deliver(rp.number, queueEvent(EventType.EventRouteRequest, call, rp.number).build());
    Optional<String> destination = rp.entry.text("defaultDestination");
    Optional<Duration> timeout = rp.entry.duration("routeTimeout");
    if (destination.isPresent() && timeout.isPresent()) {
      schedule(timeout.get(), TimerKind.DEFAULT_ROUTE, call, null, rp.number, 0);
    }
  }

  private void routeCall(RequestRouteCall r) {
    Dn rp = internal(r.thisDN());
    if (rp.type != DNType.RoutingPoint) {
      throw new Rejection(
          ErrorCode.WrongDNType, "DN " + rp.number + " is a " + rp.type + ", not a RoutingPoint");
    }
    Call call = call(r.connID());
    if (!call.waitingAt.contains(rp.number)) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "call " + call.connId + " is not waiting on routing point " + rp.number);
    }
    String dialed = dialable(r.otherDN(), rp.number);
    Dn target = dns.get(dialed);
    checkCallable(target);
    checkAvailable(target);
    KVList data = call.userData.merge(r.userData());
    checkUserDataSize(data);
    call.userData = data;
    routeTo(call, rp, dialed);
  }

  private void routeTo(Call call, Dn rp, String dialed) {
    for (EventType type : List.of(EventType.EventRouteUsed, EventType.EventDiverted)) {
      deliver(
          rp.number,
          queueEvent(type, call, rp.number)
              .with(ThirdPartyDN, dialed)
              .with(ThirdPartyDNRole, DNRole.Destination)
              .build());
    }
    leaveWaiting(call, rp.number);
    offer(call, dialed, dns.get(dialed), Offer.from(rp.number));
  }

  private void applyTreatment(RequestApplyTreatment r) {
    Dn dn = internal(r.thisDN());
    Call call = call(r.connID());
    if (dn.type == DNType.RoutingPoint) {
      if (!call.waitingAt.contains(dn.number)) {
        throw new Rejection(
            ErrorCode.InvalidPartyState,
            "call " + call.connId + " is not waiting on routing point " + dn.number);
      }
    } else if (dn.type == DNType.VoiceTreatmentPort) {
      established(call, dn, "apply a treatment");
    } else {
      throw new Rejection(
          ErrorCode.WrongDNType,
          "treatments are applied by a RoutingPoint or a VoiceTreatmentPort; DN "
              + dn.number
              + " is a "
              + dn.type);
    }
    Optional<String> notApplied = Optional.empty();
    long code = 0;
    if (r.treatmentType() == TreatmentType.Unknown) {
      code = 301;
      notApplied = Optional.of("TreatmentType Unknown names no treatment");
    } else if (dn.type == DNType.RoutingPoint && IVR_TREATMENTS.contains(r.treatmentType())) {
      code = 302;
      notApplied =
          Optional.of(r.treatmentType() + " needs an IVR port; a routing point cannot apply it");
    } else if (r.treatmentType() == TreatmentType.SetDefaultRoute
        && (dn.type != DNType.RoutingPoint || dn.entry.text("defaultDestination").isEmpty())) {
      code = 303;
      notApplied = Optional.of("SetDefaultRoute needs a routing point with a defaultDestination");
    }
    if (notApplied.isPresent()) {
      deliver(
          dn.number,
          treatmentEvent(
                  EventType.EventTreatmentNotApplied,
                  call,
                  dn.number,
                  r.treatmentType(),
                  r.treatmentParms())
              .with(Attribute.ErrorCode, code)
              .with(ErrorMessage, notApplied.get())
              .build());
      return;
    }
    call.treatment = new Treatment(dn.number, r.treatmentType(), r.treatmentParms());
    deliver(
        dn.number,
        treatmentEvent(
                EventType.EventTreatmentApplied,
                call,
                dn.number,
                r.treatmentType(),
                r.treatmentParms())
            .with(ThisDNRole, DNRole.Destination)
            .with(Extensions, r.attributes().extensions())
            .build());
    if (r.treatmentType() == TreatmentType.CancelCall) {
      clearCall(call);
    } else if (r.treatmentType() == TreatmentType.SetDefaultRoute) {
      routeTo(call, dn, dn.entry.text("defaultDestination").orElseThrow());
    }
  }

  private void treatmentEnd(TreatmentEnd s) {
    Dn dn = internal(s.thisDN());
    Call call = call(s.connID());
    Treatment treatment = call.treatment;
    if (treatment == null || !treatment.dn().equals(dn.number)) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "no treatment is being applied to call " + call.connId + " on DN " + dn.number);
    }
    if (!treatment.ends()) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          treatment.type() + " is an open-ended treatment: it gives no EventTreatmentEnd");
    }
    boolean digits = DIGIT_TREATMENTS.contains(treatment.type());
    if (s.collectedDigits().isPresent() && !digits) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          treatment.type()
              + " collects no digits; give CollectedDigits only for "
              + DIGIT_TREATMENTS);
    }
    call.treatment = null;
    Event.Builder end =
        treatmentEvent(
            EventType.EventTreatmentEnd, call, dn.number, treatment.type(), treatment.parms());
    s.collectedDigits()
        .filter(d -> !d.isEmpty())
        .ifPresent(
            d ->
                end.with(CollectedDigits, d).with(LastCollectedDigit, d.substring(d.length() - 1)));
    deliver(dn.number, end.build());
  }

  private Event.Builder treatmentEvent(
      EventType type, Call call, String dn, TreatmentType treatmentType, KVList parms) {
    Event.Builder builder =
        base(type)
            .with(ThisDN, dn)
            .with(ConnID, call.connId)
            .with(CallThreadID, call.threadId)
            .with(CallID, call.callId)
            .with(Attribute.CallType, call.type)
            .with(Attribute.TreatmentType, treatmentType);
    if (!parms.isEmpty()) {
      builder.with(TreatmentParms, parms);
    }
    if (!call.userData.isEmpty()) {
      builder.with(UserData, call.userData);
    }
    return builder;
  }

  // ---------------------------------------------------------------- user data

  private KVList deleteKeys(Call call, List<String> keys) {
    if (keys.isEmpty()) {
      return KVList.EMPTY;
    }
    List<String> missing = keys.stream().filter(k -> !call.userData.containsKey(k)).toList();
    if (!missing.isEmpty()) {
      throw new Rejection(
          ErrorCode.UserDataKeyNotFound,
          "key(s) "
              + missing
              + " are not attached to call "
              + call.connId
              + "; attached: "
              + call.userData.asMap().keySet());
    }
    return call.userData.without(new LinkedHashSet<>(keys));
  }

  /**
   * Replaces the call's user data and tells every party of the call, and the requester when it is
   * not one of them (then without ThisDN). EventAttachedDataChanged is never published.
   *
   * @see <a href="https://all.docs.genesys.com/VM/Current/VMEventsandModels/HandlingUserData">VM:
   *     Handling user data</a>
   */
  private void changeUserData(String requester, Call call, KVList userData) {
    Dn requesterDn = internal(requester);
    checkUserDataSize(userData);
    call.userData = userData;
    boolean requesterInCall = false;
    for (Party p : call.present()) {
      if (p.isInternal()) {
        requesterInCall |= p.dn.equals(requesterDn.number);
        deliver(
            p,
            attachedDataChanged(call, requesterDn.number)
                .with(ThisDN, p.dn)
                .with(ThisDNRole, p.role)
                .build());
      }
    }
    for (String waiting : call.waitingAt) {
      requesterInCall |= waiting.equals(requesterDn.number);
      deliver(
          waiting,
          attachedDataChanged(call, requesterDn.number)
              .with(ThisDN, waiting)
              .with(ThisDNRole, DNRole.Destination)
              .build());
    }
    if (!requesterInCall) {
      deliver(requesterDn.number, attachedDataChanged(call, requesterDn.number).build());
    }
  }

  private Event.Builder attachedDataChanged(Call call, String requester) {
    return base(EventType.EventAttachedDataChanged)
        .with(ConnID, call.connId)
        .with(CallID, call.callId)
        .with(Attribute.CallType, call.type)
        .with(UserData, call.userData)
        .with(ThirdPartyDN, requester)
        .withIfAllowed(ANI, Optional.ofNullable(call.ani))
        .withIfAllowed(DNIS, Optional.ofNullable(call.dnis));
  }

  private void checkUserDataSize(KVList userData) {
    int size = userData.packedSize();
    if (size > config.userDataLimit()) {
      throw new Rejection(
          ErrorCode.UserDataTooLarge,
          "the call's user data would take "
              + size
              + " bytes packed, over the tenant's limit of "
              + config.userDataLimit()
              + "; attach less, or raise the limit (at most "
              + TenantConfig.MAX_USER_DATA_LIMIT
              + ")");
    }
  }

  // ---------------------------------------------------------------- lookups and changes

  private Dn internal(String number) {
    Dn dn = dns.get(number);
    if (dn == null) {
      throw new Rejection(
          ErrorCode.UnknownDN, "DN " + number + " is not in the directory of tenant " + tenant);
    }
    return dn;
  }

  private Dn extension(String number, String purpose) {
    Dn dn = internal(number);
    if (dn.type != DNType.Extension) {
      throw new Rejection(
          ErrorCode.WrongDNType,
          "cannot " + purpose + " on DN " + number + ": it is a " + dn.type + ", not an Extension");
    }
    return dn;
  }

  private String acdQueue(String number) {
    Dn dn = dns.get(number);
    if (dn == null || dn.type != DNType.ACDQueue) {
      throw new Rejection(
          ErrorCode.InvalidQueue,
          "ThisQueue "
              + number
              + " is not an ACDQueue of tenant "
              + tenant
              + (dn == null ? "" : " (it is a " + dn.type + ")"));
    }
    return number;
  }

  private Call call(ConnId connId) {
    Call call = calls.get(connId.value());
    if (call == null || (!connId.site().isEmpty() && !connId.site().equals(tenant))) {
      throw new Rejection(
          ErrorCode.UnknownConnID, "no call " + connId + " is in progress for tenant " + tenant);
    }
    return call;
  }

  private Party party(Call call, String dn) {
    internal(dn);
    return call.party(dn)
        .orElseThrow(
            () ->
                new Rejection(
                    ErrorCode.NotInCall, "DN " + dn + " is not a party of call " + call.connId));
  }

  private Party externalParty(Call call, String dn) {
    if (dns.containsKey(dn)) {
      throw new Rejection(
          ErrorCode.InvalidParty,
          dn + " is a DN of the directory; network stimuli are for external parties");
    }
    return call.party(dn)
        .orElseThrow(
            () ->
                new Rejection(ErrorCode.NotInCall, dn + " is not a party of call " + call.connId));
  }

  private void requireFreeLine(Dn dn) {
    dn.activeParty()
        .ifPresent(
            p -> {
              throw new Rejection(
                  ErrorCode.DNBusy,
                  "DN "
                      + dn.number
                      + " already has an active call "
                      + p.call.connId
                      + "; hold or release it first");
            });
  }

  private Call newCall(CallType type, String ani, String dnis, KVList userData, Call consultOf) {
    ConnId connId = new ConnId(ids.nextConnId(), tenant);
    String thread = consultOf == null ? connId.hex() : consultOf.threadId;
    Call call = new Call(connId, nextCallId++, thread, type, ani, dnis, userData);
    call.consultOf = consultOf;
    calls.put(connId.value(), call);
    return call;
  }

  private Party join(Call call, String number, Dn dn, DNRole role, PartyState state) {
    Party party = new Party(call, number, dn, role, state);
    call.parties.add(party);
    if (dn != null) {
      dn.parties.add(party);
      availability.touch(dn);
    }
    return party;
  }

  private void changeState(Party party, PartyState to) {
    if (party.state == to && to == PartyState.Released) {
      return;
    }
    party.state.checkTransition(to, tenant, party.dn + "@" + party.call.connId);
    party.state = to;
    if (to == PartyState.Released && party.internal != null) {
      party.internal.parties.remove(party);
      availability.touch(party.internal);
    }
  }

  // ---------------------------------------------------------------- events

  private Event.Builder base(EventType type) {
    Event.Builder builder = Event.builder(type).with(Server, config.server()).with(time, stamp);
    builder.withIfAllowed(CustomerID, Optional.of(tenant));
    if (referenceId != 0) {
      builder.withIfAllowed(ReferenceID, Optional.of(referenceId));
    }
    return builder;
  }

  private Event.Builder agentEvent(EventType type, Dn dn, RequestAttributes attributes) {
    Event.Builder builder =
        base(type).with(ThisDN, dn.number).withIfAllowed(AgentID, dn.agent().map(a -> a.id));
    if (!attributes.reasons().isEmpty()) {
      builder.withIfAllowed(Reasons, Optional.of(attributes.reasons()));
    }
    if (!attributes.extensions().isEmpty()) {
      builder.withIfAllowed(Extensions, Optional.of(attributes.extensions()));
    }
    return builder;
  }

  /** The attributes every event of {@code party} in its call carries. */
  private Event.Builder callEvent(EventType type, Party party) {
    Call call = party.call;
    Event.Builder builder =
        base(type)
            .with(ThisDN, party.dn)
            .with(ConnID, call.connId)
            .with(CallThreadID, call.threadId)
            .withIfAllowed(CallID, Optional.of(call.callId))
            .withIfAllowed(Attribute.CallType, Optional.of(call.type))
            .withIfAllowed(ThisDNRole, Optional.of(party.role))
            .withIfAllowed(AgentID, party.agentId())
            .withIfAllowed(ThisQueue, party.thisQueue())
            .withIfAllowed(PreviousConnID, call.previousConnId())
            .withIfAllowed(ANI, Optional.ofNullable(call.ani))
            .withIfAllowed(DNIS, Optional.ofNullable(call.dnis));
    if (!call.userData.isEmpty()) {
      builder.withIfAllowed(UserData, Optional.of(call.userData));
    }
    Optional<Party> other = otherOf(party);
    if (other.isPresent()) {
      builder
          .withIfAllowed(OtherDN, Optional.of(other.get().dn))
          .withIfAllowed(OtherDNRole, Optional.of(other.get().role));
    } else if (call.members().size() <= 1 && !call.waitingAt.isEmpty()) {
      builder
          .withIfAllowed(OtherDN, waitingDn(call))
          .withIfAllowed(OtherDNRole, Optional.of(DNRole.Destination));
    }
    return builder;
  }

  /**
   * The party at the other end: the one other member of a two-party call; none in a conference (the
   * complex party is left out, as the call models do); for an observer, the party the observed
   * agent talks to.
   */
  private Optional<Party> otherOf(Party party) {
    Call call = party.call;
    List<Party> members = call.members();
    if (party.isObserver()) {
      Dn observed = observedBy(call, party.dn);
      return members.stream()
          .filter(p -> observed == null || !p.dn.equals(observed.number))
          .findFirst();
    }
    List<Party> others = members.stream().filter(p -> p != party).toList();
    return others.size() == 1 ? Optional.of(others.get(0)) : Optional.empty();
  }

  /** The events of a call on a queue or routing point, where ThisDN = ThisQueue. */
  private Event.Builder queueEvent(EventType type, Call call, String queue) {
    Party origin = call.origin();
    Event.Builder builder =
        base(type)
            .with(ThisDN, queue)
            .with(ConnID, call.connId)
            .with(CallThreadID, call.threadId)
            .withIfAllowed(CallID, Optional.of(call.callId))
            .withIfAllowed(Attribute.CallType, Optional.of(call.type))
            .withIfAllowed(ThisQueue, Optional.of(queue))
            .withIfAllowed(ThisDNRole, Optional.of(DNRole.Destination))
            .withIfAllowed(PreviousConnID, call.previousConnId())
            .withIfAllowed(ANI, Optional.ofNullable(call.ani))
            .withIfAllowed(DNIS, Optional.ofNullable(call.dnis))
            .withIfAllowed(OtherDN, Optional.of(origin.dn))
            .withIfAllowed(OtherDNRole, Optional.of(origin.role));
    if (!call.userData.isEmpty()) {
      builder.withIfAllowed(UserData, Optional.of(call.userData));
    }
    return builder;
  }

  private Delivery error(Step step, Rejection rejection) {
    Event.Builder builder =
        base(EventType.EventError)
            .with(Attribute.ErrorCode, (long) rejection.code.code())
            .with(ErrorMessage, step.name() + " rejected: " + rejection.getMessage());
    String party = stimulusParty(step);
    if (step instanceof Request request) {
      party = request.thisDN();
      builder.with(ThisDN, party);
      Dn dn = dns.get(party);
      if (dn != null) {
        builder.withOptional(AgentID, dn.agent().map(a -> a.id));
      }
      connIdOf(request).ifPresent(c -> builder.with(ConnID, c));
    }
    return new Delivery(party, builder.build());
  }

  /** Who hears of a rejected stimulus: the DN it names, or the network. */
  private static String stimulusParty(Step step) {
    if (step instanceof TreatmentEnd s) {
      return s.thisDN();
    } else if (step instanceof DeviceOffHook s) {
      return s.dn();
    } else if (step instanceof DeviceOnHook s) {
      return s.dn();
    } else if (step instanceof DeviceOutOfService s) {
      return s.dn();
    } else if (step instanceof DeviceBackInService s) {
      return s.dn();
    } else if (step instanceof MessageWaitingOn s) {
      return s.dn();
    } else if (step instanceof MessageWaitingOff s) {
      return s.dn();
    }
    return "network";
  }

  private static Optional<ConnId> connIdOf(Request request) {
    return request instanceof OnCall call ? Optional.of(call.connID()) : Optional.empty();
  }

  private void deliver(Party party, Event event) {
    if (party.isInternal()) {
      out.add(new Delivery(party.dn, event));
    }
  }

  private void deliver(String party, Event event) {
    out.add(new Delivery(party, event));
  }

  // ---------------------------------------------------------------- views and invariants

  /** A read-only copy of what the engine holds now. */
  public TenantView view() {
    List<TenantView.DnView> dnViews = new ArrayList<>();
    List<TenantView.AgentView> agentViews = new ArrayList<>();
    for (Dn dn : dns.values()) {
      dnViews.add(
          new TenantView.DnView(
              dn.number,
              dn.type,
              dn.dnd,
              dn.forwardMode,
              Optional.ofNullable(dn.forwardTo),
              dn.agent().map(a -> a.id),
              dn.parties.stream().map(p -> p.call.connId).toList()));
      dn.agent()
          .ifPresent(
              a ->
                  agentViews.add(
                      new TenantView.AgentView(
                          a.id, dn.number, a.state, a.workMode, List.copyOf(a.queues))));
    }
    List<TenantView.CallView> callViews = new ArrayList<>();
    for (Call call : calls.values()) {
      callViews.add(
          new TenantView.CallView(
              call.connId,
              call.threadId,
              call.type,
              call.userData,
              call.present().stream()
                  .map(
                      p ->
                          new TenantView.PartyView(
                              p.dn, p.isInternal(), p.role, p.state, p.thisQueue()))
                  .toList()));
    }
    return new TenantView(tenant, dnViews, agentViews, callViews);
  }

  /**
   * A deterministic rendering of everything the engine holds (DNs, agents, calls, parties, user
   * data, queues, timers): two equal digests mean equal states. Used by tests to show that a
   * rejected request changed nothing.
   */
  public String stateDigest() {
    StringBuilder digest = new StringBuilder();
    for (Dn dn : dns.values()) {
      digest
          .append("dn ")
          .append(dn.number)
          .append(' ')
          .append(dn.type)
          .append(" dnd=")
          .append(dn.dnd)
          .append(" oos=")
          .append(dn.outOfService)
          .append(" hook=")
          .append(dn.offHook)
          .append(" mwi=")
          .append(dn.messageWaiting)
          .append(" fwd=")
          .append(dn.forwardMode)
          .append(':')
          .append(dn.forwardTo)
          .append(" legs=")
          .append(dn.parties)
          .append(" waiting=")
          .append(dn.waiting.stream().map(c -> c.connId).toList())
          .append(" monitor=")
          .append(dn.monitor);
      dn.agent()
          .ifPresent(
              a ->
                  digest
                      .append(" agent=")
                      .append(a.id)
                      .append(' ')
                      .append(a.state)
                      .append(' ')
                      .append(a.workMode)
                      .append(' ')
                      .append(a.queues));
      digest.append('\n');
    }
    for (Call call : calls.values()) {
      digest
          .append("call ")
          .append(call.connId)
          .append(' ')
          .append(call.type)
          .append(' ')
          .append(call.userData)
          .append(' ')
          .append(call.parties)
          .append(" at ")
          .append(call.waitingAt)
          .append(" treatment ")
          .append(call.treatment)
          .append(" consult ")
          .append(call.consult == null ? "-" : call.consult.connId)
          .append('\n');
    }
    digest.append("timers ").append(timers.size()).append('\n');
    return digest.toString();
  }

  /**
   * Checks the engine's invariants and returns the violations found: every DN has at most one
   * active leg (dialing or talking, not held); every leg a DN lists is in a call in progress; every
   * call in progress has a party or waits somewhere; queues and calls agree on who waits where;
   * agents and DNs agree on who is logged in where.
   */
  public List<String> invariantViolations() {
    List<String> violations = new ArrayList<>();
    for (Dn dn : dns.values()) {
      long active = dn.parties.stream().filter(p -> p.state.isActive()).count();
      if (active > 1) {
        violations.add("DN " + dn.number + " has " + active + " active legs: " + dn.parties);
      }
      for (Party p : dn.parties) {
        if (!calls.containsKey(p.call.connId.value()) || p.state == PartyState.Released) {
          violations.add("DN " + dn.number + " lists a leg of an ended call " + p.call.connId);
        }
      }
      for (Call waiting : dn.waiting) {
        if (!waiting.waitingAt.contains(dn.number) || !calls.containsKey(waiting.connId.value())) {
          violations.add(
              "DN " + dn.number + " lists call " + waiting.connId + " as waiting, wrongly");
        }
      }
    }
    for (Call call : calls.values()) {
      if (call.present().isEmpty() && call.waitingAt.isEmpty()) {
        violations.add("call " + call.connId + " is in progress with no party");
      }
      for (String waiting : call.waitingAt) {
        if (!dns.containsKey(waiting) || !dns.get(waiting).waiting.contains(call)) {
          violations.add(
              "call " + call.connId + " waits at " + waiting + ", which does not list it");
        }
      }
    }
    Set<String> agentDns = new HashSet<>();
    for (Agent agent : agents.values()) {
      if (agent.dn.agent != agent || !agentDns.add(agent.dn.number)) {
        violations.add(
            "agent " + agent.id + " is not consistently logged in on DN " + agent.dn.number);
      }
      if (!agentList.accepts(agent.id)) {
        violations.add("agent " + agent.id + " is logged in but not in the tenant's agents");
      }
    }
    return violations;
  }

  // ---------------------------------------------------------------- snapshots

  /** Everything the engine holds, as plain data; see {@link EngineSnapshot}. */
  public EngineSnapshot snapshot() {
    List<EngineSnapshot.DnRecord> dnRecords = new ArrayList<>();
    List<EngineSnapshot.AgentRecord> agentRecords = new ArrayList<>();
    for (Dn dn : dns.values()) {
      dnRecords.add(
          new EngineSnapshot.DnRecord(
              dn.number,
              dn.dnd,
              dn.outOfService,
              dn.offHook,
              dn.messageWaiting,
              dn.forwardMode,
              Optional.ofNullable(dn.forwardTo),
              Optional.ofNullable(dn.monitor)
                  .map(
                      m ->
                          new EngineSnapshot.MonitorRecord(
                              m.supervisor(), m.type(), m.extensions())),
              dn.parties.stream().map(p -> p.call.connId).toList(),
              dn.waiting.stream().map(c -> c.connId).toList()));
      if (dn.agent != null) {
        Agent a = dn.agent;
        agentRecords.add(
            new EngineSnapshot.AgentRecord(
                a.id,
                dn.number,
                List.copyOf(a.queues),
                a.state,
                a.workMode,
                a.readyMode,
                a.availableSince,
                a.wrapUps));
      }
    }
    List<EngineSnapshot.CallRecord> callRecords = new ArrayList<>();
    for (Call call : calls.values()) {
      callRecords.add(
          new EngineSnapshot.CallRecord(
              call.connId,
              call.callId,
              call.threadId,
              call.type,
              Optional.ofNullable(call.ani),
              Optional.ofNullable(call.dnis),
              call.userData,
              List.copyOf(call.waitingAt),
              call.waitingSince,
              Optional.ofNullable(call.consultOf).map(c -> c.connId),
              Optional.ofNullable(call.consultOf).map(c -> c.threadId),
              Optional.ofNullable(call.consult).map(c -> c.connId),
              Optional.ofNullable(call.purpose).map(Enum::name),
              Optional.ofNullable(call.acdQueue),
              Optional.ofNullable(call.treatment)
                  .map(t -> new EngineSnapshot.TreatmentRecord(t.dn(), t.type(), t.parms())),
              call.parties.stream()
                  .map(
                      p ->
                          new EngineSnapshot.PartyRecord(
                              p.dn,
                              p.isInternal(),
                              p.role,
                              p.state,
                              p.thisQueue(),
                              p.answerAwaited,
                              p.muted,
                              p.listenDisconnected,
                              p.ringing))
                  .toList()));
    }
    List<EngineSnapshot.TimerRecord> timerRecords =
        timers.stream()
            .sorted(timers.comparator())
            .map(
                t ->
                    new EngineSnapshot.TimerRecord(
                        t.due(),
                        t.sequence(),
                        t.kind().name(),
                        t.connId(),
                        t.dn(),
                        t.subject(),
                        t.episode()))
            .toList();
    return new EngineSnapshot(
        tenant,
        config.server(),
        config.userDataLimit(),
        dns.values().stream().map(dn -> dn.entry).toList(),
        nextCallId,
        nextReferenceId,
        sequence,
        dnRecords,
        agentRecords,
        callRecords,
        timerRecords);
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
    engine.load(snapshot);
    for (String agent : engine.agents.keySet()) {
      if (!agents.accepts(agent)) {
        throw new IllegalArgumentException(
            "snapshot: agent " + agent + " is logged in but not in the tenant's agents " + agents);
      }
    }
    return engine;
  }

  private void load(EngineSnapshot snapshot) {
    nextCallId = snapshot.nextCallId();
    nextReferenceId = snapshot.nextReferenceId();
    sequence = snapshot.sequence();
    Map<Long, Call> ended = new HashMap<>();
    for (EngineSnapshot.CallRecord r : snapshot.calls()) {
      Call call =
          new Call(
              r.connId(),
              r.callId(),
              r.threadId(),
              r.callType(),
              r.ani().orElse(null),
              r.dnis().orElse(null),
              r.userData());
      call.waitingSince = r.waitingSince();
      call.waitingAt.addAll(r.waitingAt());
      call.purpose = r.purpose().map(Call.Purpose::valueOf).orElse(null);
      call.acdQueue = r.acdQueue().orElse(null);
      call.treatment =
          r.treatment()
              .map(t -> new Treatment(t.dn(), t.treatmentType(), t.treatmentParms()))
              .orElse(null);
      for (EngineSnapshot.PartyRecord pr : r.parties()) {
        Dn dn = pr.internal() ? known(pr.dn()) : null;
        Party party = new Party(call, pr.dn(), dn, pr.role(), pr.state());
        party.thisQueue = pr.thisQueue().orElse(null);
        party.answerAwaited = pr.answerAwaited();
        party.muted = pr.muted();
        party.listenDisconnected = pr.listenDisconnected();
        party.ringing = pr.ringing();
        call.parties.add(party);
      }
      calls.put(call.connId.value(), call);
    }
    for (EngineSnapshot.CallRecord r : snapshot.calls()) {
      Call call = calls.get(r.connId().value());
      r.consultOf()
          .ifPresent(
              id -> {
                Call parent = calls.get(id.value());
                if (parent == null) {
                  // the parent ended: only its identity is still needed, for PreviousConnID
                  parent =
                      ended.computeIfAbsent(
                          id.value(),
                          v ->
                              new Call(
                                  id,
                                  0,
                                  r.consultOfThread().orElse(id.hex()),
                                  CallType.Unknown,
                                  null,
                                  null,
                                  KVList.EMPTY));
                }
                call.consultOf = parent;
              });
      r.consult().ifPresent(id -> call.consult = calls.get(id.value()));
      if (call.waitingAt.stream().anyMatch(q -> known(q).type == DNType.ACDQueue)) {
        waitingCalls.add(call);
      }
    }
    for (EngineSnapshot.DnRecord r : snapshot.dns()) {
      Dn dn = known(r.dn());
      dn.dnd = r.dnd();
      dn.outOfService = r.outOfService();
      dn.offHook = r.offHook();
      dn.messageWaiting = r.messageWaiting();
      dn.forwardMode = r.forwardMode();
      dn.forwardTo = r.forwardTo().orElse(null);
      dn.monitor =
          r.monitor()
              .map(
                  m ->
                      new Monitor(
                          m.supervisor(), dn.number, m.monitorNextCallType(), m.extensions()))
              .orElse(null);
      for (ConnId leg : r.legs()) {
        Call call = calls.get(leg.value());
        if (call == null || call.party(dn.number).isEmpty()) {
          throw new IllegalArgumentException(
              "snapshot: DN " + dn.number + " lists a leg of call " + leg + " it is not in");
        }
        dn.parties.add(call.party(dn.number).get());
      }
      for (ConnId waiting : r.waiting()) {
        Call call = calls.get(waiting.value());
        if (call == null) {
          throw new IllegalArgumentException(
              "snapshot: DN " + dn.number + " lists unknown waiting call " + waiting);
        }
        dn.waiting.add(call);
      }
      availability.touch(dn);
    }
    for (EngineSnapshot.AgentRecord r : snapshot.agents()) {
      Dn dn = known(r.dn());
      Agent agent = new Agent(r.agentId(), dn);
      agent.queues.addAll(r.queues());
      agent.state = r.state();
      agent.workMode = r.workMode();
      agent.readyMode = r.readyMode();
      agent.availableSince = r.availableSince();
      agent.wrapUps = r.wrapUps();
      dn.agent = agent;
      agents.put(agent.id, agent);
    }
    for (EngineSnapshot.TimerRecord t : snapshot.timers()) {
      timers.add(
          new Timer(
              t.due(),
              t.sequence(),
              TimerKind.valueOf(t.kind()),
              t.connId(),
              t.dn(),
              t.subject(),
              t.episode()));
    }
    availability.refresh();
  }

  private Dn known(String number) {
    Dn dn = dns.get(number);
    if (dn == null) {
      throw new IllegalArgumentException(
          "snapshot: DN " + number + " is not in the snapshot's directory");
    }
    return dn;
  }

  /** The number of calls in progress. */
  public int callsInProgress() {
    return calls.size();
  }

  /** The number of agents logged in. */
  public int agentsLoggedIn() {
    return agents.size();
  }

  /** The number of DNs in the directory. */
  public int directorySize() {
    return dns.size();
  }
}
