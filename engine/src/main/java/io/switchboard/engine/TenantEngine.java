package io.switchboard.engine;

import static io.switchboard.model.Attribute.ANI;
import static io.switchboard.model.Attribute.AgentID;
import static io.switchboard.model.Attribute.CallID;
import static io.switchboard.model.Attribute.CallThreadID;
import static io.switchboard.model.Attribute.ConnID;
import static io.switchboard.model.Attribute.CustomerID;
import static io.switchboard.model.Attribute.DNIS;
import static io.switchboard.model.Attribute.ErrorMessage;
import static io.switchboard.model.Attribute.Extensions;
import static io.switchboard.model.Attribute.OtherDN;
import static io.switchboard.model.Attribute.OtherDNRole;
import static io.switchboard.model.Attribute.PreviousConnID;
import static io.switchboard.model.Attribute.Reasons;
import static io.switchboard.model.Attribute.ReferenceID;
import static io.switchboard.model.Attribute.Server;
import static io.switchboard.model.Attribute.ThirdPartyDN;
import static io.switchboard.model.Attribute.ThisDN;
import static io.switchboard.model.Attribute.ThisDNRole;
import static io.switchboard.model.Attribute.ThisQueue;
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
import io.switchboard.model.Timestamp;
import io.switchboard.model.request.Advance;
import io.switchboard.model.request.InboundCall;
import io.switchboard.model.request.RemoteAnswer;
import io.switchboard.model.request.RemoteBusy;
import io.switchboard.model.request.RemoteRelease;
import io.switchboard.model.request.Request;
import io.switchboard.model.request.RequestAgentLogin;
import io.switchboard.model.request.RequestAgentLogout;
import io.switchboard.model.request.RequestAgentNotReady;
import io.switchboard.model.request.RequestAgentReady;
import io.switchboard.model.request.RequestAnswerCall;
import io.switchboard.model.request.RequestAttachUserData;
import io.switchboard.model.request.RequestAttributes;
import io.switchboard.model.request.RequestCancelCallForward;
import io.switchboard.model.request.RequestDeletePair;
import io.switchboard.model.request.RequestDeleteUserData;
import io.switchboard.model.request.RequestHoldCall;
import io.switchboard.model.request.RequestMakeCall;
import io.switchboard.model.request.RequestReleaseCall;
import io.switchboard.model.request.RequestRetrieveCall;
import io.switchboard.model.request.RequestSetCallForward;
import io.switchboard.model.request.RequestSetDNDOff;
import io.switchboard.model.request.RequestSetDNDOn;
import io.switchboard.model.request.RequestUpdateUserData;
import io.switchboard.model.request.Step;
import io.switchboard.model.request.Stimulus;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One tenant's telephony engine, the T-Server core: its directory of DNs, its agents, its calls and
 * their parties. A step (a request or a stimulus) goes in; the state decides, the events come out
 * in delivery order, and the state evolves. A request that is invalid in the current state changes
 * nothing and produces one EventError for the requester.
 *
 * <p>The engine is pure: it reads time only from the {@link InstantSource} and takes connection ids
 * only from the {@link IdSource} it is given, so the same steps give the same events. It is not
 * thread-safe: {@link Tenants} runs one step at a time per tenant.
 *
 * <p>Which party receives which event, and with which attributes, follows the Voice Microservices
 * call models; {@code docs/engine.md} records the decisions taken where the reference is silent.
 *
 * @see <a href="https://all.docs.genesys.com/VM/Current/VMEventsandModels/BasicCallModels">VM:
 *     Basic call models</a>
 */
public final class TenantEngine {

  private final TenantConfig config;
  private final String tenant;
  private final InstantSource clock;
  private final IdSource ids;
  private final Map<String, Dn> dns = new LinkedHashMap<>();
  private final Map<String, Agent> agents = new HashMap<>();
  private final Map<Long, Call> calls = new LinkedHashMap<>();
  private long nextCallId = 1;
  private long nextReferenceId = 1;

  // the step being handled
  private Timestamp now;
  private long referenceId;
  private List<Delivery> out;

  public TenantEngine(TenantConfig config, InstantSource clock, IdSource ids) {
    this.config = config;
    this.tenant = config.tenant();
    this.clock = clock;
    this.ids = ids;
    for (DirectoryEntry entry : config.directory()) {
      dns.put(entry.dn(), new Dn(entry.dn(), entry.type()));
    }
  }

  /** The tenant's configuration, with its directory as it is now. */
  public TenantConfig config() {
    return new TenantConfig(
        tenant,
        dns.values().stream().map(dn -> new DirectoryEntry(dn.number, dn.type)).toList(),
        config.server(),
        config.userDataLimit());
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
    dns.put(entry.dn(), new Dn(entry.dn(), entry.type()));
  }

  /**
   * Removes DN {@code number} from the directory.
   *
   * @throws IllegalArgumentException if there is no such DN
   * @throws IllegalStateException if the DN is in use: an agent is logged in on it or into it, or
   *     it is a party of a call in progress
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
  }

  /** A read-only copy of what the engine holds now. */
  public TenantView view() {
    List<TenantView.DnView> dnViews = new ArrayList<>();
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
    }
    List<TenantView.AgentView> agentViews = new ArrayList<>();
    for (Dn dn : dns.values()) {
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
   * Runs {@code step} and returns the events it caused, in delivery order.
   *
   * @return the outcome; for a rejected request, one EventError to the requester and no change
   */
  public Outcome handle(Step step) {
    now = Timestamp.of(clock.instant());
    out = new ArrayList<>();
    Optional<ConnId> created = Optional.empty();
    if (step instanceof Request request) {
      long given = request.attributes().referenceId();
      referenceId = given != 0 ? given : nextReferenceId++;
    } else {
      referenceId = 0;
    }
    try {
      created = step instanceof Request request ? request(request) : stimulus((Stimulus) step);
    } catch (Rejection rejection) {
      out.clear();
      out.add(error(step, rejection));
    }
    Outcome outcome = new Outcome(referenceId, out, created);
    out = null;
    return outcome;
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
      release(call, party(call, x.thisDN()));
    } else if (r instanceof RequestHoldCall x) {
      holdCall(x);
    } else if (r instanceof RequestRetrieveCall x) {
      retrieveCall(x);
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
      release(call, externalParty(call, x.dn()));
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
    changeAgentState(agent, AgentState.Ready, mode);
    deliver(
        dn.number,
        agentEvent(EventType.EventAgentReady, dn, r.attributes())
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
    changeAgentState(agent, AgentState.NotReady, mode);
    deliver(
        dn.number,
        agentEvent(EventType.EventAgentNotReady, dn, r.attributes())
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
  }

  private Agent loggedIn(Dn dn) {
    if (dn.agent == null) {
      throw new Rejection(ErrorCode.AgentNotLoggedIn, "no agent is logged in on DN " + dn.number);
    }
    return dn.agent;
  }

  // ---------------------------------------------------------------- DN features

  private void setDnd(String thisDN, boolean on, RequestAttributes attributes) {
    Dn dn = extension(thisDN, on ? "turn do-not-disturb on" : "turn do-not-disturb off");
    dn.dnd = on;
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

  // ---------------------------------------------------------------- calls

  private ConnId makeCall(RequestMakeCall r) {
    Dn dn = extension(r.thisDN(), "make a call");
    requireFreeLine(dn);
    String dialed = r.otherDN();
    if (dialed.isBlank() || dialed.equals(dn.number)) {
      throw new Rejection(
          ErrorCode.InvalidDestination, "OtherDN must be another DN or an external number");
    }
    Dn target = dns.get(dialed);
    checkCallable(target);
    Call call =
        newCall(
            target == null ? CallType.Outbound : CallType.Internal,
            dn.number,
            dialed,
            r.userData());
    Party caller = join(call, dn.number, dn, DNRole.Origination, PartyState.Dialing);
    deliver(
        caller,
        callEvent(EventType.EventDialing, caller)
            .with(OtherDN, dialed)
            .with(OtherDNRole, DNRole.Destination)
            .build());
    offer(call, caller, dialed, target);
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
    Call call = newCall(CallType.Inbound, s.from(), s.to(), s.userData());
    Party caller = join(call, s.from(), null, DNRole.Origination, PartyState.Dialing);
    offer(call, caller, s.to(), target);
    return call.connId;
  }

  private void checkCallable(Dn target) {
    if (target == null || target.type == DNType.Extension) {
      return;
    }
    if (target.type == DNType.Trunk) {
      throw new Rejection(
          ErrorCode.InvalidDestination, "DN " + target.number + " is a Trunk and cannot be called");
    }
    throw new Rejection(
        ErrorCode.NotSupported,
        "calls to " + target.type + " DNs (" + target.number + ") are not supported yet");
  }

  /**
   * Offers the call to {@code dialed}: rings an internal DN (after forwarding), reaches the network
   * for an external number, or reports the destination busy.
   */
  private void offer(Call call, Party caller, String dialed, Dn target) {
    String forwardedFrom = null;
    if (target != null && forwards(target)) {
      forwardedFrom = target.number;
      dialed = target.forwardTo;
      target = dns.get(dialed);
      if (target != null && target.type != DNType.Extension) {
        target = null; // forwarded to a DN it cannot ring: treat as unreachable
        dialed = forwardedFrom;
        forwardedFrom = null;
        busy(call, caller, dialed);
        return;
      }
    }
    if (target == null) {
      Party remote = join(call, dialed, null, DNRole.Destination, PartyState.Alerting);
      if (caller.isInternal()) {
        deliver(
            caller,
            callEvent(EventType.EventNetworkReached, caller)
                .with(Attribute.CallState, CallState.Ok)
                .build());
      }
      remote.thisQueue = null;
      return;
    }
    if (isBusy(target)) {
      busy(call, caller, dialed);
      return;
    }
    Party called = join(call, target.number, target, DNRole.Destination, PartyState.Alerting);
    Event.Builder ringing = callEvent(EventType.EventRinging, called);
    if (forwardedFrom != null) {
      ringing.with(Attribute.CallState, CallState.Forwarded).with(ThirdPartyDN, forwardedFrom);
    } else {
      ringing.with(Attribute.CallState, CallState.Ok);
    }
    deliver(called, ringing.build());
  }

  private boolean forwards(Dn target) {
    return target.forwardMode == ForwardMode.Unconditional
        || target.forwardMode == ForwardMode.SendAllCalls
        || ((target.forwardMode == ForwardMode.OnBusy
                || target.forwardMode == ForwardMode.OnBusyAndNoAnswer)
            && isBusy(target));
  }

  private static boolean isBusy(Dn dn) {
    return dn.dnd || dn.activeParty().isPresent();
  }

  private void busy(Call call, Party caller, String dialed) {
    if (!caller.isInternal()) {
      // the network hears the busy tone; no internal party ever saw the call
      changeState(caller, PartyState.Released);
      calls.remove(call.connId.value());
      return;
    }
    changeState(caller, PartyState.Failed);
    deliver(
        caller,
        callEvent(EventType.EventDestinationBusy, caller)
            .with(OtherDN, dialed)
            .with(OtherDNRole, DNRole.Destination)
            .with(Attribute.CallState, CallState.Busy)
            .build());
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

  /** The called party answers: it and the originator are connected. */
  private void connect(Call call, Party called) {
    Optional<Party> caller =
        call.present().stream().filter(p -> p.state == PartyState.Dialing).findFirst();
    changeState(called, PartyState.Connected);
    caller.ifPresent(p -> changeState(p, PartyState.Connected));
    caller.ifPresent(p -> deliver(p, callEvent(EventType.EventEstablished, p).build()));
    deliver(called, callEvent(EventType.EventEstablished, called).build());
  }

  private void remoteBusy(RemoteBusy s) {
    Call call = call(s.connID());
    Party remote = externalParty(call, s.dn());
    if (remote.state != PartyState.Alerting) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          s.dn() + " is not being called on " + call.connId + " (" + remote.state + ")");
    }
    Party caller =
        call.present().stream()
            .filter(p -> p.state == PartyState.Dialing)
            .findFirst()
            .orElseThrow();
    changeState(remote, PartyState.Released);
    busy(call, caller, remote.dn);
  }

  /** {@code leaving} hangs up; in a two-party call the call is then over for everyone. */
  private void release(Call call, Party leaving) {
    List<Party> others = call.present().stream().filter(p -> p != leaving).toList();
    Optional<Party> other = others.stream().findFirst();
    PartyState from = leaving.state;
    changeState(leaving, PartyState.Released);
    if (leaving.isInternal()) {
      Event.Builder released =
          callEvent(EventType.EventReleased, leaving).with(Attribute.CallState, CallState.Ok);
      other.ifPresentOrElse(
          o -> released.with(OtherDN, o.dn).with(OtherDNRole, o.role),
          () -> released.without(OtherDN).without(OtherDNRole));
      deliver(leaving, released.build());
    }
    for (Party o : others) {
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
    calls.remove(call.connId.value());
  }

  private void holdCall(RequestHoldCall r) {
    Dn dn = internal(r.thisDN());
    Call call = call(r.connID());
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

  private void retrieveCall(RequestRetrieveCall r) {
    Dn dn = internal(r.thisDN());
    Call call = call(r.connID());
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
    changeState(party, PartyState.Connected);
    deliver(
        party,
        callEvent(EventType.EventRetrieved, party).with(Attribute.CallState, CallState.Ok).build());
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

  private Call newCall(CallType type, String ani, String dnis, KVList userData) {
    checkUserDataSize(userData);
    ConnId connId = new ConnId(ids.nextConnId(), tenant);
    Call call = new Call(connId, nextCallId++, connId.hex(), type, null, ani, dnis, userData);
    calls.put(connId.value(), call);
    return call;
  }

  private Party join(Call call, String number, Dn dn, DNRole role, PartyState state) {
    Party party = new Party(call, number, dn, role, state);
    call.parties.add(party);
    if (dn != null) {
      dn.parties.add(party);
    }
    return party;
  }

  private void changeState(Party party, PartyState to) {
    party.state.checkTransition(to, tenant, party.dn + "@" + party.call.connId);
    party.state = to;
    if (to == PartyState.Released && party.internal != null) {
      party.internal.parties.remove(party);
    }
  }

  // ---------------------------------------------------------------- events

  private Event.Builder base(EventType type) {
    Event.Builder builder = Event.builder(type).with(Server, config.server()).with(time, now);
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
    call.other(party)
        .ifPresent(
            o ->
                builder
                    .withIfAllowed(OtherDN, Optional.of(o.dn))
                    .withIfAllowed(OtherDNRole, Optional.of(o.role)));
    return builder;
  }

  private Delivery error(Step step, Rejection rejection) {
    Event.Builder builder =
        base(EventType.EventError)
            .with(Attribute.ErrorCode, (long) rejection.code.code())
            .with(ErrorMessage, step.name() + " rejected: " + rejection.getMessage());
    String party = "network";
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

  private static Optional<ConnId> connIdOf(Request request) {
    for (var component : request.getClass().getRecordComponents()) {
      if (component.getType() == ConnId.class) {
        try {
          return Optional.of((ConnId) component.getAccessor().invoke(request));
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return Optional.empty();
  }

  private void deliver(Party party, Event event) {
    if (party.isInternal()) {
      out.add(new Delivery(party.dn, event));
    }
  }

  private void deliver(String party, Event event) {
    out.add(new Delivery(party, event));
  }

  // ---------------------------------------------------------------- invariants (for tests)

  /**
   * Checks the engine's invariants and returns the violations found: every DN has at most one
   * active leg (dialing or talking, not held); every party a DN lists is in a call in progress;
   * every call in progress has a party that has not left.
   */
  public List<String> invariantViolations() {
    List<String> violations = new ArrayList<>();
    for (Dn dn : dns.values()) {
      long active = dn.parties.stream().filter(p -> p.state.isActive()).count();
      if (active > 1) {
        violations.add("DN " + dn.number + " has " + active + " active legs: " + dn.parties);
      }
      for (Party p : dn.parties) {
        if (!calls.containsKey(p.call.connId.value())) {
          violations.add("DN " + dn.number + " lists a leg of ended call " + p.call.connId);
        }
      }
    }
    for (Call call : calls.values()) {
      if (call.present().isEmpty()) {
        violations.add("call " + call.connId + " is in progress with no party");
      }
    }
    Set<String> agentDns = new java.util.HashSet<>();
    for (Agent agent : agents.values()) {
      if (agent.dn.agent != agent || !agentDns.add(agent.dn.number)) {
        violations.add(
            "agent " + agent.id + " is not consistently logged in on DN " + agent.dn.number);
      }
    }
    return violations;
  }

  /**
   * A deterministic rendering of everything the engine holds (DNs, agents, calls, parties, user
   * data): two equal digests mean equal states. Used by tests to show a rejected request changed
   * nothing.
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
          .append(" fwd=")
          .append(dn.forwardMode)
          .append(':')
          .append(dn.forwardTo)
          .append(" legs=")
          .append(dn.parties);
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
          .append('\n');
    }
    return digest.toString();
  }

  /** The number of calls in progress. */
  public int callsInProgress() {
    return calls.size();
  }
}
