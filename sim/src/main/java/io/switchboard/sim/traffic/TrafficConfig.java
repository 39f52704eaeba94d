package io.switchboard.sim.traffic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a traffic simulation runs: the contact center (queues, agents, supervisors), the callers
 * (arrival rates, patience), the agents' work (handle time, after-call work, holds, transfers,
 * conferences), and how long it runs. Every setting has a default, documented here and in {@code
 * docs/simulator.md}; a YAML file ({@link #read}) or the command line changes any of them.
 *
 * @param tenant the tenant the simulated contact center is (default {@code sim})
 * @param seed the seed of every random draw: the same seed and configuration give the same events
 *     (default 1)
 * @param start the virtual time the run starts at (default 2026-01-05T08:00:00Z, a Monday)
 * @param queues the ACD queues and their traffic (default one queue, {@code q1}, 360 calls an hour)
 * @param agents the agents, in groups that share skills (default 20 agents in every queue)
 * @param supervisors Extensions without a queue that agents conference in (default 2)
 * @param ivr the time a caller spends in the IVR treatment on the routing point before being routed
 *     to a queue; empty: routed at once (default exponential, mean 10 s)
 * @param answerDelay the time an agent lets a call ring before answering (default 0)
 * @param afterCallWork the after-call work of an agent after each call; empty: none, the agents
 *     work in AutoIn (default none)
 * @param holdShare the share of answered calls that the agent puts on hold once (default 0)
 * @param holdTime how long a hold lasts; it adds to the handle time (default exponential, 30 s)
 * @param transferShare the share of answered calls that the agent transfers, at the end of its
 *     handle time, to another queue (single-step; at most once per call) (default 0)
 * @param conferenceShare the share of answered calls into which the agent conferences a free
 *     supervisor, half-way through the handle time (default 0)
 * @param conferenceTime how long the supervisor stays (default exponential, 60 s)
 * @param profile 24 factors, one per hour of the virtual day, that multiply every queue's arrival
 *     rate (default all 1: a flat day)
 * @param calls how many calls arrive before arrivals stop; the run ends when the last call is over
 *     (default 10,000; 0 with {@code duration} set: no limit)
 * @param duration how long arrivals go on, in virtual time; empty: until {@code calls} (default
 *     empty)
 * @param serviceLevelSeconds the service-level threshold: the share of offered calls answered
 *     within it is the service level (default 20 s)
 * @param userData whether calls carry user data (a segment, an account number, the reason for the
 *     call), as a routing strategy would attach (default true)
 */
public record TrafficConfig(
    String tenant,
    long seed,
    Instant start,
    List<QueueConfig> queues,
    List<AgentGroup> agents,
    int supervisors,
    Optional<Distribution> ivr,
    Distribution answerDelay,
    Optional<Distribution> afterCallWork,
    double holdShare,
    Distribution holdTime,
    double transferShare,
    double conferenceShare,
    Distribution conferenceTime,
    List<Double> profile,
    long calls,
    Optional<Duration> duration,
    double serviceLevelSeconds,
    boolean userData) {

  /** The default start: a Monday morning. */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-05T08:00:00Z");

  /** The most queues a configuration may have (their DNs are 7001 to 7099). */
  public static final int MAX_QUEUES = 99;

  /** The most agents a configuration may have (their DNs are 1000000 to 1999999). */
  public static final int MAX_AGENTS = 1_000_000;

  /**
   * An ACD queue and the calls that arrive for it.
   *
   * @param name the queue's name, the skill it stands for
   * @param callsPerHour the mean arrival rate of its Poisson process, before the day's profile
   * @param handleTime the time an agent talks with a caller of this queue
   * @param patience how long a caller waits in this queue before hanging up; empty: forever
   */
  public record QueueConfig(
      String name, double callsPerHour, Distribution handleTime, Optional<Distribution> patience) {
    public QueueConfig {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("a queue needs a name");
      }
      if (!(callsPerHour >= 0) || Double.isInfinite(callsPerHour)) {
        throw new IllegalArgumentException(
            "queue " + name + ": callsPerHour must be 0 or more, was " + callsPerHour);
      }
      Objects.requireNonNull(handleTime, "handleTime");
      Objects.requireNonNull(patience, "patience");
    }
  }

  /**
   * Agents with the same skills.
   *
   * @param count how many
   * @param queues the names of the queues they log in to
   */
  public record AgentGroup(int count, List<String> queues) {
    public AgentGroup {
      if (count < 0) {
        throw new IllegalArgumentException("an agent group needs a count of 0 or more");
      }
      queues = List.copyOf(queues);
      if (queues.isEmpty()) {
        throw new IllegalArgumentException("an agent group needs at least one queue");
      }
    }
  }

  public TrafficConfig {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(start, "start");
    queues = List.copyOf(queues);
    agents = List.copyOf(agents);
    Objects.requireNonNull(ivr, "ivr");
    Objects.requireNonNull(answerDelay, "answerDelay");
    Objects.requireNonNull(afterCallWork, "afterCallWork");
    Objects.requireNonNull(holdTime, "holdTime");
    Objects.requireNonNull(conferenceTime, "conferenceTime");
    Objects.requireNonNull(duration, "duration");
    profile = List.copyOf(profile);
    if (queues.isEmpty() || queues.size() > MAX_QUEUES) {
      throw new IllegalArgumentException(
          "a simulation needs 1 to " + MAX_QUEUES + " queues, has " + queues.size());
    }
    Set<String> names = new HashSet<>();
    for (QueueConfig queue : queues) {
      if (!names.add(queue.name())) {
        throw new IllegalArgumentException("queue " + queue.name() + " is configured twice");
      }
    }
    long total = 0;
    for (AgentGroup group : agents) {
      total += group.count();
      for (String queue : group.queues()) {
        if (!names.contains(queue)) {
          throw new IllegalArgumentException(
              "an agent group names queue '"
                  + queue
                  + "', which is not configured; queues: "
                  + names);
        }
      }
    }
    if (total < 1 || total > MAX_AGENTS) {
      throw new IllegalArgumentException(
          "a simulation needs 1 to " + MAX_AGENTS + " agents, has " + total);
    }
    if (supervisors < 0 || supervisors > 999) {
      throw new IllegalArgumentException("supervisors must be 0 to 999, was " + supervisors);
    }
    share("holds", holdShare);
    share("transfers", transferShare);
    share("conferences", conferenceShare);
    if (conferenceShare > 0 && supervisors == 0) {
      throw new IllegalArgumentException(
          "conferences need supervisors to conference in; set supervisors to 1 or more");
    }
    if (profile.size() != 24 || profile.stream().anyMatch(f -> !(f >= 0) || f.isInfinite())) {
      throw new IllegalArgumentException(
          "the profile needs 24 factors of 0 or more, one per hour of the day; has " + profile);
    }
    if (profile.stream().allMatch(f -> f == 0)) {
      throw new IllegalArgumentException("the profile is 0 all day: no call would ever arrive");
    }
    if (calls < 0 || (calls == 0 && duration.isEmpty())) {
      throw new IllegalArgumentException(
          "calls must be 1 or more, or 0 with a duration (arrivals for a virtual time); was "
              + calls);
    }
    duration.ifPresent(
        d -> {
          if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("duration must be positive, was " + d);
          }
        });
    if (!(serviceLevelSeconds >= 0)) {
      throw new IllegalArgumentException(
          "the service-level threshold must be 0 seconds or more, was " + serviceLevelSeconds);
    }
  }

  /** The defaults, as documented on each component. */
  public static TrafficConfig defaults() {
    return new TrafficConfig(
        "sim",
        1,
        DEFAULT_START,
        List.of(new QueueConfig("q1", 360, new Distribution.Exponential(180), Optional.empty())),
        List.of(new AgentGroup(20, List.of("q1"))),
        2,
        Optional.of(new Distribution.Exponential(10)),
        new Distribution.Constant(0),
        Optional.empty(),
        0,
        new Distribution.Exponential(30),
        0,
        0,
        new Distribution.Exponential(60),
        Collections.nCopies(24, 1.0),
        10_000,
        Optional.empty(),
        20,
        true);
  }

  /**
   * A lively contact center for a demonstration ({@code switchboard run --simulate}): 16 agents in
   * two queues (sales, support; a quarter of the agents have both skills), about ten calls a
   * minute, realistic handle times, after-call work, impatient callers, and some holds, transfers
   * and conferences; arrivals never stop.
   */
  public static TrafficConfig demo() {
    TrafficConfig d = defaults();
    return new TrafficConfig(
        d.tenant(),
        d.seed(),
        d.start(),
        List.of(
            new QueueConfig(
                "sales",
                300,
                new Distribution.LogNormal(60, 0.6),
                Optional.of(new Distribution.Exponential(90))),
            new QueueConfig(
                "support",
                300,
                new Distribution.LogNormal(75, 0.8),
                Optional.of(new Distribution.Exponential(120)))),
        List.of(
            new AgentGroup(6, List.of("sales")),
            new AgentGroup(6, List.of("support")),
            new AgentGroup(4, List.of("sales", "support"))),
        2,
        Optional.of(new Distribution.Exponential(8)),
        new Distribution.Uniform(1, 4),
        Optional.of(new Distribution.Exponential(10)),
        0.15,
        new Distribution.Exponential(20),
        0.08,
        0.05,
        new Distribution.Exponential(30),
        d.profile(),
        0,
        Optional.of(Duration.ofDays(3650)),
        d.serviceLevelSeconds(),
        true);
  }

  /** The number of agents in all groups. */
  public int agentCount() {
    return agents.stream().mapToInt(AgentGroup::count).sum();
  }

  /** The index of queue {@code name} in {@link #queues()}, or -1. */
  public int queueIndex(String name) {
    for (int i = 0; i < queues.size(); i++) {
      if (queues.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** A copy with another seed. */
  public TrafficConfig withSeed(long newSeed) {
    return new Builder(this).seed(newSeed).build();
  }

  /** A copy with another number of calls. */
  public TrafficConfig withCalls(long newCalls) {
    return new Builder(this).calls(newCalls).build();
  }

  /** A builder that starts from this configuration. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Reads a YAML (or JSON) configuration file; what it leaves out keeps its default. The keys are
   * the component names of this record, with {@code holds}, {@code transfers} and {@code
   * conferences} as {@code {share, time}} maps; see {@code docs/simulator.md}.
   *
   * @throws IllegalArgumentException naming the file, the key and what is wrong
   * @throws IOException if the file cannot be read
   */
  public static TrafficConfig read(Path file) throws IOException {
    JsonNode root;
    try {
      root = Json.yamlMapper().readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(
          "no simulation file " + file + "; give the path of a YAML simulation file", e);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(file + " is not valid YAML: " + e.getOriginalMessage(), e);
    }
    try {
      return parse(root, defaults());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** Reads a configuration tree over {@code base}. */
  static TrafficConfig parse(JsonNode root, TrafficConfig base) {
    if (root == null || root.isNull() || root.isMissingNode()) {
      return base;
    }
    if (!root.isObject()) {
      throw new IllegalArgumentException("a simulation file is a map of settings");
    }
    Builder b = new Builder(base);
    Iterator<String> keys = root.fieldNames();
    while (keys.hasNext()) {
      String key = keys.next();
      JsonNode v = root.get(key);
      switch (key) {
        case "tenant" -> b.tenant(text(key, v));
        case "seed" -> b.seed(integer(key, v));
        case "start" -> b.start(instant(key, v));
        case "queues" -> b.queues(queues(v, base));
        case "agents" -> b.agents(agents(v));
        case "supervisors" -> b.supervisors((int) integer(key, v));
        case "ivr" -> b.ivr(optionalDistribution(key, v));
        case "answerDelay" -> b.answerDelay(distribution(key, v));
        case "afterCallWork" -> b.afterCallWork(optionalDistribution(key, v));
        case "holds" -> {
          b.holdShare(shareOf(key, v));
          if (v.has("time")) {
            b.holdTime(distribution("holds.time", v.get("time")));
          }
          onlyKeys(key, v, "share", "time");
        }
        case "transfers" -> {
          b.transferShare(shareOf(key, v));
          onlyKeys(key, v, "share");
        }
        case "conferences" -> {
          b.conferenceShare(shareOf(key, v));
          if (v.has("time")) {
            b.conferenceTime(distribution("conferences.time", v.get("time")));
          }
          onlyKeys(key, v, "share", "time");
        }
        case "profile" -> b.profile(profile(v));
        case "calls" -> b.calls(integer(key, v));
        case "duration" -> b.duration(Optional.of(duration(key, v)));
        case "serviceLevelSeconds" -> b.serviceLevelSeconds(number(key, v));
        case "userData" -> {
          if (!v.isBoolean()) {
            throw new IllegalArgumentException("userData must be true or false");
          }
          b.userData(v.booleanValue());
        }
        default ->
            throw new IllegalArgumentException(
                "unknown setting '"
                    + key
                    + "'; the settings are tenant, seed, start, queues, agents, supervisors, ivr,"
                    + " answerDelay, afterCallWork, holds, transfers, conferences, profile, calls,"
                    + " duration, serviceLevelSeconds, userData");
      }
    }
    return b.build();
  }

  private static List<QueueConfig> queues(JsonNode v, TrafficConfig base) {
    if (!v.isArray() || v.isEmpty()) {
      throw new IllegalArgumentException(
          "queues is a list of {name, callsPerHour, handleTime, patience}");
    }
    QueueConfig template = base.queues().get(0);
    List<QueueConfig> queues = new ArrayList<>();
    for (JsonNode q : v) {
      if (!q.isObject() || !q.has("name")) {
        throw new IllegalArgumentException(
            "each queue is a map with at least a name: {name: sales, callsPerHour: 300}");
      }
      String name = text("queues.name", q.get("name"));
      String where = "queue " + name + ": ";
      onlyKeys(where, q, "name", "callsPerHour", "handleTime", "patience");
      queues.add(
          new QueueConfig(
              name,
              q.has("callsPerHour")
                  ? number(where + "callsPerHour", q.get("callsPerHour"))
                  : template.callsPerHour(),
              q.has("handleTime")
                  ? distribution(where + "handleTime", q.get("handleTime"))
                  : template.handleTime(),
              q.has("patience")
                  ? optionalDistribution(where + "patience", q.get("patience"))
                  : template.patience()));
    }
    return queues;
  }

  private static List<AgentGroup> agents(JsonNode v) {
    if (!v.isArray() || v.isEmpty()) {
      throw new IllegalArgumentException(
          "agents is a list of groups: - {count: 10, queues: [sales, support]}");
    }
    List<AgentGroup> groups = new ArrayList<>();
    for (JsonNode g : v) {
      if (!g.isObject() || !g.has("count") || !g.has("queues") || !g.get("queues").isArray()) {
        throw new IllegalArgumentException(
            "each agent group is {count: N, queues: [names]}, e.g. {count: 10, queues: [sales]}");
      }
      onlyKeys("agent group", g, "count", "queues");
      List<String> queues = new ArrayList<>();
      g.get("queues").forEach(q -> queues.add(text("agents.queues", q)));
      groups.add(new AgentGroup((int) integer("agents.count", g.get("count")), queues));
    }
    return groups;
  }

  private static List<Double> profile(JsonNode v) {
    if (!v.isArray()) {
      throw new IllegalArgumentException(
          "profile is a list of 24 factors, one per hour of the day from midnight");
    }
    List<Double> factors = new ArrayList<>();
    v.forEach(f -> factors.add(number("profile", f)));
    return factors;
  }

  private static double shareOf(String key, JsonNode v) {
    if (!v.isObject() || !v.has("share")) {
      throw new IllegalArgumentException(key + " is a map with a share: {share: 0.1}");
    }
    return number(key + ".share", v.get("share"));
  }

  private static void onlyKeys(String where, JsonNode v, String... allowed) {
    List<String> names = List.of(allowed);
    v.fieldNames()
        .forEachRemaining(
            k -> {
              if (!names.contains(k)) {
                throw new IllegalArgumentException(
                    where + ": unknown key '" + k + "'; the keys are " + names);
              }
            });
  }

  private static Optional<Distribution> optionalDistribution(String key, JsonNode v) {
    if (v.isNull() || (v.isTextual() && v.textValue().equalsIgnoreCase("none"))) {
      return Optional.empty();
    }
    return Optional.of(distribution(key, v));
  }

  /** A distribution: {@code exponential:180} or {@code {dist: exponential, mean: 180}}. */
  private static Distribution distribution(String key, JsonNode v) {
    try {
      if (v.isTextual()) {
        return Distribution.parse(v.textValue());
      }
      if (v.isNumber()) {
        return new Distribution.Constant(v.doubleValue());
      }
      if (v.isObject() && v.has("dist")) {
        onlyKeys(key, v, "dist", "mean", "cv", "min", "max");
        String kind = text(key + ".dist", v.get("dist"));
        if (kind.equalsIgnoreCase("uniform")) {
          return new Distribution.Uniform(
              number(key + ".min", v.path("min")), number(key + ".max", v.path("max")));
        }
        return Distribution.of(
            kind,
            number(key + ".mean", v.path("mean")),
            v.has("cv") ? String.valueOf(number(key + ".cv", v.get("cv"))) : null);
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
    }
    throw new IllegalArgumentException(
        key
            + " is a distribution: exponential:180, lognormal:180:0.8, constant:30, uniform:10:50,"
            + " or {dist: lognormal, mean: 180, cv: 0.8}");
  }

  private static String text(String key, JsonNode v) {
    if (!v.isTextual() && !v.isNumber()) {
      throw new IllegalArgumentException(key + " must be text, was " + v);
    }
    return v.asText();
  }

  private static long integer(String key, JsonNode v) {
    if (!v.canConvertToLong() || !v.isIntegralNumber()) {
      throw new IllegalArgumentException(key + " must be a whole number, was " + v);
    }
    return v.longValue();
  }

  private static double number(String key, JsonNode v) {
    if (!v.isNumber()) {
      throw new IllegalArgumentException(key + " must be a number, was " + v);
    }
    return v.doubleValue();
  }

  private static Instant instant(String key, JsonNode v) {
    try {
      return Instant.parse(text(key, v));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          key + " must be an instant such as 2026-01-05T08:00:00Z, was " + v, e);
    }
  }

  private static Duration duration(String key, JsonNode v) {
    String t = text(key, v).strip().toLowerCase(java.util.Locale.ROOT);
    try {
      if (t.endsWith("h")) {
        return Duration.ofMillis(
            (long) (Double.parseDouble(t.substring(0, t.length() - 1)) * 3.6e6));
      }
      if (t.endsWith("m")) {
        return Duration.ofMillis((long) (Double.parseDouble(t.substring(0, t.length() - 1)) * 6e4));
      }
      if (t.endsWith("s")) {
        return Duration.ofMillis((long) (Double.parseDouble(t.substring(0, t.length() - 1)) * 1e3));
      }
      if (t.endsWith("d")) {
        return Duration.ofMillis(
            (long) (Double.parseDouble(t.substring(0, t.length() - 1)) * 86.4e6));
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        key + " must be a virtual time such as 8h, 90m, 3600s or 2d, was " + v);
  }

  private static void share(String what, double share) {
    if (!(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException(
          "the share of " + what + " must be between 0 and 1, was " + share);
    }
  }

  /** A mutable copy of a configuration, for the command line and files. */
  public static final class Builder {
    private String tenant;
    private long seed;
    private Instant start;
    private List<QueueConfig> queues;
    private List<AgentGroup> agents;
    private int supervisors;
    private Optional<Distribution> ivr;
    private Distribution answerDelay;
    private Optional<Distribution> afterCallWork;
    private double holdShare;
    private Distribution holdTime;
    private double transferShare;
    private double conferenceShare;
    private Distribution conferenceTime;
    private List<Double> profile;
    private long calls;
    private Optional<Duration> duration;
    private double serviceLevelSeconds;
    private boolean userData;

    Builder(TrafficConfig c) {
      tenant = c.tenant;
      seed = c.seed;
      start = c.start;
      queues = c.queues;
      agents = c.agents;
      supervisors = c.supervisors;
      ivr = c.ivr;
      answerDelay = c.answerDelay;
      afterCallWork = c.afterCallWork;
      holdShare = c.holdShare;
      holdTime = c.holdTime;
      transferShare = c.transferShare;
      conferenceShare = c.conferenceShare;
      conferenceTime = c.conferenceTime;
      profile = c.profile;
      calls = c.calls;
      duration = c.duration;
      serviceLevelSeconds = c.serviceLevelSeconds;
      userData = c.userData;
    }

    public Builder tenant(String v) {
      tenant = v;
      return this;
    }

    public Builder seed(long v) {
      seed = v;
      return this;
    }

    public Builder start(Instant v) {
      start = v;
      return this;
    }

    public Builder queues(List<QueueConfig> v) {
      queues = v;
      return this;
    }

    public Builder agents(List<AgentGroup> v) {
      agents = v;
      return this;
    }

    public Builder supervisors(int v) {
      supervisors = v;
      return this;
    }

    public Builder ivr(Optional<Distribution> v) {
      ivr = v;
      return this;
    }

    public Builder answerDelay(Distribution v) {
      answerDelay = v;
      return this;
    }

    public Builder afterCallWork(Optional<Distribution> v) {
      afterCallWork = v;
      return this;
    }

    public Builder holdShare(double v) {
      holdShare = v;
      return this;
    }

    public Builder holdTime(Distribution v) {
      holdTime = v;
      return this;
    }

    public Builder transferShare(double v) {
      transferShare = v;
      return this;
    }

    public Builder conferenceShare(double v) {
      conferenceShare = v;
      return this;
    }

    public Builder conferenceTime(Distribution v) {
      conferenceTime = v;
      return this;
    }

    public Builder profile(List<Double> v) {
      profile = v;
      return this;
    }

    public Builder calls(long v) {
      calls = v;
      return this;
    }

    public Builder duration(Optional<Duration> v) {
      duration = v;
      return this;
    }

    public Builder serviceLevelSeconds(double v) {
      serviceLevelSeconds = v;
      return this;
    }

    public Builder userData(boolean v) {
      userData = v;
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalArgumentException if a setting is out of range, saying which and why
     */
    public TrafficConfig build() {
      return new TrafficConfig(
          tenant,
          seed,
          start,
          queues,
          agents,
          supervisors,
          ivr,
          answerDelay,
          afterCallWork,
          holdShare,
          holdTime,
          transferShare,
          conferenceShare,
          conferenceTime,
          profile,
          calls,
          duration,
          serviceLevelSeconds,
          userData);
    }
  }
}
