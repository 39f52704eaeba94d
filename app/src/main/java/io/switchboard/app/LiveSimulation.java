package io.switchboard.app;

import io.switchboard.engine.Tenants;
import io.switchboard.sim.traffic.SimulationReport;
import io.switchboard.sim.traffic.TrafficConfig;
import io.switchboard.sim.traffic.TrafficSimulator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code switchboard run --simulate}: a simulated contact center that runs beside the service's
 * other tenants, in real time, on a thread of its own, as its own tenant ({@code sim} unless the
 * simulation file names another), so that its events reach Kafka as any tenant's do.
 */
final class LiveSimulation implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveSimulation.class);

  private final TrafficSimulator simulator;
  private final Thread thread;

  private LiveSimulation(TrafficSimulator simulator, Thread thread) {
    this.simulator = simulator;
    this.thread = thread;
  }

  /**
   * Starts the simulation of {@code file} (a simulation file), or of the demonstration ({@link
   * TrafficConfig#demo()}) when {@code file} is empty, on the service's {@code tenants}.
   */
  static LiveSimulation start(String file, Tenants tenants, String server) {
    TrafficConfig config;
    try {
      config = file.isEmpty() ? TrafficConfig.demo() : TrafficConfig.read(Path.of(file));
    } catch (IOException | IllegalArgumentException e) {
      throw new UserError("--simulate: " + e.getMessage(), e);
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
    Thread thread =
        new Thread(
            () -> {
              try {
                SimulationReport report = simulator.run();
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
    return new LiveSimulation(simulator, thread);
  }

  /** Stops the simulation and waits a little for it to end. */
  @Override
  public void close() {
    simulator.stop();
    try {
      thread.join(15_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
