package io.switchboard.journal;

import io.switchboard.engine.IdSource;
import io.switchboard.engine.TenantConfig;
import io.switchboard.engine.TenantEngine;
import java.time.InstantSource;

/**
 * Writes a tenant engine's state and reads it back: what journal snapshots need from the engine.
 * With one, {@link DurableTenants} writes a snapshot now and then, restarts from the latest one
 * instead of replaying the whole journal, and deletes the journal segments that are both published
 * and covered by it.
 *
 * <p>The state must be everything a later step can depend on: DNs, agents, calls and parties, user
 * data, timers, and the engine's own counters (CallID, assigned ReferenceIDs); an engine read back
 * and then given the journal's later steps must give the events it gave the first time.
 */
public interface EngineCodec {

  /** The state of {@code engine}, called under the tenant's lock. */
  byte[] encode(TenantEngine engine);

  /**
   * An engine in the state {@code state} holds, reading time from {@code clock} and connection ids
   * from {@code ids}.
   *
   * @throws IllegalArgumentException if {@code state} cannot be read, saying why
   */
  TenantEngine decode(TenantConfig config, byte[] state, InstantSource clock, IdSource ids);
}
