package io.switchboard.engine;

import java.util.Optional;

/**
 * Why a request was rejected: the stable {@code ErrorCode} of an EventError. The numbers are
 * Switchboard's own and never change meaning; {@code docs/errors.md} lists them.
 */
public enum ErrorCode {
  /** ThisDN (or another DN the request names) is not in the tenant's directory. */
  UnknownDN(101),
  /** The request is not possible on a DN of this type (e.g. an agent login on a queue). */
  WrongDNType(102),
  /** No call with this ConnID is in progress. */
  UnknownConnID(103),
  /** ThisDN is not a party of the call. */
  NotInCall(104),
  /** The party is not in a state that allows the request (answer a call that is not ringing...). */
  InvalidPartyState(105),
  /** ThisDN already has an active call. */
  DNBusy(106),
  /** No agent is logged in on ThisDN. */
  AgentNotLoggedIn(107),
  /** Another agent is logged in on ThisDN, or the agent is logged in on another DN. */
  AgentLoginConflict(108),
  /** The AgentWorkMode does not fit the request (a NotReady mode for RequestAgentReady...). */
  InvalidWorkMode(109),
  /** ThisQueue is not an ACD queue of the tenant, or the agent is not logged in to it. */
  InvalidQueue(110),
  /** The destination cannot be called (the caller itself, a trunk...). */
  InvalidDestination(111),
  /** A user-data key to delete is not attached to the call. */
  UserDataKeyNotFound(112),
  /**
   * The request or stimulus names a party that must be external but is in the directory, or vice
   * versa.
   */
  InvalidParty(113),
  /** The call's user data would exceed the tenant's limit (16,000 bytes packed by default). */
  UserDataTooLarge(114),
  /**
   * The tenant has a list of agents and the AgentID of RequestAgentLogin is not in it: a login that
   * does not exist in the configuration.
   */
  UnknownAgent(115),
  /** The request is valid but not supported by this version of Switchboard. */
  NotSupported(199),
  /**
   * The service refused the step before running it: its journal holds as many events not yet
   * published to Kafka as it is allowed to (Kafka has been unreachable for a while). Nothing
   * changed; retry once Kafka is back.
   */
  JournalFull(201),
  /**
   * The service refused the step before running it: its journal cannot write to disk, so what the
   * step causes could not be kept. Nothing changed; the service needs attention.
   */
  JournalFailed(202),
  /**
   * The service refused the step before running it: in cluster mode, the instance that serves the
   * tenant cannot commit to Kafka now (the tenant is moving between instances, or the Kafka cluster
   * cannot be reached). Nothing changed; retry shortly, on any instance.
   */
  ClusterUnavailable(203),
  /**
   * The service refused the step before running it: the disk that holds its data has less free
   * space than the service keeps in reserve, so what the step causes could not be kept safely.
   * Nothing changed; the service needs attention (free the disk), and takes steps again by itself
   * once there is room.
   */
  DiskFull(204);

  private final int code;

  ErrorCode(int code) {
    this.code = code;
  }

  /** The value of the ErrorCode attribute. */
  public int code() {
    return code;
  }

  /**
   * Whether this code is a refusal of the service before the engine ran the step ({@link Refusal}):
   * not the client's fault, and worth retrying later.
   */
  public boolean refusedByService() {
    return this == JournalFull
        || this == JournalFailed
        || this == ClusterUnavailable
        || this == DiskFull;
  }

  /** The ErrorCode whose number is {@code code}, if any. */
  public static Optional<ErrorCode> of(long code) {
    for (ErrorCode value : values()) {
      if (value.code == code) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }
}
