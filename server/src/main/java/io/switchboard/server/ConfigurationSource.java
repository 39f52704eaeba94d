package io.switchboard.server;

import io.switchboard.engine.TenantConfig;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Where {@code POST /v1/admin/reload} reads the configuration ({@link #get}, which throws {@link
 * IllegalArgumentException} saying what is wrong with it), and whom it tells what it applied.
 */
@FunctionalInterface
public interface ConfigurationSource extends Supplier<Configuration> {

  /**
   * Told after a reload applied {@code tenants}: every change made except for the tenants in {@code
   * incomplete}, some of whose changes could not be made (a DN in use, say). Does nothing unless
   * overridden.
   */
  default void applied(List<TenantConfig> tenants, Set<String> incomplete) {}

  /** {@code read}, with what it applied told to {@code told}. */
  static ConfigurationSource of(Supplier<Configuration> read, Applied told) {
    return new ConfigurationSource() {
      @Override
      public Configuration get() {
        return read.get();
      }

      @Override
      public void applied(List<TenantConfig> tenants, Set<String> incomplete) {
        told.applied(tenants, incomplete);
      }
    };
  }

  /** Hears what a reload applied. */
  @FunctionalInterface
  interface Applied {
    void applied(List<TenantConfig> tenants, Set<String> incomplete);
  }
}
