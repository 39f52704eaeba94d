package io.switchboard.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.engine.EventSink;
import io.switchboard.json.Json;
import io.switchboard.kafka.TopicNames;
import io.switchboard.sim.traffic.Distribution;
import io.switchboard.sim.traffic.QueueingTheory;
import io.switchboard.sim.traffic.SimulationReport;
import io.switchboard.sim.traffic.TrafficConfig;
import io.switchboard.sim.traffic.TrafficSimulator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard simulate}: a virtual contact center driving the engine with seeded traffic,
 * then a report. The options below change the defaults of {@link TrafficConfig} or of the file
 * given with {@code --config}; {@code docs/simulator.md} describes the model. The JSON report
 * ({@code --report json}) is the last line of standard output and its keys are a contract.
 */
@Command(
    name = "simulate",
    header = "Simulates a contact center on the engine and reports its figures.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Simulates a contact center (agents, queues, callers) on the engine and reports calls offered,",
      "answered, abandoned, speed of answer, service level, occupancy and events per second.",
      "Runs in virtual time (as fast as the engine goes) unless --speed is given.",
      "Example: switchboard simulate --agents 10 --arrival-rate 160 --handle-time-mean 180"
          + " --calls 50000 --theory"
    })
final class SimulateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "A YAML simulation file (docs/simulator.md); the options below override it.")
  Path config;

  @Option(
      names = "--agents",
      paramLabel = "N",
      description = "Agents, spread evenly over the queues (default: 20).")
  Integer agents;

  @Option(
      names = "--queues",
      paramLabel = "M",
      description = "ACD queues, one skill each (default: 1).")
  Integer queues;

  @Option(
      names = "--skills",
      paramLabel = "K",
      description = "Queues each agent logs in to: its own and the next K-1 (default: 1).")
  Integer skills;

  @Option(
      names = "--arrival-rate",
      paramLabel = "PER_HOUR",
      description = "Calls per hour for all queues together, shared equally (default: 360).")
  Double arrivalRate;

  @Option(
      names = "--handle-time-mean",
      paramLabel = "SECONDS",
      description = "Mean handle time (talk) of every queue (default: 180).")
  Double handleTimeMean;

  @Option(
      names = "--handle-time-dist",
      paramLabel = "KIND",
      description = "exponential, lognormal, constant or uniform (default: exponential).")
  String handleTimeDist;

  @Option(
      names = "--handle-time-cv",
      paramLabel = "CV",
      description = "Coefficient of variation of a lognormal handle time (default: 1).")
  Double handleTimeCv;

  @Option(
      names = "--patience-mean",
      paramLabel = "SECONDS|none",
      description = "Mean patience of callers in queue (exponential), or none (default: none).")
  String patienceMean;

  @Option(
      names = "--calls",
      paramLabel = "COUNT",
      description = "Calls that arrive before arrivals stop (default: 10000).")
  Long calls;

  @Option(
      names = "--duration",
      paramLabel = "TIME",
      description = "Arrivals for this virtual time instead, e.g. 8h, 90m, 2d.")
  String duration;

  @Option(
      names = "--seed",
      paramLabel = "K",
      description = "The seed: the same seed and options give the same events (default: 1).")
  Long seed;

  @Option(
      names = "--sl-threshold",
      paramLabel = "SECONDS",
      description = "Service-level threshold (default: 20).")
  Double slThreshold;

  @Option(
      names = "--ivr",
      paramLabel = "DIST|none",
      description = "Time in the IVR treatment before routing, e.g. exponential:10 (default).")
  String ivr;

  @Option(
      names = "--answer-delay",
      paramLabel = "DIST",
      description = "How long agents let a call ring, e.g. uniform:1:4 (default: constant:0).")
  String answerDelay;

  @Option(
      names = "--after-call-work",
      paramLabel = "DIST|none",
      description = "After-call work, e.g. exponential:20; none: AutoIn agents (default: none).")
  String afterCallWork;

  @Option(
      names = "--hold-share",
      paramLabel = "SHARE",
      description = "Share of answered calls put on hold once (default: 0).")
  Double holdShare;

  @Option(
      names = "--transfer-share",
      paramLabel = "SHARE",
      description = "Share of answered calls transferred to another queue (default: 0).")
  Double transferShare;

  @Option(
      names = "--conference-share",
      paramLabel = "SHARE",
      description = "Share of answered calls a supervisor is conferenced into (default: 0).")
  Double conferenceShare;

  @Option(
      names = "--speed",
      paramLabel = "FACTOR",
      description = "Run in real time at this speed (1: real time, 60: an hour a minute).")
  Double speed;

  @Option(
      names = "--report",
      paramLabel = "FORMAT",
      description = "text or json: one JSON object, last on standard output (default: text).")
  String report = "text";

  @Option(
      names = "--theory",
      description =
          "Also print what Erlang C or Erlang A predicts, when the model is one of theirs.")
  boolean theory;

  @Option(
      names = "--events",
      paramLabel = "FILE",
      description =
          "Write every published event to FILE as its Kafka record, one JSON object per line, as"
              + " tail and scenario print them.")
  Path eventsFile;

  @Option(
      names = "--kafka",
      paramLabel = "BOOTSTRAP",
      description = "Publish the events to this Kafka cluster (the topics are created if missing).")
  String kafka;

  @Option(
      names = "--progress",
      negatable = true,
      description = "Show a progress bar on standard error (default: when it is a terminal).")
  Boolean progress;

  @Override
  public Integer call() throws IOException {
    if (!report.equals("text") && !report.equals("json")) {
      throw new UserError("--report is text or json, was '" + report + "'");
    }
    TrafficConfig traffic = configuration();
    TrafficSimulator.Options options = new TrafficSimulator.Options();
    if (speed != null) {
      try {
        options.speed(speed);
      } catch (IllegalArgumentException e) {
        throw new UserError("--speed: " + e.getMessage(), e);
      }
    }
    ProgressBar bar = null;
    if (progress != null ? progress : ProgressBar.stderrIsTerminal()) {
      bar = new ProgressBar(System.err, "calls");
      options.progress(bar);
    }
    SimulationReport result;
    try (Sinks sinks = sinks()) {
      result = TrafficSimulator.standalone(traffic, sinks.sink(), options).run();
    } catch (IllegalStateException e) {
      throw new UserError("the simulation stopped: " + e.getMessage(), e);
    } finally {
      if (bar != null) {
        bar.finish();
      }
    }
    Optional<QueueingTheory.Prediction> prediction =
        theory ? QueueingTheory.predict(traffic) : Optional.empty();
    PrintWriter out = spec.commandLine().getOut();
    if (theory && prediction.isEmpty()) {
      spec.commandLine()
          .getErr()
          .println(
              "switchboard: no theory for this model: Erlang C and A need one queue, exponential"
                  + " handle times, no or exponential patience, no answer delay, no after-call"
                  + " work, no holds, transfers or conferences, a flat day (and for Erlang C"
                  + " fewer erlangs than agents)");
    }
    if (report.equals("json")) {
      ObjectNode json = result.toJson();
      prediction.ifPresent(p -> json.set("theory", theoryJson(p)));
      out.println(Json.mapper().writeValueAsString(json));
    } else {
      out.print(result.toText());
      prediction.ifPresent(p -> out.print(theoryText(p, result)));
    }
    out.flush();
    return 0;
  }

  /** The configuration: defaults, then the file, then the options. */
  TrafficConfig configuration() throws IOException {
    TrafficConfig base;
    try {
      base = config == null ? TrafficConfig.defaults() : TrafficConfig.read(config);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    }
    try {
      return override(base);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    }
  }

  private TrafficConfig override(TrafficConfig base) {
    TrafficConfig.Builder b = base.toBuilder();
    Optional.ofNullable(seed).ifPresent(b::seed);
    Optional.ofNullable(slThreshold).ifPresent(b::serviceLevelSeconds);
    if (calls != null) {
      b.calls(calls);
      if (duration == null) {
        b.duration(Optional.empty());
      }
    }
    if (duration != null) {
      b.duration(Optional.of(parseDuration(duration)));
      if (calls == null) {
        b.calls(0);
      }
    }
    List<TrafficConfig.QueueConfig> qs = new ArrayList<>(base.queues());
    double total = qs.stream().mapToDouble(TrafficConfig.QueueConfig::callsPerHour).sum();
    boolean reshape = queues != null || agents != null || skills != null;
    if (reshape) {
      int m = queues != null ? queues : qs.size();
      int n = agents != null ? agents : base.agentCount();
      int k = skills != null ? skills : 1;
      if (m < 1 || m > TrafficConfig.MAX_QUEUES) {
        throw new IllegalArgumentException("--queues must be 1 to " + TrafficConfig.MAX_QUEUES);
      }
      if (k < 1 || k > m) {
        throw new IllegalArgumentException(
            "--skills must be 1 to the number of queues (" + m + ")");
      }
      TrafficConfig.QueueConfig template = qs.get(0);
      List<TrafficConfig.QueueConfig> shaped = new ArrayList<>();
      for (int q = 0; q < m; q++) {
        TrafficConfig.QueueConfig like = q < qs.size() ? qs.get(q) : template;
        shaped.add(
            new TrafficConfig.QueueConfig(
                m == qs.size() ? like.name() : "q" + (q + 1),
                total / m,
                like.handleTime(),
                like.patience()));
      }
      qs = shaped;
      b.agents(groups(n, m, k, qs));
    }
    if (arrivalRate != null) {
      double sum = qs.stream().mapToDouble(TrafficConfig.QueueConfig::callsPerHour).sum();
      List<TrafficConfig.QueueConfig> scaled = new ArrayList<>();
      for (TrafficConfig.QueueConfig q : qs) {
        double rate = sum > 0 ? arrivalRate * q.callsPerHour() / sum : arrivalRate / qs.size();
        scaled.add(new TrafficConfig.QueueConfig(q.name(), rate, q.handleTime(), q.patience()));
      }
      qs = scaled;
    }
    if (handleTimeMean != null || handleTimeDist != null || handleTimeCv != null) {
      List<TrafficConfig.QueueConfig> handled = new ArrayList<>();
      for (TrafficConfig.QueueConfig q : qs) {
        double mean = handleTimeMean != null ? handleTimeMean : q.handleTime().mean();
        String kind = handleTimeDist != null ? handleTimeDist : "exponential";
        Distribution d = handleTime(kind, mean);
        handled.add(new TrafficConfig.QueueConfig(q.name(), q.callsPerHour(), d, q.patience()));
      }
      qs = handled;
    }
    if (patienceMean != null) {
      Optional<Distribution> patience =
          patienceMean.equalsIgnoreCase("none")
              ? Optional.empty()
              : Optional.of(new Distribution.Exponential(number("--patience-mean", patienceMean)));
      List<TrafficConfig.QueueConfig> patient = new ArrayList<>();
      for (TrafficConfig.QueueConfig q : qs) {
        patient.add(
            new TrafficConfig.QueueConfig(q.name(), q.callsPerHour(), q.handleTime(), patience));
      }
      qs = patient;
    }
    b.queues(qs);
    Optional.ofNullable(ivr).ifPresent(v -> b.ivr(optionalDistribution("--ivr", v)));
    Optional.ofNullable(answerDelay)
        .ifPresent(v -> b.answerDelay(distribution("--answer-delay", v)));
    Optional.ofNullable(afterCallWork)
        .ifPresent(v -> b.afterCallWork(optionalDistribution("--after-call-work", v)));
    Optional.ofNullable(holdShare).ifPresent(b::holdShare);
    Optional.ofNullable(transferShare).ifPresent(b::transferShare);
    Optional.ofNullable(conferenceShare).ifPresent(b::conferenceShare);
    return b.build();
  }

  private Distribution handleTime(String kind, double mean) {
    return switch (kind.toLowerCase(Locale.ROOT)) {
      case "lognormal" ->
          new Distribution.LogNormal(mean, handleTimeCv != null ? handleTimeCv : 1.0);
      case "uniform" -> new Distribution.Uniform(0, 2 * mean);
      default -> Distribution.parse(kind + ":" + mean);
    };
  }

  /** N agents over M queues: agent i has queue i mod M and the next K-1. */
  private static List<TrafficConfig.AgentGroup> groups(
      int n, int m, int k, List<TrafficConfig.QueueConfig> qs) {
    List<TrafficConfig.AgentGroup> groups = new ArrayList<>();
    for (int q = 0; q < m; q++) {
      int count = n / m + (q < n % m ? 1 : 0);
      List<String> names = new ArrayList<>();
      for (int j = 0; j < k; j++) {
        names.add(qs.get((q + j) % m).name());
      }
      if (count > 0) {
        groups.add(new TrafficConfig.AgentGroup(count, names));
      }
    }
    return groups;
  }

  private static Distribution distribution(String option, String text) {
    try {
      return Distribution.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
    }
  }

  private static Optional<Distribution> optionalDistribution(String option, String text) {
    return text.equalsIgnoreCase("none")
        ? Optional.empty()
        : Optional.of(distribution(option, text));
  }

  private static double number(String option, String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          option + " must be a number of seconds or none, was '" + text + "'", e);
    }
  }

  private static java.time.Duration parseDuration(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    double factor =
        switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
          case 'd' -> 86_400;
          case 'h' -> 3600;
          case 'm' -> 60;
          case 's' -> 1;
          default -> -1;
        };
    try {
      if (factor > 0) {
        double value = Double.parseDouble(t.substring(0, t.length() - 1));
        if (value > 0) {
          return java.time.Duration.ofMillis(Math.round(value * factor * 1000));
        }
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "--duration must be a positive virtual time such as 8h, 90m, 3600s or 2d, was '"
            + text
            + "'");
  }

  private static ObjectNode theoryJson(QueueingTheory.Prediction p) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("model", p.model());
    o.put("p_wait", p.figures().pWait());
    o.put("asa_seconds", p.figures().asaSeconds());
    o.put("service_level", p.figures().serviceLevel());
    o.put("abandoned_share", p.figures().abandoned());
    o.put("occupancy", p.figures().occupancy());
    return o;
  }

  private static String theoryText(QueueingTheory.Prediction p, SimulationReport r) {
    QueueingTheory.Figures f = p.figures();
    double abandoned = r.offered() == 0 ? 0 : r.abandoned() / (double) r.offered();
    return String.format(
        Locale.ROOT,
        "%n%-24s %12s %12s%n%-24s %12.4f %12.4f%n%-24s %12.2f %12.2f%n%-24s %12.4f %12.4f%n"
            + "%-24s %12.4f %12.4f%n%-24s %12.4f %12.4f%n",
        "",
        "simulated",
        p.model(),
        "p_wait",
        r.pWait(),
        f.pWait(),
        "asa_seconds",
        r.asaSeconds(),
        f.asaSeconds(),
        "service_level",
        r.serviceLevel(),
        f.serviceLevel(),
        "abandoned share",
        abandoned,
        f.abandoned(),
        "occupancy",
        r.occupancy(),
        f.occupancy());
  }

  // ---------------------------------------------------------------- where the events go

  /** The partitions of the topics simulate creates, and of those its events file describes. */
  private static final int PARTITIONS = 6;

  private Sinks sinks() throws IOException {
    KafkaConnection connection = null;
    if (kafka != null) {
      connection =
          KafkaConnection.open(
              Optional.of(kafka),
              Path.of("."),
              0,
              Map.of(),
              TopicNames.defaults(),
              PARTITIONS,
              Optional.empty());
    }
    OutputStream file = null;
    if (eventsFile != null) {
      try {
        file = new BufferedOutputStream(Files.newOutputStream(eventsFile), 1 << 16);
      } catch (IOException e) {
        if (connection != null) {
          connection.close();
        }
        throw new UserError("cannot write the events to " + eventsFile + ": " + e.getMessage(), e);
      }
    }
    return new Sinks(
        connection,
        file,
        new RecordFile(PARTITIONS, "sim" + Long.toUnsignedString(seed == null ? 1 : seed)));
  }

  /** The Kafka sink, the events file, both or neither. */
  private static final class Sinks implements AutoCloseable {
    private final KafkaConnection connection;
    private final OutputStream file;
    private final RecordFile records;

    Sinks(KafkaConnection connection, OutputStream file, RecordFile records) {
      this.connection = connection;
      this.file = file;
      this.records = records;
    }

    EventSink sink() {
      return (tenant, events) -> {
        if (file != null) {
          try {
            records.write(tenant, events, file);
          } catch (IOException e) {
            return CompletableFuture.failedFuture(new UncheckedIOException(e));
          }
        }
        return connection != null
            ? connection.sink().publish(tenant, events)
            : CompletableFuture.completedFuture(null);
      };
    }

    @Override
    public void close() throws IOException {
      try {
        if (file != null) {
          file.close();
        }
      } finally {
        if (connection != null) {
          connection.close();
        }
      }
    }
  }
}
