package io.switchboard.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.engine.Delivery;
import io.switchboard.engine.DirectoryEntry;
import io.switchboard.engine.EventSink;
import io.switchboard.engine.IdSource;
import io.switchboard.engine.Outcome;
import io.switchboard.engine.TenantEngine;
import io.switchboard.json.EventJson;
import io.switchboard.model.Attribute;
import io.switchboard.model.ConnId;
import io.switchboard.model.Event;
import io.switchboard.model.Topic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The document {@code docs/call-models.md}: for every scenario file, a Mermaid sequence diagram
 * drawn from what the engine delivered when the file ran, step by step, to each party.
 *
 * <p>A scenario file states which call model it plays in its leading comment lines:
 *
 * <pre>{@code
 * # Call model: two-step-transfer-complete-after-consulted-party-answers
 * # Source: [SIPS-model] + [PSDK] TCompleteTransfer + [Inference]
 * # Any other comment lines describe the scenario.
 * }</pre>
 *
 * <p>{@code Call model} names the flows of the reference's call-model list (comma-separated) that
 * the file plays; {@code Source} says where the flow is documented and how firmly. Both are
 * optional, and either may go on over the next comment lines when they are indented ({@code #
 * followed by three spaces}); the other leading comment lines become the scenario's description.
 *
 * <p>Every file runs on a fresh engine with the same clock and ConnIDs, so the document is the same
 * on every run; a scenario that does not run to its end is an error, reported as such.
 */
public final class SequenceDiagrams {

  /** Where the scenarios' clock starts. */
  static final Instant START = Instant.parse("2024-01-15T09:00:00Z");

  /** The first ConnID of every run. */
  static final long FIRST_CONN_ID = 0x006c02a8b7e30001L;

  /** The participant that stands for Switchboard, the T-Server. */
  private static final String ENGINE = "SB";

  private static final String CALL_MODEL = "Call model:";
  private static final String SOURCE = "Source:";

  /** Stands for the last participant in a note that spans the diagram, until it is known. */
  private static final String LAST = "\u0000last";

  /** The width at which a note's text is broken into lines. */
  private static final int NOTE_WIDTH = 72;

  /** The attributes a diagram shows, in this order; ThisDN is the arrow's target. */
  private static final List<Attribute> SHOWN =
      List.of(
          Attribute.ConnID,
          Attribute.PreviousConnID,
          Attribute.CallType,
          Attribute.ThisDNRole,
          Attribute.ThisQueue,
          Attribute.OtherDN,
          Attribute.OtherDNRole,
          Attribute.ThirdPartyDN,
          Attribute.ThirdPartyDNRole,
          Attribute.CallState,
          Attribute.Cause,
          Attribute.AgentID,
          Attribute.AgentWorkMode,
          Attribute.Reasons,
          Attribute.MonitorNextCallType,
          Attribute.TreatmentType,
          Attribute.TreatmentParms,
          Attribute.CollectedDigits,
          Attribute.LastCollectedDigit,
          Attribute.ErrorCode);

  private SequenceDiagrams() {}

  /**
   * The whole document for the scenario files ({@code *.yaml}, {@code *.json}) of {@code folder},
   * in file-name order.
   *
   * @param link how the document links to the folder, e.g. {@code ../scenarios}
   * @throws IllegalStateException naming the file and the step, if a scenario does not run to its
   *     end
   * @throws IOException if a file cannot be read
   */
  public static String document(Path folder, String link) throws IOException {
    List<Path> files;
    try (Stream<Path> listing = Files.list(folder)) {
      files =
          listing
              .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".json"))
              .sorted()
              .toList();
    }
    List<Section> sections = new ArrayList<>();
    for (Path file : files) {
      sections.add(section(file));
    }
    List<Section> models = sections.stream().filter(Section::playsACallModel).toList();
    List<Section> others = sections.stream().filter(s -> !s.playsACallModel()).toList();
    StringBuilder out = new StringBuilder(INTRODUCTION);
    out.append("## Contents\n\n");
    contents(out, "The reference's call models", models);
    contents(out, "Other scenarios", others);
    out.append("## The reference's call models\n\n");
    models.forEach(section -> section(out, section, link));
    out.append("## Other scenarios\n\n");
    others.forEach(section -> section(out, section, link));
    return out.toString().stripTrailing() + "\n";
  }

  private static final String INTRODUCTION =
      """
      # Call models, as Switchboard plays them

      <!-- Generated by io.switchboard.sim.SequenceDiagrams from the scenario files: do not edit.
           mvn -B -pl sim test -Dtest=CallModelsDocumentTest -Dswitchboard.regenerate=true
           rewrites it; without the property, that test fails when it is out of date. -->

      One sequence diagram for each scenario file of [`scenarios/`](../scenarios), drawn from
      the events the engine delivered when the file ran. Set a diagram beside the Genesys page
      that its source names to compare the two. The leading comment of a scenario file names the
      call model it plays (`# Call model:`, the flow's name in the reference's list of call
      models) and where that model is documented (`# Source:`), with the tags of
      [engine.md](engine.md): **[VM]** the Voice Microservices pages, **[GenEM]** the classic
      T-Server call models, **[SIPS-model]** the SIP Server model, **[PSDK]** the Platform SDK
      reference, **[Inference]** a reading between them, **[Decision]** a choice of ours. Where
      the engine differs from the reference, a comment in the file says how.

      Reading a diagram:

      - Participants: `SB` is Switchboard (the T-Server); then the external numbers that act in
        the scenario; then the tenant's DNs, with their type.
      - A solid arrow into `SB` is a step of the file: a T-Library request from the DN that is
        its `ThisDN`, or a stimulus from the network, a phone or an IVR port. `Advance` (the
        clock moves on and the timers that fall due fire) is a note over `SB`.
      - An arrow out of `SB` is one event, delivered to the party at its head, in delivery
        order. It shows the attributes that tell the call models apart: ConnID,
        PreviousConnID, CallType, ThisDNRole, ThisQueue, OtherDN, OtherDNRole, ThirdPartyDN,
        ThirdPartyDNRole, CallState, Cause, AgentID (on agent and DN events), AgentWorkMode,
        Reasons, MonitorNextCallType, TreatmentType, TreatmentParms, CollectedDigits,
        LastCollectedDigit and ErrorCode, and UserData where it first appears on a call or
        changes. ThisDN is the party at the arrow's head; an event without ThisDN says so.
      - A ConnID appears as the name the file binds it to (`as: c1` appears as `c1`); a call the
        file does not name appears as `conn1`, `conn2`...
      - A solid line is an event published to Kafka (on `voice-agentstate` or
        `voice-callthread`); a dotted line one that stays off Kafka (EventAttachedDataChanged,
        EventError).

      """;

  private static void contents(StringBuilder out, String title, List<Section> sections) {
    out.append("**").append(title).append("**\n\n");
    out.append("| scenario | call model | source |\n|---|---|---|\n");
    for (Section section : sections) {
      out.append("| [")
          .append(section.stem())
          .append("](#")
          .append(section.stem())
          .append(") | ")
          .append(
              section.header().callModels().isEmpty()
                  ? "—"
                  : String.join(", ", section.header().callModels()))
          .append(" | ")
          .append(section.header().source().orElse("—").replace("|", "\\|"))
          .append(" |\n");
    }
    out.append('\n');
  }

  private static void section(StringBuilder out, Section section, String link) {
    out.append("### ").append(section.stem()).append("\n\n");
    out.append('*')
        .append(section.name())
        .append("*: [`")
        .append(section.fileName())
        .append("`](")
        .append(link)
        .append('/')
        .append(section.fileName())
        .append(")\n\n");
    if (section.playsACallModel()) {
      out.append("- Call model: ")
          .append(String.join(", ", section.header().callModels()))
          .append('\n');
    }
    section.header().source().ifPresent(s -> out.append("- Source: ").append(s).append('\n'));
    if (!section.header().description().isEmpty()) {
      out.append("- ").append(section.header().description()).append('\n');
    }
    out.append("\n```mermaid\n").append(section.diagram()).append("```\n\n");
  }

  /** One scenario's part of the document. */
  record Section(String stem, String fileName, String name, Header header, String diagram) {
    boolean playsACallModel() {
      return !header.callModels().isEmpty();
    }
  }

  /**
   * What a scenario file's leading comment lines say.
   *
   * @param callModels the flows named by {@code # Call model:}
   * @param source what {@code # Source:} says
   * @param description the other leading comment lines, joined
   */
  record Header(List<String> callModels, Optional<String> source, String description) {

    static Header of(String text) {
      StringBuilder models = new StringBuilder();
      StringBuilder source = new StringBuilder();
      List<String> description = new ArrayList<>();
      StringBuilder field = null;
      for (String line : text.lines().toList()) {
        if (!line.startsWith("#")) {
          break;
        }
        String comment = line.substring(1);
        if (field != null && comment.startsWith("  ") && !comment.isBlank()) {
          field.append(' ').append(comment.strip());
          continue;
        }
        comment = comment.strip();
        if (comment.startsWith(CALL_MODEL)) {
          field = models.append(comment.substring(CALL_MODEL.length()).strip());
        } else if (comment.startsWith(SOURCE)) {
          field = source.append(comment.substring(SOURCE.length()).strip());
        } else {
          field = null;
          if (!comment.isEmpty()) {
            description.add(comment);
          }
        }
      }
      List<String> names =
          Arrays.stream(models.toString().split(","))
              .map(String::strip)
              .filter(n -> !n.isEmpty())
              .toList();
      return new Header(
          names,
          source.isEmpty() ? Optional.empty() : Optional.of(source.toString()),
          String.join(" ", description));
    }
  }

  /** One step of a run and what it delivered. */
  record StepRun(ScenarioStep step, Outcome outcome) {}

  /** One run: its steps, and the names the file bound to ConnIDs. */
  record Run(ScenarioFile scenario, List<StepRun> steps, Map<String, ConnId> bindings) {}

  static Section section(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    ScenarioFile scenario = ScenarioFile.parse(file);
    Run run = run(scenario, file.toString());
    String fileName = file.getFileName().toString();
    String stem = fileName.substring(0, fileName.lastIndexOf('.'));
    return new Section(
        stem, fileName, scenario.name(), Header.of(text), diagram(run, text.lines().toList()));
  }

  /**
   * Runs {@code scenario} on a fresh engine and keeps what each step delivered.
   *
   * @throws IllegalStateException if the run stops before its end
   */
  static Run run(ScenarioFile scenario, String where) {
    ScenarioClock clock = new ScenarioClock(START);
    IdSource ids = IdSource.sequential(FIRST_CONN_ID);
    TenantEngine engine = new TenantEngine(scenario.tenantConfig("Switchboard"), clock, ids);
    EventSink none = (tenant, events) -> CompletableFuture.completedFuture(null);
    List<Outcome> outcomes = new ArrayList<>();
    ScenarioResult result =
        new ScenarioRunner(none, clock, ids)
            .run(
                scenario,
                step -> {
                  Outcome outcome = engine.handle(step);
                  outcomes.add(outcome);
                  return CompletableFuture.completedFuture(outcome);
                });
    if (!result.succeeded()) {
      throw new IllegalStateException(
          where + ": the scenario does not run to its end: " + result.failure().get().message());
    }
    List<StepRun> steps = new ArrayList<>();
    for (int i = 0; i < outcomes.size(); i++) {
      steps.add(new StepRun(scenario.steps().get(i), outcomes.get(i)));
    }
    return new Run(scenario, steps, result.bindings());
  }

  /** The Mermaid sequence diagram of {@code run}, one line per step and per event. */
  static String diagram(Run run, List<String> fileLines) {
    ConnIdNames names = new ConnIdNames(run.bindings());
    Participants participants = new Participants(run.scenario().directory());
    List<String> lines = new ArrayList<>();
    Map<ConnId, String> userData = new HashMap<>();
    EventJson json = new EventJson();
    for (StepRun step : run.steps()) {
      JsonNode node = step.step().node();
      String name = stepName(node);
      JsonNode body = node.path(name);
      Optional<String> actor = actor(body);
      String label = stepLabel(name, body, node);
      String comment = comment(fileLines, step.step().line());
      if (!comment.isEmpty()) {
        lines.add("Note over " + ENGINE + "," + LAST + ": " + wrap(safe(comment)));
      }
      if (actor.isPresent()) {
        lines.add(participants.id(actor.get()) + "->>" + ENGINE + ": " + label);
      } else {
        lines.add("Note over " + ENGINE + ": " + label);
      }
      for (Delivery delivery : step.outcome().deliveries()) {
        Event event = delivery.event();
        String arrow = event.type().topic() == Topic.NONE ? "--)" : "-)";
        lines.add(
            ENGINE
                + arrow
                + participants.id(delivery.party())
                + ": "
                + describe(event, json, names, userData));
      }
    }
    StringBuilder out = new StringBuilder("sequenceDiagram\n");
    out.append("  participant ").append(ENGINE).append(" as Switchboard\n");
    participants.declarations().forEach(d -> out.append("  ").append(d).append('\n'));
    String last = participants.lastId();
    lines.forEach(l -> out.append("  ").append(l.replace(LAST, last)).append('\n'));
    return out.toString();
  }

  /**
   * The participants of a diagram, in drawing order: the external numbers (and other parties that
   * are not DNs of the directory) as they first appear, then the DNs of the directory in its order.
   */
  private static final class Participants {
    private final Map<String, String> types = new LinkedHashMap<>();
    private final Map<String, String> ids = new LinkedHashMap<>();

    Participants(List<DirectoryEntry> directory) {
      directory.forEach(e -> types.put(e.dn(), e.type().name()));
    }

    /** The Mermaid id of {@code party}, which from now on takes part in the diagram. */
    String id(String party) {
      return ids.computeIfAbsent(
          party,
          p -> {
            String id = "p" + p.replaceAll("[^A-Za-z0-9]", "_");
            while (ids.containsValue(id)) {
              id = id + "_";
            }
            return id;
          });
    }

    /** The parties that take part, in drawing order. */
    List<String> drawn() {
      List<String> drawn = new ArrayList<>();
      ids.keySet().stream().filter(p -> !types.containsKey(p)).forEach(drawn::add);
      types.keySet().stream().filter(ids::containsKey).forEach(drawn::add);
      return drawn;
    }

    /** The id of the participant drawn last, or the engine's when no other takes part. */
    String lastId() {
      List<String> drawn = drawn();
      return drawn.isEmpty() ? ENGINE : ids.get(drawn.get(drawn.size() - 1));
    }

    List<String> declarations() {
      return drawn().stream()
          .map(
              p ->
                  "participant "
                      + ids.get(p)
                      + " as "
                      + safe(p)
                      + " ("
                      + types.getOrDefault(p, "external")
                      + ")")
          .toList();
    }
  }

  /**
   * The comment lines right above a step (its line, from 1, in {@code fileLines}), joined: what the
   * file says about that step, e.g. how the engine differs from the reference there.
   */
  private static String comment(List<String> fileLines, int line) {
    List<String> comment = new ArrayList<>();
    for (int i = line - 2; i >= 0; i--) {
      String text = fileLines.get(i).strip();
      if (!text.startsWith("#")) {
        break;
      }
      comment.add(0, text.substring(1).strip());
    }
    return String.join(" ", comment).strip();
  }

  /** {@code text} broken into lines of about {@link #NOTE_WIDTH} characters. */
  private static String wrap(String text) {
    StringBuilder out = new StringBuilder();
    int width = 0;
    for (String word : text.split(" +")) {
      if (width > 0 && width + 1 + word.length() > NOTE_WIDTH) {
        out.append("<br/>");
        width = 0;
      } else if (width > 0) {
        out.append(' ');
        width++;
      }
      out.append(word);
      width += word.length();
    }
    return out.toString();
  }

  private static String stepName(JsonNode node) {
    Iterator<String> keys = node.fieldNames();
    while (keys.hasNext()) {
      String key = keys.next();
      if (!key.equals("as") && !key.equals("expectError")) {
        return key;
      }
    }
    throw new IllegalStateException("a step without a name: " + node);
  }

  /** Who acts in a step: the requester (ThisDN), the caller (From), the device or party (DN). */
  private static Optional<String> actor(JsonNode body) {
    for (String key : List.of("ThisDN", "From", "DN")) {
      if (body.path(key).isTextual()) {
        return Optional.of(body.path(key).textValue());
      }
    }
    return Optional.empty();
  }

  private static String stepLabel(String name, JsonNode body, JsonNode node) {
    List<String> parts = new ArrayList<>();
    String as = null;
    boolean expectError = false;
    Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      switch (field.getKey()) {
        case "ThisDN", "From", "DN" -> {}
        case "as" -> as = field.getValue().asText();
        case "expectError" -> expectError = field.getValue().asBoolean();
        case "seconds" -> {
          return safe(name + " " + field.getValue().asText() + " s");
        }
        default -> parts.add(field.getKey() + " " + stepValue(field.getValue()));
      }
    }
    if (node.has("as")) {
      as = node.get("as").asText();
    }
    if (node.has("expectError")) {
      expectError = node.get("expectError").asBoolean();
    }
    StringBuilder label = new StringBuilder(name);
    if (!parts.isEmpty()) {
      label.append(" {").append(String.join(", ", parts)).append('}');
    }
    if (as != null) {
      label.append(" as ").append(as);
    }
    if (expectError) {
      label.append(" (to be rejected)");
    }
    return safe(label.toString());
  }

  private static String describe(
      Event event, EventJson json, ConnIdNames names, Map<ConnId, String> userData) {
    JsonNode tree = json.toTree(event);
    List<String> parts = new ArrayList<>();
    if (!event.has(Attribute.ThisDN)) {
      parts.add("no ThisDN");
    }
    for (Attribute attribute : SHOWN) {
      Optional<Object> value = event.get(attribute);
      if (value.isEmpty()
          || (attribute == Attribute.AgentID && event.type().topic() != Topic.AGENT_STATE)) {
        continue;
      }
      if (value.get() instanceof ConnId connId) {
        parts.add(attribute.name() + " " + names.of(connId));
      } else {
        parts.add(attribute.name() + " " + value(tree.get(attribute.name())));
      }
    }
    Optional<Object> connId = event.get(Attribute.ConnID);
    Optional<Object> data = event.get(Attribute.UserData);
    if (connId.isPresent() && data.isPresent()) {
      String shown = value(tree.get(Attribute.UserData.name()));
      if (!shown.equals(userData.put((ConnId) connId.get(), shown))) {
        parts.add("UserData " + shown);
      }
    }
    String text = event.name();
    if (!parts.isEmpty()) {
      text += " {" + String.join(", ", parts) + "}";
    }
    return safe(text);
  }

  /** The names that ConnIDs are shown by: those the file binds, then conn1, conn2... */
  private static final class ConnIdNames {
    private final Map<ConnId, String> names = new HashMap<>();
    private int unnamed;

    ConnIdNames(Map<String, ConnId> bindings) {
      bindings.forEach((name, connId) -> names.putIfAbsent(connId, name));
    }

    String of(ConnId connId) {
      return names.computeIfAbsent(connId, c -> "conn" + ++unnamed);
    }
  }

  /** A value of a step as the file writes it, with {@code $NAME} as NAME. */
  private static String stepValue(JsonNode node) {
    String text = value(node);
    return node.isTextual() && text.startsWith("$") ? text.substring(1) : text;
  }

  /** A value as text: a string as is, a map as {@code {key: value}}, a list as {@code [a, b]}. */
  private static String value(JsonNode node) {
    if (node == null || node.isNull()) {
      return "null";
    }
    if (node.isObject()) {
      List<String> entries = new ArrayList<>();
      node.fields().forEachRemaining(e -> entries.add(e.getKey() + ": " + value(e.getValue())));
      return "{" + String.join(", ", entries) + "}";
    }
    if (node.isArray()) {
      List<String> items = new ArrayList<>();
      node.forEach(n -> items.add(value(n)));
      return "[" + String.join(", ", items) + "]";
    }
    return node.asText();
  }

  /**
   * {@code text} with {@code ;} and {@code #} written as Mermaid entity codes: Mermaid ends a
   * statement at a bare {@code ;} and reads {@code #} as the start of an entity.
   */
  private static String safe(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case ';' -> out.append("#59;");
        case '#' -> out.append("#35;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
