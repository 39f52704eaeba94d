package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A 400 says what was wrong in the terms of a JSON body, never a scenario file's or a parser's. */
class RequestHintsTest {
  private TestServer server;

  @BeforeEach
  void start() throws Exception {
    server = new TestServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String refusal(String body) {
    Client.Answer answer = server.acme.step("acme", body);
    assertThat(answer.status()).as(answer.text()).isEqualTo(400);
    String error = answer.error();
    assertThat(error)
        .doesNotContain("as:")
        .doesNotContain("$NAME")
        .doesNotContain("expectError")
        .doesNotContain("- Request")
        .doesNotContain("Feature")
        .doesNotContain("[Source");
    return error;
  }

  @Test
  void aMistypedStepNameGetsTheNearestOne() {
    assertThat(refusal("{\"RequestMakeCal\": {\"ThisDN\": \"5001\", \"OtherDN\": \"5002\"}}"))
        .contains("did you mean RequestMakeCall?");
    assertThat(refusal("{\"RequestMakeCall\": {\"ThisDn\": \"5001\", \"OtherDN\": \"5002\"}}"))
        .contains("did you mean ThisDN?");
  }

  @Test
  void examplesAndHintsAreJson() {
    assertThat(refusal("{\"RequestMakeCall\": {\"ThisDN\": 5001, \"OtherDN\": \"5002\"}}"))
        .contains("quote it: \"ThisDN\": \"5001\"");
    assertThat(refusal("{\"RequestMakeCall\": \"5001\"}")).contains("{\"RequestMakeCall\":{");
    assertThat(refusal("[1]")).contains("JSON object").contains("{\"RequestMakeCall\":{");
  }

  @Test
  void connIdsAreWrittenOut() {
    assertThat(refusal("{\"RequestAnswerCall\": {\"ThisDN\": \"5002\", \"ConnID\": \"$c1\"}}"))
        .contains("write the ConnID itself");
    assertThat(refusal("{\"RequestAnswerCall\": {\"ThisDN\": \"5002\", \"ConnID\": \"c1\"}}"))
        .contains("16 hex digits");
  }

  @Test
  void scenarioKeysAreNotTaken() {
    assertThat(
            refusal(
                "{\"RequestMakeCall\": {\"ThisDN\": \"5001\", \"OtherDN\": \"5002\"},"
                    + " \"as\": \"c1\"}"))
        .contains("'as' belongs to scenario files");
  }

  @Test
  void syntaxErrorsSayWhereWithoutTheParsersSettings() {
    assertThat(refusal("{\"RequestMakeCall\": {\"ThisDN\": \"5001\", \"ReferenceID\": NaN}}"))
        .contains("not valid JSON")
        .contains("line 1, column");
    assertThat(refusal("{\"RequestMakeCall\": {'ThisDN': \"5001\"}}")).contains("line 1, column");
    assertThat(refusal("{\"RequestMakeCall\": {} // a comment\n}")).contains("line 1, column");
  }
}
