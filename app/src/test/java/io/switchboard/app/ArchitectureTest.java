package io.switchboard.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.switchboard.engine.TenantEngine;
import io.switchboard.engine.Tenants;
import io.switchboard.model.request.Step;
import io.switchboard.verify.SwitchboardRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The rules docs/architecture.md states, checked on the classes of every module (the app's tests
 * see them all; test classes are left out). A rule broken by the code is fixed in the code.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // the kafka module's test jar (the shared test broker) once the modules are packaged
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("io.switchboard");
    // every module's main classes are there, or a rule would pass on nothing
    for (String module :
        List.of(
            "model",
            "engine",
            "json",
            "journal",
            "verify",
            "kafka",
            "server",
            "sim",
            "wallboard",
            "harness",
            "app")) {
      assertThat(classes.containPackage("io.switchboard." + module))
          .as("classes of module %s", module)
          .isTrue();
    }
  }

  /**
   * The model and the engine use the JDK's language, collections, time and numbers only: no
   * framework, no I/O, no reflection. (The Maven Enforcer keeps their dependencies to each other;
   * this keeps their code to those packages of the JDK.)
   */
  @Test
  void modelAndEngineAreFreeOfFrameworks() {
    classes()
        .that()
        .resideInAnyPackage("io.switchboard.model..", "io.switchboard.engine..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "io.switchboard.model..",
            "io.switchboard.engine..",
            "java.lang",
            "java.util..",
            "java.time..",
            "java.math..")
        .check(classes);
  }

  /**
   * Only the Kafka adapter ({@code kafka}), the consumer library ({@code verify}), the wallboard (a
   * Kafka Streams application, a consumer like a customer's) and benchmark tooling know Kafka; the
   * server, the engine, the journal, the simulator, the rest of the harness and the app's commands
   * do not.
   */
  @Test
  void onlyTheKafkaModulesUseKafka() {
    noClasses()
        .that()
        .resideOutsideOfPackages(
            "io.switchboard.kafka..",
            "io.switchboard.verify..",
            "io.switchboard.wallboard..",
            "io.switchboard.bench..")
        .and(DescribedPredicate.not(BENCHMARK_TOOLING))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.kafka..", "kafka..")
        .check(classes);
  }

  /**
   * The benchmark's reference producer in the harness (Kafka without Switchboard, on purpose), and
   * the binding of Switchboard's producers to Micrometer's Kafka client metrics in the app (which
   * take the producer itself).
   */
  private static final DescribedPredicate<JavaClass> BENCHMARK_TOOLING =
      DescribedPredicate.describe(
          "benchmark tooling (the harness's RawProducer and RecordSample) and the Kafka client"
              + " metrics' binding (ProducerMeters)",
          c ->
              Set.of(
                      "io.switchboard.harness.RawProducer",
                      "io.switchboard.harness.RecordSample",
                      ProducerMeters.class.getName())
                  .contains(c.getName()));

  /**
   * The harness (the benchmarks and the fault injection) sits between the modules and the app: only
   * the app's commands use it, and it uses none of the app's classes (what it needs of the app, the
   * class that starts the service, is handed to it).
   */
  @Test
  void theHarnessIsUsedByTheAppAlone() {
    noClasses()
        .that()
        .resideOutsideOfPackages("io.switchboard.harness..", "io.switchboard.app..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.switchboard.harness..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("io.switchboard.harness..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.switchboard.app..")
        .check(classes);
  }

  /**
   * The JVM ends in a {@code main} only: {@code System.exit} and {@code Runtime.exit} are called by
   * {@code main} methods (the service's, and that of the broker JVMs a local cluster starts), and
   * {@code Runtime.halt} only in a class that is a process's entry point.
   */
  @Test
  void onlyMainEndsTheJvm() {
    classes()
        .should(endTheJvmInMainOnly())
        .because("a library that exits takes the decision from the process that runs it")
        .check(classes);
  }

  private static ArchCondition<JavaClass> endTheJvmInMainOnly() {
    return new ArchCondition<>("end the JVM in a main method only") {
      @Override
      public void check(JavaClass item, ConditionEvents events) {
        boolean entryPoint = item.getMethods().stream().anyMatch(ArchitectureTest::isMain);
        for (JavaAccess<?> call : item.getMethodCallsFromSelf()) {
          String owner = call.getTargetOwner().getName();
          String name = call.getName();
          boolean exit =
              (owner.equals(System.class.getName()) || owner.equals(Runtime.class.getName()))
                  && name.equals("exit");
          boolean halt = owner.equals(Runtime.class.getName()) && name.equals("halt");
          boolean allowed =
              exit ? call.getOrigin() instanceof JavaMethod m && isMain(m) : !halt || entryPoint;
          if ((exit || halt) && !allowed) {
            events.add(SimpleConditionEvent.violated(call, call.getDescription()));
          }
        }
      }
    };
  }

  private static boolean isMain(JavaCodeUnit method) {
    return method.getName().equals("main")
        && method.getModifiers().contains(JavaModifier.STATIC)
        && method.getRawParameterTypes().size() == 1
        && method.getRawParameterTypes().get(0).isEquivalentTo(String[].class);
  }

  /**
   * Steps run on a tenant's engine through {@link Tenants#submit} (its lock, its clock and ids, its
   * sink), never on the engine {@link Tenants} holds: outside the engine module, a class that calls
   * a {@link TenantEngine} method taking a {@link Step} builds that engine itself (a scenario's,
   * the benchmark's) and reaches no engine of a {@link Tenants}.
   */
  @Test
  void nothingOutsideTheEngineRunsStepsOnTheEnginesOfTenants() {
    classes()
        .that()
        .resideOutsideOfPackage("io.switchboard.engine..")
        .should(runStepsOnlyOnAnEngineItBuilds())
        .check(classes);
  }

  private static ArchCondition<JavaClass> runStepsOnlyOnAnEngineItBuilds() {
    return new ArchCondition<>("run steps only on an engine it builds, never on one of Tenants") {
      @Override
      public void check(JavaClass item, ConditionEvents events) {
        List<JavaAccess<?>> steps =
            item.getAccessesFromSelf().stream()
                .filter(
                    a ->
                        a.getTargetOwner().isEquivalentTo(TenantEngine.class)
                            && a.getTarget() instanceof AccessTarget.MethodCallTarget m
                            && m.getRawParameterTypes().stream()
                                .anyMatch(t -> t.isAssignableTo(Step.class)))
                .<JavaAccess<?>>map(a -> a)
                .toList();
        if (steps.isEmpty()) {
          return;
        }
        boolean builds =
            item.getAccessesFromSelf().stream()
                .anyMatch(
                    a ->
                        a.getTargetOwner().isEquivalentTo(TenantEngine.class)
                            && (a.getName().equals("<init>") || a.getName().equals("restore")));
        List<JavaAccess<?>> reaches =
            item.getAccessesFromSelf().stream()
                .filter(
                    a ->
                        a.getTargetOwner().isEquivalentTo(Tenants.class)
                            && Set.of("engine", "inspect", "reconfigure").contains(a.getName()))
                .<JavaAccess<?>>map(a -> a)
                .toList();
        for (JavaAccess<?> step : steps) {
          if (!builds) {
            events.add(
                SimpleConditionEvent.violated(
                    step, step.getDescription() + ", on an engine the class did not build"));
          }
          for (JavaAccess<?> reach : reaches) {
            events.add(
                SimpleConditionEvent.violated(
                    reach,
                    step.getDescription()
                        + " in a class that also reaches the engines of Tenants: "
                        + reach.getDescription()));
          }
        }
      }
    };
  }

  /**
   * The names of the headers beside each event are defined once, in {@link SwitchboardRecord} (the
   * consumers' side, the {@code verify} module), and the publishing side ({@code kafka}) and every
   * reader use them from there: no class file spells a name out (they are built there from the
   * prefix, so that no use holds a copy), and the writer and the readers read those fields.
   */
  /**
   * The tenant's state objects ({@code Dn}, {@code Call}, {@code Party}, {@code Agent} and their
   * one writer) are the engine's own: the other modules see a tenant through its views and
   * snapshots.
   */
  @Test
  void onlyTheEngineSeesItsStateObjects() {
    noClasses()
        .that()
        .resideOutsideOfPackages("io.switchboard.engine..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.switchboard.engine.state..")
        .check(classes);
  }

  @Test
  void recordHeaderNamesAreDefinedOnce() {
    classes()
        .should(notSpellOut(SwitchboardRecord.SEQ_HEADER, SwitchboardRecord.EVENT_ID_HEADER))
        .check(classes);
    classes()
        .that()
        .haveFullyQualifiedName("io.switchboard.kafka.EventRecords")
        .or()
        .haveFullyQualifiedName(SwitchboardRecord.class.getName())
        .or()
        .haveFullyQualifiedName("io.switchboard.kafka.PublishedPositions")
        .or()
        .haveFullyQualifiedName("io.switchboard.wallboard.StatsProcessor")
        .should()
        .accessField(SwitchboardRecord.class, "SEQ_HEADER")
        .orShould()
        .accessField(SwitchboardRecord.class, "EVENT_ID_HEADER")
        .allowEmptyShould(false)
        .check(classes);
  }

  private static ArchCondition<JavaClass> notSpellOut(String... names) {
    return new ArchCondition<>("not spell out a record header name " + List.of(names)) {
      @Override
      public void check(JavaClass item, ConditionEvents events) {
        String text = classFile(item);
        for (String name : names) {
          if (text.contains(name)) {
            events.add(
                SimpleConditionEvent.violated(
                    item,
                    item.getName()
                        + " holds the text '"
                        + name
                        + "': use SwitchboardRecord's constant instead"));
          }
        }
      }
    };
  }

  /** The class file's bytes as ISO-8859-1 text: its constant pool's strings can be searched. */
  private static String classFile(JavaClass item) {
    var source =
        item.getSource()
            .orElseThrow(() -> new IllegalStateException("no class file for " + item.getName()));
    try (InputStream in = source.getUri().toURL().openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the class file of " + item.getName(), e);
    }
  }
}
