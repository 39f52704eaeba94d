package io.switchboard.model.request;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.model.KVList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link StepType} and the step records agree: one constant a record, attributes a component. */
class StepTypeTest {

  private static void collectRecords(Class<?> type, List<Class<?>> records) {
    if (type.isRecord()) {
      records.add(type);
      return;
    }
    for (Class<?> subtype : type.getPermittedSubclasses()) {
      collectRecords(subtype, records);
    }
  }

  @Test
  void everyStepRecordHasItsOwnConstantInTheSameOrder() {
    List<Class<?>> records = new ArrayList<>();
    collectRecords(Step.class, records);
    assertThat(Arrays.stream(StepType.values()).<Class<?>>map(StepType::record).toList())
        .containsExactlyElementsOf(records);
    for (StepType type : StepType.values()) {
      assertThat(type.isRequest())
          .as("%s is a request", type)
          .isEqualTo(Request.class.isAssignableFrom(type.record()));
    }
  }

  @Test
  void everyComponentBesidesRequestAttributesHasOneAttribute() {
    for (StepType type : StepType.values()) {
      long components =
          Arrays.stream(type.record().getRecordComponents())
              .filter(c -> c.getType() != RequestAttributes.class)
              .count();
      assertThat(type.attributes()).as("attributes of %s", type).hasSize((int) components);
    }
  }

  @Test
  void aStepIsNamedByItsTypeNotByItsClass() {
    Step step = new RequestMakeCall("5001", "5002", KVList.EMPTY, RequestAttributes.NONE);
    assertThat(step.type()).isEqualTo(StepType.RequestMakeCall);
    assertThat(step.name()).isEqualTo("RequestMakeCall");
    assertThat(new Advance(java.time.Duration.ZERO).type().attributes())
        .extracting(StepType.Attribute::name)
        .containsExactly("seconds");
  }
}
