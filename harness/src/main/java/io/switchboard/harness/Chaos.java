package io.switchboard.harness;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.json.Json;
import io.switchboard.kafka.EmbeddedKafka;
import io.switchboard.kafka.TopicNames;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * A fault-injection run: the service in a JVM of its own under call traffic over HTTP, Kafka
 * stopped and started again, the service killed with {@code kill -9} and started again on its data
 * directory, a journal small enough to fill during an outage; then everything acknowledged is
 * looked for on Kafka ({@link DeliveryCheck}).
 */
public final class Chaos {

  /** A fault to inject. */
  public enum Fault {
    /** The service is killed with SIGKILL and started again at once. */
    KILL,
    /** The Kafka broker stops for the outage time, then starts again. */
    OUTAGE,
    /** The broker stops; halfway through the outage the service is killed and started again. */
    KILL_DURING_OUTAGE
  }

  static final String TENANT = "chaos";

  /**
   * A fault injected.
   *
   * @param fault what
   * @param at when, in seconds from the start
   * @param kafkaDown how long Kafka was down (zero for a kill alone)
   */
  public record Injected(Fault fault, long at, Duration kafkaDown) {
    String describe() {
      String down = String.format("%.1f s", kafkaDown.toMillis() / 1000.0);
      return "at "
          + at
          + " s: "
          + switch (fault) {
            case KILL -> "service killed with kill -9, started again";
            case OUTAGE -> "Kafka outage of " + down;
            case KILL_DURING_OUTAGE ->
                "Kafka outage of " + down + ", the service killed with kill -9 in the middle";
          };
    }
  }

  /**
   * How to run.
   *
   * @param duration how long the traffic runs
   * @param workers the traffic's workers (each drives one pair of Extensions at a time)
   * @param faultEvery the time between two faults
   * @param outage how long the broker stays down
   * @param faults the faults, injected in this order, round and round
   * @param journalMaxBytes the service's journal bound
   * @param workDir where the service, the broker and the logs keep their files
   * @param externalKafka a cluster to use instead of an embedded broker (no outages then)
   * @param topics the topics
   * @param extensions the Extensions of the tenant (pairs of a killed service are not reused)
   */
  public record Settings(
      Duration duration,
      int workers,
      Duration faultEvery,
      Duration outage,
      List<Fault> faults,
      long journalMaxBytes,
      Path workDir,
      Optional<String> externalKafka,
      TopicNames topics,
      int extensions) {
    public Settings {
      faults = List.copyOf(faults);
      if (externalKafka.isPresent() && faults.stream().anyMatch(f -> f != Fault.KILL)) {
        throw new IllegalArgumentException(
            "broker outages need the embedded broker: leave out --kafka, or inject kills only");
      }
    }
  }

  /**
   * What happened.
   *
   * @param settings how it ran
   * @param faults the faults injected, in order, with when
   * @param recoveries how long each restarted service took to rebuild its state, and from how many
   *     journal entries
   * @param requests steps sent
   * @param accepted steps accepted
   * @param refused steps refused because the journal was full (sent again later)
   * @param rejected steps the engine rejected (unexpected: the traffic follows the call model)
   * @param unanswered steps whose answer was lost (the service was killed)
   * @param check what reached Kafka
   * @param groupCommit the last service's journal appends and syncs, as "N entries in M syncs"
   * @param elapsed how long it all took
   */
  public record Report(
      Settings settings,
      List<Injected> faults,
      List<String> recoveries,
      long requests,
      long accepted,
      long refused,
      long rejected,
      long unanswered,
      DeliveryCheck check,
      String groupCommit,
      Duration elapsed) {

    public boolean clean() {
      return check.clean() && rejected == 0;
    }

    private long count(Fault fault) {
      return faults.stream().filter(f -> f.fault() == fault).count();
    }

    public List<String> lines() {
      List<String> lines = new ArrayList<>();
      lines.add(
          "run:                  "
              + settings.duration().toSeconds()
              + " s of traffic, "
              + settings.workers()
              + " workers, a fault every "
              + settings.faultEvery().toSeconds()
              + " s, journal bound "
              + settings.journalMaxBytes()
              + " bytes ("
              + elapsed.toSeconds()
              + " s in all)");
      lines.add(
          "faults injected:      "
              + faults.size()
              + " (kill -9 of the service: "
              + count(Fault.KILL)
              + ", Kafka outages: "
              + count(Fault.OUTAGE)
              + ", kill -9 during a Kafka outage: "
              + count(Fault.KILL_DURING_OUTAGE)
              + ")");
      lines.add(
          "steps sent:           "
              + requests
              + " (accepted "
              + accepted
              + ", refused while the journal was full "
              + refused
              + ", answer lost to a kill "
              + unanswered
              + ", rejected "
              + rejected
              + ")");
      lines.add("events acknowledged:  " + check.acknowledged());
      lines.add("journal (last run):   " + groupCommit);
      lines.add(
          "records on Kafka:     "
              + check.records()
              + " (duplicates removed by the consumer: "
              + check.duplicates()
              + "; events of steps journaled but never answered: "
              + check.unacknowledged()
              + ")");
      lines.add("events lost:          " + check.lost());
      lines.add("events out of order:  " + check.outOfOrder());
      lines.add("sequence gaps:        " + check.report().missing());
      lines.add("sequence duplicates:  " + check.report().duplicates());
      lines.add("reordered records:    " + check.report().reordered());
      lines.add(
          "model violations:     "
              + check.report().modelViolations()
              + (check.report().violations().isEmpty() ? "" : " " + check.report().violations()));
      faults.forEach(f -> lines.add("  fault: " + f.describe()));
      recoveries.forEach(r -> lines.add("  recovery: " + r));
      check.report().examples().forEach(e -> lines.add("  " + e));
      lines.add(clean() ? "result: OK" : "result: PROBLEMS FOUND");
      return lines;
    }
  }

  private final Settings settings;
  private final Class<?> main;
  private final PrintWriter progress;
  private final HttpClient client = HttpClient.newHttpClient();
  private final List<Injected> faults = new ArrayList<>();
  private final List<String> recoveries = new ArrayList<>();
  private final AtomicReference<ServiceProcess> service = new AtomicReference<>();
  private EmbeddedKafka broker;
  private int brokerPort;
  private int restarts;

  private Chaos(Settings settings, Class<?> main, PrintWriter progress) {
    this.settings = settings;
    this.main = main;
    this.progress = progress;
  }

  /**
   * Runs as {@code settings} say, telling {@code progress} what it does.
   *
   * @param main the class whose {@code main} is the command line that runs the service ({@link
   *     ServiceProcess})
   */
  public static Report run(Settings settings, Class<?> main, PrintWriter progress) {
    return new Chaos(settings, main, progress).run();
  }

  /**
   * Runs as {@code settings} say and prints the report to {@code out}. A {@code temporary} work
   * directory is deleted afterwards when the run found no problem (or failed before writing
   * anything there); otherwise the report ends saying where its files are.
   *
   * @return 0 when the run found no problem, 1 otherwise
   */
  public static int runAndReport(
      Settings settings, boolean temporary, Class<?> main, PrintWriter out, PrintWriter progress) {
    Path dir = settings.workDir();
    Report report;
    try {
      report = run(settings, main, progress);
    } catch (RuntimeException e) {
      if (temporary && isEmpty(dir)) {
        TemporaryDirectory.delete(dir);
      }
      throw e;
    }
    report.lines().forEach(out::println);
    out.flush();
    if (temporary && report.clean()) {
      TemporaryDirectory.delete(dir);
    } else {
      out.println("files kept in " + dir);
    }
    return report.clean() ? 0 : 1;
  }

  private static boolean isEmpty(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  private Report run() {
    Instant started = Instant.now();
    String bootstrap;
    if (settings.externalKafka().isPresent()) {
      bootstrap = settings.externalKafka().get();
    } else {
      broker = EmbeddedKafka.start(settings.workDir().resolve("kafka"), 0);
      brokerPort = broker.port();
      bootstrap = broker.bootstrapServers();
    }
    try {
      List<String> args = serviceArgs(bootstrap);
      String groupCommit = "";
      startService(args);
      HttpTraffic traffic;
      try {
        traffic = new HttpTraffic(() -> service.get().httpUrl(), TENANT, extensions());
        traffic.start(settings.workers());
        inject(args, started);
        say("stopping the traffic");
        traffic.close();
        if (broker == null && settings.externalKafka().isEmpty()) {
          startBroker();
        }
        awaitPublished();
        JsonNode journal = health().path("details").path("journal");
        long appends = journal.path("appends").asLong();
        long syncs = journal.path("syncs").asLong();
        groupCommit =
            appends
                + " entries in "
                + syncs
                + " syncs"
                + (syncs > 0
                    ? String.format(" (%.1f entries a sync)", (double) appends / syncs)
                    : "");
      } finally {
        say("stopping the service");
        service.get().stop();
      }
      say("reading the topics");
      DeliveryCheck check =
          DeliveryCheck.run(bootstrap, Map.of(), settings.topics(), traffic.acked());
      traffic.rejections().forEach(r -> say("rejected: " + r));
      return new Report(
          settings,
          faults,
          recoveries,
          traffic.requests.get(),
          traffic.accepted.get(),
          traffic.refused.get(),
          traffic.rejected.get(),
          traffic.unknown.get(),
          check,
          groupCommit,
          Duration.between(started, Instant.now()));
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
  }

  /**
   * The time between two faults: {@code every}, or less on a run too short for each of the {@code
   * kinds} of fault to come at least once at that pace, so that faults are spread over the run
   * whatever its length.
   */
  static Duration spacing(Duration run, Duration every, int kinds) {
    Duration fitting = run.dividedBy(Math.max(1, kinds) + 1L);
    return fitting.compareTo(every) < 0 ? fitting : every;
  }

  private void inject(List<String> args, Instant started) {
    Instant end = Instant.now().plus(settings.duration());
    int next = 0;
    Duration spacing =
        spacing(settings.duration(), settings.faultEvery(), settings.faults().size());
    // faults are due on a fixed grid from the start: a slow recovery does not push the rest out
    Instant due = Instant.now().plus(spacing);
    while (Instant.now().isBefore(end)) {
      if (settings.faults().isEmpty() || Instant.now().isBefore(due)) {
        sleep(Duration.ofMillis(200));
        continue;
      }
      Fault fault = settings.faults().get(next++ % settings.faults().size());
      long at = Duration.between(started, Instant.now()).toSeconds();
      switch (fault) {
        case KILL -> {
          say("kill -9 the service (pid " + service.get().pid() + ")");
          service.get().kill();
          startService(args);
          faults.add(new Injected(fault, at, Duration.ZERO));
        }
        case OUTAGE -> {
          say("Kafka down for " + settings.outage().toSeconds() + " s");
          long down = System.nanoTime();
          stopBroker();
          sleep(settings.outage());
          startBroker();
          faults.add(new Injected(fault, at, Duration.ofNanos(System.nanoTime() - down)));
        }
        case KILL_DURING_OUTAGE -> {
          say("Kafka down, and kill -9 the service halfway");
          long down = System.nanoTime();
          stopBroker();
          sleep(settings.outage().dividedBy(2));
          service.get().kill();
          startService(args);
          sleep(settings.outage().dividedBy(2));
          startBroker();
          faults.add(new Injected(fault, at, Duration.ofNanos(System.nanoTime() - down)));
        }
      }
      due = due.plus(spacing);
    }
  }

  private List<String> serviceArgs(String bootstrap) {
    Path config = settings.workDir().resolve("switchboard.yaml");
    StringBuilder yaml = new StringBuilder();
    yaml.append("server: chaos\n");
    yaml.append("http: {rateLimit: {perSecond: 1000000, burst: 1000000}}\n");
    yaml.append("kafka:\n  partitions: 6\n  topics: {agentState: ")
        .append(settings.topics().agentState())
        .append(", callThread: ")
        .append(settings.topics().callThread())
        .append("}\n");
    yaml.append("tenants:\n  - tenant: ").append(TENANT).append("\n    directory:\n");
    for (String dn : extensions()) {
      yaml.append("      - {dn: \"").append(dn).append("\", type: Extension}\n");
    }
    try {
      Files.createDirectories(settings.workDir());
      Files.writeString(config, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + config, e);
    }
    return List.of(
        "--config",
        config.toString(),
        "--kafka",
        bootstrap,
        "--data-dir",
        settings.workDir().resolve("service").toString(),
        "--http-port",
        "0",
        "--journal-max-bytes",
        Long.toString(settings.journalMaxBytes()));
  }

  private List<String> extensions() {
    List<String> dns = new ArrayList<>();
    for (int i = 0; i < settings.extensions(); i++) {
      dns.add(Integer.toString(100_000 + i));
    }
    return dns;
  }

  private void startService(List<String> args) {
    long begin = System.nanoTime();
    ServiceProcess started =
        ServiceProcess.start(
            main, args, settings.workDir().resolve("service-" + restarts++ + ".log"));
    long ready = Duration.ofNanos(System.nanoTime() - begin).toMillis();
    service.set(started);
    if (restarts > 1) {
      JsonNode recovery = health().path("details").path("recovery");
      recoveries.add(
          "ready in "
              + ready
              + " ms; replayed "
              + recovery.path("entries").asLong()
              + " journal entries in "
              + recovery.path("millis").asLong()
              + " ms"
              + (recovery.path("mismatches").asLong() > 0
                  ? ", " + recovery.path("mismatches").asLong() + " came out different"
                  : ""));
    }
  }

  private void stopBroker() {
    broker.close();
    broker = null;
  }

  private void startBroker() {
    broker = EmbeddedKafka.start(settings.workDir().resolve("kafka"), brokerPort);
  }

  /** Waits until the service's journal is all on Kafka. */
  private void awaitPublished() {
    say("waiting until the journal is published");
    Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
    while (Instant.now().isBefore(deadline)) {
      JsonNode journal = health().path("details").path("journal");
      if (journal.has("unpublishedEntries") && journal.path("unpublishedEntries").asLong() == 0) {
        return;
      }
      sleep(Duration.ofMillis(250));
    }
    throw new IllegalStateException(
        "the service did not publish its journal within 10 minutes: " + health());
  }

  private JsonNode health() {
    try {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create(service.get().httpUrl() + "/health"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return Json.mapper().readTree(response.body());
    } catch (IOException e) {
      return Json.mapper().createObjectNode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Json.mapper().createObjectNode();
    }
  }

  private void say(String what) {
    progress.println("chaos: " + what);
    progress.flush();
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
