package io.switchboard.engine;

import io.switchboard.model.request.Step;
import java.time.InstantSource;

/**
 * One tenant's telephony engine. Not thread-safe: one step at a time ({@link Tenants} serializes).
 */
public final class TenantEngine {

  private final TenantConfig config;
  private final InstantSource clock;
  private final IdSource ids;

  public TenantEngine(TenantConfig config, InstantSource clock, IdSource ids) {
    this.config = config;
    this.clock = clock;
    this.ids = ids;
  }

  /** The tenant's configuration. */
  public TenantConfig config() {
    return config;
  }

  /** Runs {@code step} and returns the events it caused. */
  public Outcome handle(Step step) {
    throw new UnsupportedOperationException("not yet: " + step + clock + ids);
  }
}
