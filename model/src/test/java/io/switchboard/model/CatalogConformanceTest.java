package io.switchboard.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compares the Java catalog with the reference data ({@code events.json} and {@code
 * attributes.json}): any difference is a red test. The reference lives outside the repository, in
 * {@code ../shared/spec} beside the checkout (or where the system property {@code
 * switchboard.spec.dir} points); without it the test is skipped.
 */
class CatalogConformanceTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static JsonNode events;
  private static JsonNode attributes;

  @BeforeAll
  static void readReference() throws IOException {
    Path dir = specDir();
    assumeTrue(
        dir != null,
        "reference spec not found beside the repository; skipping the conformance check");
    events = MAPPER.readTree(dir.resolve("events.json").toFile());
    attributes = MAPPER.readTree(dir.resolve("attributes.json").toFile());
  }

  private static Path specDir() {
    String configured = System.getProperty("switchboard.spec.dir");
    if (configured != null) {
      return Files.isRegularFile(Path.of(configured, "events.json")) ? Path.of(configured) : null;
    }
    // the module directory is the working directory of its tests; the checkout is one level up
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("spec");
      if (Files.isRegularFile(candidate.resolve("events.json"))) {
        return candidate;
      }
    }
    return null;
  }

  @Test
  void everyReferenceEventIsInTheCatalogAndNothingElse() {
    Set<String> reference = new TreeSet<>();
    events.forEach(e -> reference.add(e.get("name").asText()));
    Set<String> catalog =
        Arrays.stream(EventType.values())
            .filter(t -> t != EventType.EventError)
            .map(Enum::name)
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(catalog).isEqualTo(reference);
    assertThat(reference).hasSize(43);
  }

  @Test
  void topicsCodesAndAttributeListsMatch() {
    for (JsonNode e : events) {
      EventType type = EventType.valueOf(e.get("name").asText());
      Topic topic =
          switch (e.get("topic").asText()) {
            case "voice-agentstate" -> Topic.AGENT_STATE;
            case "voice-callthread" -> Topic.CALL_THREAD;
            default -> Topic.NONE;
          };
      assertThat(type.topic()).as("topic of %s", type).isEqualTo(topic);
      assertThat(type.published())
          .as("kafka flag of %s", type)
          .isEqualTo(e.get("kafka").asBoolean());
      assertThat(type.code())
          .as("T-Library code of %s", type)
          .isEqualTo(e.get("tlib_message_code").asInt());
      assertThat(names(type.mandatory()))
          .as("mandatory attributes of %s", type)
          .isEqualTo(list(e.get("mandatory")));
      assertThat(names(type.optional()))
          .as("optional attributes of %s", type)
          .isEqualTo(list(e.get("optional")));
    }
  }

  @Test
  void attributesAreTheVoiceMicroservicesList() {
    Set<String> reference = new TreeSet<>();
    attributes
        .fields()
        .forEachRemaining(
            f -> {
              if (f.getValue().path("in_vm_attribute_list").asBoolean()) {
                reference.add(f.getKey());
              }
            });
    assertThat(new TreeSet<>(Arrays.stream(Attribute.values()).map(Enum::name).toList()))
        .isEqualTo(reference);
    assertThat(reference).hasSize(42);
  }

  @Test
  void enumeratedValueSetsMatch() {
    Map<String, Class<? extends Enum<?>>> enums = new LinkedHashMap<>();
    enums.put("AgentWorkMode", AgentWorkMode.class);
    enums.put("CallState", CallState.class);
    enums.put("CallType", CallType.class);
    enums.put("ThisDNRole", DNRole.class);
    enums.put("OtherDNRole", DNRole.class);
    enums.put("ThirdPartyDNRole", DNRole.class);
    enums.put("TreatmentType", TreatmentType.class);
    enums.put("MonitorNextCallType", MonitorNextCallType.class);
    enums.forEach(
        (attribute, enumClass) -> {
          Map<String, Integer> reference = new LinkedHashMap<>();
          attributes
              .get(attribute)
              .get("values")
              .forEach(v -> reference.put(v.get("name").asText(), v.get("code").asInt()));
          Map<String, Integer> java = new LinkedHashMap<>();
          for (Enum<?> constant : enumClass.getEnumConstants()) {
            java.put(constant.name(), code(constant));
          }
          assertThat(java).as("values of %s", attribute).isEqualTo(reference);
          assertThat(Attribute.valueOf(attribute).enumClass())
              .as("enum class of %s", attribute)
              .contains(enumClass);
        });
  }

  private static int code(Enum<?> constant) {
    try {
      return (int) constant.getClass().getMethod("code").invoke(constant);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(constant.getClass() + " has no code()", e);
    }
  }

  private static Set<String> names(Set<Attribute> attributes) {
    return attributes.stream().map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> list(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false)
        .map(JsonNode::asText)
        .map(name -> name.equals("Event/id") ? "id" : name)
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
