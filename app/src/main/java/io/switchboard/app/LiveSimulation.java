package io.switchboard.app;

import io.switchboard.engine.TenantView;
import io.switchboard.engine.Tenants;
import io.switchboard.model.request.RemoteRelease;
import io.switchboard.model.request.RequestAttributes;
import io.switchboard.model.request.RequestReleaseCall;
import io.switchboard.model.request.Step;
import io.switchboard.sim.traffic.SimulationReport;
import io.switchboard.sim.traffic.TrafficConfig;
import io.switchboard.sim.traffic.TrafficSimulator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code switchboard run --simulate}: a simulated contact center that runs beside the service's
 * other tenants, in real time, on a thread of its own, as its own tenant ({@code sim} unless the
 * simulation file names another), so that its events reach Kafka as any tenant's do.
 */
final class LiveSimulation implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveSimulation.class);

  /** Rounds of releases {@link #close} tries before it leaves the tenant in place. */
  private static final int RELEASE_ROUNDS = 5;

  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(10);

  private final TrafficSimulator simulator;
  private final Thread thread;
  private final Tenants tenants;
  private final String tenant;
  private final AtomicReference<SimulationReport> report;

  private LiveSimulation(
      TrafficSimulator simulator,
      Thread thread,
      Tenants tenants,
      String tenant,
      AtomicReference<SimulationReport> report) {
    this.simulator = simulator;
    this.report = report;
    this.thread = thread;
    this.tenants = tenants;
    this.tenant = tenant;
  }

  /**
   * Starts the simulation of {@code file} (a simulation file), or of the demonstration ({@link
   * TrafficConfig#demo()}) when {@code file} is empty, on the service's {@code tenants}.
   */
  static LiveSimulation start(String file, Tenants tenants, String server) {
    return start(file, tenants, server, Set.of());
  }

  /**
   * Starts the simulation as {@link #start(String, Tenants, String)} does, on a service whose
   * configuration file names {@code configured}. A tenant of the simulation's name that the file
   * does not name was left by a simulation that did not stop (the service was killed while it ran):
   * its calls are ended and it is replaced.
   */
  static LiveSimulation start(String file, Tenants tenants, String server, Set<String> configured) {
    TrafficConfig config;
    try {
      config = file.isEmpty() ? TrafficConfig.demo() : TrafficConfig.read(Path.of(file));
    } catch (IOException | IllegalArgumentException e) {
      throw new UserError("--simulate: " + e.getMessage(), e);
    }
    if (tenants.ids().contains(config.tenant()) && !configured.contains(config.tenant())) {
      LOG.warn(
          "tenant {} was left by a simulation that did not stop (the service was killed while it"
              + " ran): its calls are ended and the simulation starts afresh",
          config.tenant());
      endCalls(tenants, config.tenant());
      tenants.remove(config.tenant());
    }
    if (tenants.ids().contains(config.tenant())) {
      throw new UserError(
          "--simulate: the simulation's tenant '"
              + config.tenant()
              + "' is also configured for the service; give the simulation another one"
              + " (tenant: in the simulation file)");
    }
    TrafficSimulator simulator =
        TrafficSimulator.attached(
            config, tenants, Clock.systemUTC(), server, new TrafficSimulator.Options());
    AtomicReference<SimulationReport> over = new AtomicReference<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                SimulationReport report = simulator.run();
                over.set(report);
                LOG.info("simulation over:\n{}", report.toText());
              } catch (RuntimeException e) {
                LOG.error("the simulation stopped: {}", e.getMessage(), e);
              }
            },
            "switchboard-simulation");
    thread.setDaemon(true);
    thread.start();
    LOG.info(
        "simulating tenant {}: {} agents in {} queues, about {} calls an hour",
        config.tenant(),
        config.agentCount(),
        config.queues().size(),
        Math.round(
            config.queues().stream().mapToDouble(TrafficConfig.QueueConfig::callsPerHour).sum()));
    return new LiveSimulation(simulator, thread, tenants, config.tenant(), over);
  }

  /** The simulation's report, once it is over (after {@link #close}); the log shows it too. */
  Optional<SimulationReport> report() {
    return Optional.ofNullable(report.get());
  }

  /**
   * Stops the simulation, waits a little for it to end, then ends its calls and removes its tenant:
   * the simulated contact center does not outlive the simulation (its calls would stay in progress,
   * journaled, at every later start).
   */
  @Override
  public void close() {
    simulator.stop();
    try {
      thread.join(15_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (thread.isAlive()) {
      LOG.warn("the simulation did not stop in time; its tenant {} is left in place", tenant);
      return;
    }
    try {
      endCalls(tenants, tenant);
      tenants.remove(tenant);
      LOG.info("simulation tenant {} removed with the simulation", tenant);
    } catch (RuntimeException e) {
      LOG.warn(
          "the simulation's tenant {} could not be removed: {}; DELETE /v1/admin/tenants/{} once"
              + " its calls are released",
          tenant,
          e.getMessage(),
          tenant);
    }
  }

  /**
   * Ends every call of {@code tenant}: the external party of a call hangs up (RemoteRelease), or
   * else its first internal party (RequestReleaseCall); a few rounds, for calls that a release
   * moves on rather than ends.
   */
  static void endCalls(Tenants tenants, String tenant) {
    for (int round = 0; round < RELEASE_ROUNDS; round++) {
      List<TenantView.CallView> calls = tenants.view(tenant).calls();
      if (calls.isEmpty()) {
        return;
      }
      for (TenantView.CallView call : calls) {
        Optional<TenantView.PartyView> external =
            call.parties().stream().filter(p -> !p.internal()).findFirst();
        Step release =
            external.isPresent()
                ? new RemoteRelease(external.get().dn(), call.connId())
                : new RequestReleaseCall(
                    call.parties().get(0).dn(), call.connId(), RequestAttributes.NONE);
        tenants
            .submit(tenant, release)
            .orTimeout(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .join();
      }
    }
  }
}
