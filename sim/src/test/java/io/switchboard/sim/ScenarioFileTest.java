package io.switchboard.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.engine.DirectoryEntry;
import io.switchboard.json.Json;
import io.switchboard.model.Attribute;
import io.switchboard.model.DNType;
import io.switchboard.model.EventType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioFileTest {

  /** The example of the scenario format, without the steps the model does not have yet. */
  static final String EXAMPLE =
      """
      name: inbound call routed to an agent, data updated, released
      tenant: acme                 # the tenant_id of every Kafka key of this run
      directory:                   # this tenant's DNs; any number not listed is external
        - {dn: "5001", type: Extension}
        - {dn: "5002", type: Extension}
        - {dn: "7001", type: ACDQueue}
        - {dn: "8001", type: RoutingPoint}
      steps:
        - RequestAgentLogin:  {ThisDN: "5001", AgentID: "1001", ThisQueue: "7001", AgentWorkMode: ManualIn}
        - RequestAgentReady:  {ThisDN: "5001", AgentWorkMode: ManualIn}
        # the caller dials the routing point
        - InboundCall:        {From: "+14155550100", To: "8001", as: c1, UserData: {Segment: Gold}}

        - RequestAnswerCall:  {ThisDN: "5001", ConnID: $c1}
        - RequestUpdateUserData:
            ThisDN: "5001"
            ConnID: $c1
            UserData: {Disposition: Sale}
        - RequestReleaseCall: {ThisDN: "5001", ConnID: $c1}
      """;

  @Test
  void readsTheFormatOfTheContract() {
    ScenarioFile scenario = ScenarioFile.parse(EXAMPLE);

    assertThat(scenario.name())
        .isEqualTo("inbound call routed to an agent, data updated, released");
    assertThat(scenario.tenant()).isEqualTo("acme");
    assertThat(scenario.directory())
        .containsExactly(
            new DirectoryEntry("5001", DNType.Extension),
            new DirectoryEntry("5002", DNType.Extension),
            new DirectoryEntry("7001", DNType.ACDQueue),
            new DirectoryEntry("8001", DNType.RoutingPoint));
    assertThat(scenario.steps()).extracting(ScenarioStep::number).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(scenario.steps())
        .extracting(ScenarioStep::line)
        .containsExactly(9, 10, 12, 14, 15, 19);
    assertThat(scenario.steps().get(0).node().has("RequestAgentLogin")).isTrue();
  }

  @Test
  void keepsTheTextOfEachStepForMessages() {
    ScenarioFile scenario = ScenarioFile.parse(EXAMPLE);

    assertThat(scenario.steps().get(1).text())
        .isEqualTo("RequestAgentReady:  {ThisDN: \"5001\", AgentWorkMode: ManualIn}");
    assertThat(scenario.steps().get(2).text())
        .isEqualTo(
            "InboundCall:        {From: \"+14155550100\", To: \"8001\", as: c1, UserData: {Segment:"
                + " Gold}}");
    assertThat(scenario.steps().get(4).text())
        .isEqualTo(
            "RequestUpdateUserData:\n"
                + "      ThisDN: \"5001\"\n"
                + "      ConnID: $c1\n"
                + "      UserData: {Disposition: Sale}");
    assertThat(scenario.steps().get(5).describe())
        .isEqualTo("step 6 (line 19): RequestReleaseCall: {ThisDN: \"5001\", ConnID: $c1}");
  }

  @Test
  void readsJson() throws IOException {
    String json =
        """
        {
          "tenant": "acme",
          "directory": [{"dn": "5001", "type": "Extension"}],
          "steps": [
            {"RequestSetDNDOn": {"ThisDN": "5001"}},
            {"Advance": {"seconds": 30}}
          ]
        }
        """;

    ScenarioFile scenario = ScenarioFile.parse(json);

    assertThat(scenario.name()).isEqualTo("scenario");
    assertThat(scenario.steps())
        .extracting(ScenarioStep::text)
        .containsExactly(
            "{\"RequestSetDNDOn\": {\"ThisDN\": \"5001\"}}", "{\"Advance\": {\"seconds\": 30}}");
    assertThat(scenario.steps()).extracting(ScenarioStep::line).containsExactly(5, 6);
    assertThat(scenario.steps().get(1).node())
        .isEqualTo(Json.mapper().readTree("{\"Advance\": {\"seconds\": 30}}"));
  }

  @Test
  void aFileWithoutNameIsNamedAfterTheFile(@TempDir Path folder) throws IOException {
    Path file = folder.resolve("dnd-on.yaml");
    Files.writeString(file, "tenant: acme\nsteps:\n  - RequestSetDNDOn: {ThisDN: \"5001\"}\n");

    assertThat(ScenarioFile.parse(file).name()).isEqualTo("dnd-on");
  }

  @Test
  void anEmptyDirectoryAndNoStepsAreAllowed() {
    ScenarioFile scenario = ScenarioFile.parse("tenant: acme\nsteps: []\n");

    assertThat(scenario.directory()).isEmpty();
    assertThat(scenario.steps()).isEmpty();
    assertThat(scenario.tenantConfig("node-1").server()).isEqualTo("node-1");
  }

  // --- bad input: one test per kind

  @Test
  void rejectsAnEmptyFile() {
    assertThatThrownBy(() -> ScenarioFile.parse("# nothing yet\n"))
        .isInstanceOf(ScenarioFormatException.class)
        .hasMessage(
            "scenario: the file is empty; a scenario is a map with the keys [name, tenant,"
                + " directory, steps] (see docs/scenarios.md)");
  }

  @Test
  void rejectsAFileThatIsNotAMap() {
    assertThatThrownBy(() -> ScenarioFile.parse("- RequestSetDNDOn: {ThisDN: \"5001\"}\n"))
        .isInstanceOf(ScenarioFormatException.class)
        .hasMessage(
            "scenario: a scenario must be a map with the keys [name, tenant, directory, steps],"
                + " was a list");
  }

  @Test
  void rejectsASecondDocument() {
    assertThatThrownBy(
            () -> ScenarioFile.parse("tenant: acme\nsteps: []\n---\ntenant: other\nsteps: []\n"))
        .isInstanceOf(ScenarioFormatException.class)
        .hasMessage(
            "scenario: there is more after the scenario, at line 4: a file holds one scenario");
  }

  @Test
  void rejectsInvalidYamlNamingTheLine() {
    assertThatThrownBy(
            () ->
                ScenarioFile.parse(
                    "tenant: acme\nsteps:\n  - RequestSetDNDOn: {ThisDN: \"5001\"\n"))
        .isInstanceOf(ScenarioFormatException.class)
        .hasMessageStartingWith("scenario: not valid YAML or JSON at line ");
  }

  @Test
  void rejectsUnknownTopLevelKeys() {
    assertThatThrownBy(
            () ->
                ScenarioFile.parse(
                    "tenant: acme\n"
                        + "name: x\n"
                        + "step:\n"
                        + "  - Advance: {seconds: 1}\n"
                        + "steps: []\n"
                        + "Tenant: b\n"))
        .isInstanceOf(ScenarioFormatException.class)
        .hasMessage(
            "scenario: unknown top-level key(s) step (line 3), Tenant (line 6); the keys are [name,"
                + " tenant, directory, steps]");
  }

  @Test
  void rejectsADuplicatedKey() {
    assertThatThrownBy(() -> ScenarioFile.parse("tenant: acme\ntenant: other\nsteps: []\n"))
        .isInstanceOf(ScenarioFormatException.class)
        .hasMessageContaining("Duplicate field 'tenant'");
  }

  @Test
  void rejectsAMissingTenant() {
    assertThatThrownBy(() -> ScenarioFile.parse("name: x\nsteps: []\n"))
        .isInstanceOf(ScenarioFormatException.class)
        .hasMessage(
            "scenario: the key tenant is missing: name the tenant whose telephony this is, e.g."
                + " tenant: acme");
  }

  @Test
  void rejectsAnInvalidTenant() {
    assertThatThrownBy(() -> ScenarioFile.parse("tenant: \"acme corp\"\nsteps: []\n"))
        .isInstanceOf(ScenarioFormatException.class)
        .hasMessageStartingWith("scenario: tenant id 'acme corp' is not valid");
    assertThatThrownBy(() -> ScenarioFile.parse("tenant: 42\nsteps: []\n"))
        .isInstanceOf(ScenarioFormatException.class)
        .hasMessage("scenario: tenant must be a string, was a number (42)");
  }

  @Test
  void rejectsAnUnknownDnTypeListingTheValidOnes() {
    assertThatThrownBy(
            () ->
                ScenarioFile.parse(
                    "tenant: acme\ndirectory:\n  - {dn: \"5001\", type: Extention}\nsteps: []\n"))
        .isInstanceOf(ScenarioFormatException.class)
        .hasMessage(
            "scenario: directory entry 1 (dn 5001): unknown type 'Extention'; the types are"
                + " Extension, ACDQueue, RoutingPoint, VoiceTreatmentPort, Trunk");
  }

  @Test
  void rejectsADnThatIsNotAString() {
    assertThatThrownBy(
            () ->
                ScenarioFile.parse(
                    "tenant: acme\ndirectory:\n  - {dn: 5001, type: Extension}\nsteps: []\n"))
        .isInstanceOf(ScenarioFormatException.class)
        .hasMessage(
            "scenario: directory entry 1: dn must be a non-blank string, e.g. {dn: \"5001\", type:"
                + " Extension}, was a number (5001); quote it: dn: \"5001\"");
  }

  @Test
  void rejectsADirectoryEntryWithUnknownKeys() {
    assertThatThrownBy(
            () ->
                ScenarioFile.parse(
                    "tenant: acme\n"
                        + "directory:\n"
                        + "  - {dn: \"5001\", type: Extension, agent: \"1001\"}\n"
                        + "steps: []\n"))
        .isInstanceOf(ScenarioFormatException.class)
        .hasMessage(
            "scenario: directory entry 1 (dn 5001): DN 5001 (Extension) has an unknown option"
                + " 'agent'; the options of a Extension are [noAnswerTimeout, wrapUpTime]");
  }

  @Test
  void readsTheOptionsOfADirectoryEntry() {
    ScenarioFile file =
        ScenarioFile.parse(
            "tenant: acme\n"
                + "directory:\n"
                + "  - {dn: \"7001\", type: ACDQueue, noAnswerTimeout: 10, overflow: \"7002\"}\n"
                + "  - {dn: \"7002\", type: ACDQueue}\n"
                + "steps: []\n");
    assertThat(file.directory().get(0).duration("noAnswerTimeout"))
        .contains(java.time.Duration.ofSeconds(10));
    assertThat(file.directory().get(0).list("overflow")).containsExactly("7002");
    assertThatThrownBy(
            () ->
                ScenarioFile.parse(
                    "tenant: acme\ndirectory:\n  - {dn: \"7001\", type: ACDQueue, wrapUpTime: soon}\n"
                        + "steps: []\n"))
        .hasMessageContaining("wrapUpTime must be a number of seconds");
  }

  @Test
  void rejectsADnListedTwice() {
    assertThatThrownBy(
            () ->
                ScenarioFile.parse(
                    "tenant: acme\n"
                        + "directory:\n"
                        + "  - {dn: \"5001\", type: Extension}\n"
                        + "  - {dn: \"7001\", type: ACDQueue}\n"
                        + "  - {dn: \"5001\", type: ACDQueue}\n"
                        + "steps: []\n"))
        .isInstanceOf(ScenarioFormatException.class)
        .hasMessage("scenario: directory lists dn 5001 twice, in entries 1 and 3");
  }

  @Test
  void rejectsADirectoryThatIsNotAList() {
    assertThatThrownBy(
            () ->
                ScenarioFile.parse(
                    "tenant: acme\ndirectory: {dn: \"5001\", type: Extension}\nsteps: []\n"))
        .isInstanceOf(ScenarioFormatException.class)
        .hasMessage(
            "scenario: directory must be a list of entries like {dn: \"5001\", type: Extension},"
                + " was a map");
  }

  @Test
  void rejectsMissingSteps() {
    assertThatThrownBy(() -> ScenarioFile.parse("tenant: acme\n"))
        .isInstanceOf(ScenarioFormatException.class)
        .hasMessageStartingWith("scenario: the key steps is missing");
  }

  @Test
  void rejectsStepsThatAreNotAList() {
    assertThatThrownBy(
            () ->
                ScenarioFile.parse("tenant: acme\nsteps:\n  RequestSetDNDOn: {ThisDN: \"5001\"}\n"))
        .isInstanceOf(ScenarioFormatException.class)
        .hasMessageStartingWith("scenario: steps must be a list of steps")
        .hasMessageEndingWith("was a map");
  }

  @Test
  void rejectsAStepThatIsNotASingleKeyMapNamingTheStep() {
    String text =
        """
        tenant: acme
        steps:
          - RequestSetDNDOn: {ThisDN: "5001"}
          - RequestMakeCall:
            ThisDN: "5001"
            OtherDN: "5002"
        """;

    assertThatThrownBy(() -> ScenarioFile.parse(text))
        .isInstanceOf(ScenarioFormatException.class)
        .hasMessageStartingWith(
            "scenario: step 2 (line 4): RequestMakeCall:\n"
                + "    ThisDN: \"5001\"\n"
                + "    OtherDN: \"5002\"\n"
                + "  a step must have a single key, the step's name; this one has RequestMakeCall,"
                + " ThisDN, OtherDN.");
  }

  @Test
  void rejectsAStepThatIsNotAMap() {
    assertThatThrownBy(() -> ScenarioFile.parse("tenant: acme\nsteps:\n  - RequestSetDNDOn\n"))
        .isInstanceOf(ScenarioFormatException.class)
        .hasMessageStartingWith(
            "scenario: step 1 (line 3): RequestSetDNDOn\n  a step must be a map with a single key");
  }

  @Test
  void rejectsABadStepBeforeAnythingRuns() {
    assertThatThrownBy(
            () ->
                ScenarioFile.parse(
                    "tenant: acme\n"
                        + "steps:\n"
                        + "  - RequestSetDNDOn: {ThisDN: \"5001\"}\n"
                        + "  - RequestSetDNDOff: {ThisDN: 5001}\n"))
        .isInstanceOf(ScenarioFormatException.class)
        .hasMessage(
            "scenario: step 2 (line 4): RequestSetDNDOff: {ThisDN: 5001}\n"
                + "  RequestSetDNDOff: ThisDN must be a string, was a number (5001); quote it:"
                + " ThisDN: \"5001\"");
  }

  @Test
  void rejectsAReferenceThatNoEarlierStepBinds() {
    String text =
        """
        tenant: acme
        steps:
          - RequestAnswerCall: {ThisDN: "5001", ConnID: $c1}
          - InboundCall: {From: "+14155550100", To: "5001", as: c1}
        """;

    assertThatThrownBy(() -> ScenarioFile.parse(text))
        .isInstanceOf(ScenarioFormatException.class)
        .hasMessage(
            "scenario: step 1 (line 3): RequestAnswerCall: {ThisDN: \"5001\", ConnID: $c1}\n"
                + "  RequestAnswerCall: ConnID refers to $c1, which is not bound: no earlier step"
                + " has as: c1 (bound so far: none)");
  }

  @Test
  void rejectsANameBoundTwice() {
    String text =
        """
        tenant: acme
        steps:
          - InboundCall: {From: "+14155550100", To: "5001", as: c1}
          - InboundCall: {From: "+14155550101", To: "5001", as: c1}
        """;

    assertThatThrownBy(() -> ScenarioFile.parse(text))
        .isInstanceOf(ScenarioFormatException.class)
        .hasMessageEndingWith("as: c1 is already bound by step 1; choose another name");
  }

  @Test
  void namesTheFileInErrors(@TempDir Path folder) throws IOException {
    Path file = folder.resolve("broken.yaml");
    Files.writeString(file, "steps: []\n");

    assertThatThrownBy(() -> ScenarioFile.parse(file))
        .isInstanceOf(ScenarioFormatException.class)
        .hasMessageStartingWith(file + ": the key tenant is missing");
  }

  @Test
  void readsTheEventsAStepMustDeliver() {
    String text =
        """
        tenant: acme
        steps:
          - InboundCall: {From: "+14155550100", To: "5001", as: c1}
            expect:
              - {party: "5001", id: EventRinging, ConnID: $c1, CallState: Ok, UserData: {}}
          - RequestAnswerCall: {ThisDN: "5001", ConnID: $c1, expect: []}
          - RequestReleaseCall: {ThisDN: "5001", ConnID: $c1}
        """;

    ScenarioFile scenario = ScenarioFile.parse(text);

    ScenarioStep first = scenario.steps().get(0);
    assertThat(first.node().has("expect")).isFalse();
    assertThat(first.expect()).isPresent();
    ExpectedEvent ringing = first.expect().get().get(0);
    assertThat(ringing.party()).isEqualTo("5001");
    assertThat(ringing.type()).isEqualTo(EventType.EventRinging);
    assertThat(ringing.attributes().keySet())
        .containsExactly(Attribute.ConnID, Attribute.CallState, Attribute.UserData);
    assertThat(ringing.attributes().get(Attribute.ConnID).textValue()).isEqualTo("$c1");
    assertThat(scenario.steps().get(1).expect()).contains(List.of());
    assertThat(scenario.steps().get(1).node().get("RequestAnswerCall").has("expect")).isFalse();
    assertThat(scenario.steps().get(2).expect()).isEmpty();
  }

  private static String withExpect(String expect) {
    return "tenant: acme\n"
        + "steps:\n"
        + "  - InboundCall: {From: \"+1\", To: \"5001\", as: c1}\n"
        + "    expect: "
        + expect
        + "\n";
  }

  @Test
  void rejectsAnExpectThatIsNotAList() {
    assertThatThrownBy(() -> ScenarioFile.parse(withExpect("{party: \"5001\", id: EventRinging}")))
        .isInstanceOf(ScenarioFormatException.class)
        .hasMessageEndingWith(
            "expect must be a list of events, each like {party: \"5002\", id: EventRinging, ConnID:"
                + " $c1}, was a map");
  }

  @Test
  void rejectsAnExpectedEventWithoutParty() {
    assertThatThrownBy(() -> ScenarioFile.parse(withExpect("[{id: EventRinging}]")))
        .isInstanceOf(ScenarioFormatException.class)
        .hasMessageContaining("\n  expect entry 1: party must be the DN the event goes to");
  }

  @Test
  void rejectsAnUnknownExpectedEvent() {
    assertThatThrownBy(() -> ScenarioFile.parse(withExpect("[{party: \"5001\", id: Ringing}]")))
        .isInstanceOf(ScenarioFormatException.class)
        .hasMessageContaining("expect entry 1: id must be the event name")
        .hasMessageContaining("was a string (\"Ringing\"); the events are [EventAbandoned,");
  }

  @Test
  void rejectsAnExpectedAttributeTheEventDoesNotHave() {
    assertThatThrownBy(
            () ->
                ScenarioFile.parse(
                    withExpect("[{party: \"5001\", id: EventRinging, ErrorCode: 3}]")))
        .isInstanceOf(ScenarioFormatException.class)
        .hasMessageContaining(
            "expect entry 1: EventRinging does not allow attribute \"ErrorCode\"");
    assertThatThrownBy(
            () ->
                ScenarioFile.parse(
                    withExpect("[{party: \"5001\", id: EventRinging, Colour: red}]")))
        .isInstanceOf(ScenarioFormatException.class)
        .hasMessageEndingWith("expect entry 1: EventRinging has no attribute \"Colour\"");
  }

  @Test
  void rejectsAnExpectedValueOfTheWrongType() {
    assertThatThrownBy(
            () ->
                ScenarioFile.parse(
                    withExpect("[{party: \"5001\", id: EventRinging, CallState: OK}]")))
        .isInstanceOf(ScenarioFormatException.class)
        .hasMessageContaining(
            "expect entry 1: EventRinging.CallState must be one of [Ok, Transferred,");
  }

  @Test
  void rejectsAnExpectedConnIdThatIsNotBound() {
    assertThatThrownBy(
            () ->
                ScenarioFile.parse(
                    withExpect("[{party: \"5001\", id: EventRinging, ConnID: $c2}]")))
        .isInstanceOf(ScenarioFormatException.class)
        .hasMessageEndingWith(
            "expect entry 1: ConnID refers to $c2, which no earlier step nor this one binds with"
                + " as: c2");
  }

  @Test
  void rejectsAnExpectGivenTwice() {
    assertThatThrownBy(
            () ->
                ScenarioFile.parse(
                    "tenant: acme\n"
                        + "steps:\n"
                        + "  - RequestSetDNDOn: {ThisDN: \"5001\", expect: []}\n"
                        + "    expect: []\n"))
        .isInstanceOf(ScenarioFormatException.class)
        .hasMessageEndingWith(
            "expect is given twice, beside the step name and among its attributes; keep one");
  }

  @Test
  void theListsAreImmutable() {
    ScenarioFile scenario = ScenarioFile.parse(EXAMPLE);

    assertThatThrownBy(() -> scenario.steps().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(List.copyOf(scenario.directory())).hasSize(4);
  }
}
