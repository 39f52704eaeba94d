package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image that {@code mvn package} builds (target/switchboard-image.tar), read as
 * {@code docker load} reads it: its manifest, its config and its layers, unpacked in order into a
 * directory. Its configuration is checked against its files (the entry point, the health check and
 * the runtime exist, with the modes they need), and the service is run from those files alone, in a
 * chroot with a /proc of its own, as the image's user where the test runs as root: that proves the
 * image needs nothing of the machine it runs on.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ContainerImageIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration READY_DEADLINE = Duration.ofMinutes(3);

  @TempDir static Path work;
  private static Path root;
  private static JsonNode manifest;
  private static JsonNode config;
  private static final Map<String, byte[]> tarball = new LinkedHashMap<>();

  /** Every path of the image (without its leading /), with its last layer's header. */
  private static final Map<String, TarArchiveEntry> files = new HashMap<>();

  @BeforeAll
  static void unpack() throws IOException {
    String location = System.getProperty("image.tar");
    assertThat(location).as("the system property image.tar (set by the build)").isNotBlank();
    Path image = Path.of(location);
    assertThat(image).as("the image tarball: mvn package builds it").isRegularFile();
    try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(image))) {
      for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        tarball.put(e.getName(), in.readAllBytes());
      }
    }
    JsonNode manifests = JSON.readTree(tarball.get("manifest.json"));
    assertThat(manifests).as("manifest.json: one image").hasSize(1);
    manifest = manifests.get(0);
    config = JSON.readTree(tarball.get(manifest.get("Config").asText()));
    root = work.resolve("root");
    Files.createDirectories(root);
    for (JsonNode layer : manifest.get("Layers")) {
      unpackLayer(tarball.get(layer.asText()));
    }
  }

  private static void unpackLayer(byte[] compressed) throws IOException {
    boolean asRoot = isRoot();
    try (TarArchiveInputStream in =
        new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(compressed)))) {
      for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        String name = e.getName().replaceFirst("^\\./", "").replaceFirst("^/", "");
        name = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        assertThat(name).as("a path in a layer").doesNotContain("..").doesNotStartWith(".wh.");
        Path target = root.resolve(name);
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else if (e.isSymbolicLink()) {
          Files.createDirectories(target.getParent());
          Files.deleteIfExists(target);
          Files.createSymbolicLink(target, Path.of(e.getLinkName()));
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        if (!e.isSymbolicLink()) {
          Files.setPosixFilePermissions(target, permissions(e.getMode()));
          if (asRoot && (e.getLongUserId() != 0 || e.getLongGroupId() != 0)) {
            Files.setAttribute(target, "unix:uid", (int) e.getLongUserId());
            Files.setAttribute(target, "unix:gid", (int) e.getLongGroupId());
          }
        }
        files.put(name, e);
      }
    }
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE
    for (int i = 0; i < 9; i++) {
      if ((mode & (0400 >> i)) != 0) {
        set.add(bits[i]);
      }
    }
    return set;
  }

  private static TarArchiveEntry file(String path) {
    TarArchiveEntry entry = files.get(path.replaceFirst("^/", ""));
    assertThat(entry).as(path + " in the image").isNotNull();
    return entry;
  }

  private static boolean executable(TarArchiveEntry entry) {
    return (entry.getMode() & 0111) == 0111;
  }

  private static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  @Test
  void theLayersAreTheOnesTheConfigNames() throws Exception {
    JsonNode layers = manifest.get("Layers");
    JsonNode diffIds = config.at("/rootfs/diff_ids");
    assertThat(diffIds.size()).isEqualTo(layers.size());
    int history = 0;
    for (JsonNode entry : config.get("history")) {
      history += entry.path("empty_layer").asBoolean() ? 0 : 1;
    }
    assertThat(history).as("history entries with a layer").isEqualTo(layers.size());
    for (int i = 0; i < layers.size(); i++) {
      byte[] compressed = tarball.get(layers.get(i).asText());
      assertThat(layers.get(i).asText()).isEqualTo(sha256(compressed) + ".tar.gz");
      byte[] layer = new GZIPInputStream(new ByteArrayInputStream(compressed)).readAllBytes();
      assertThat(diffIds.get(i).asText()).as("layer " + i).isEqualTo("sha256:" + sha256(layer));
    }
    assertThat(manifest.get("RepoTags").get(0).asText())
        .isEqualTo("switchboard:" + System.getProperty("image.version"));
    assertThat(config.get("os").asText()).isEqualTo("linux");
    assertThat(config.get("architecture").asText()).isEqualTo("amd64");
  }

  @Test
  void theImageRunsAsAUserThatIsNotRoot() throws IOException {
    String user = config.at("/config/User").asText();
    assertThat(user).isEqualTo("65532:65532");
    assertThat(Files.readString(root.resolve("etc/passwd"))).contains("switchboard:x:65532:65532:");
    assertThat(Files.readString(root.resolve("etc/group"))).contains("switchboard:x:65532:");
  }

  @Test
  void theUserCanWriteItsDataVolumeAndTmp() {
    assertThat(config.at("/config/Volumes").has("/var/lib/switchboard")).isTrue();
    assertThat(config.at("/config/WorkingDir").asText()).isEqualTo("/var/lib/switchboard");
    assertThat(config.at("/config/Env").toString())
        .contains("SWITCHBOARD_DATA_DIR=/var/lib/switchboard");
    TarArchiveEntry data = file("var/lib/switchboard");
    assertThat(data.isDirectory()).isTrue();
    assertThat(data.getLongUserId()).isEqualTo(65532);
    assertThat(data.getLongGroupId()).isZero();
    assertThat(data.getMode() & 07777).isEqualTo(0770);
    TarArchiveEntry tmp = file("tmp");
    assertThat(tmp.isDirectory()).isTrue();
    assertThat(tmp.getMode() & 07777).isEqualTo(01777);
  }

  @Test
  void theHttpPortIsExposedAndServedOnEveryAddress() {
    assertThat(config.at("/config/ExposedPorts").has("8080/tcp")).isTrue();
    assertThat(config.at("/config/Env").toString()).contains("SWITCHBOARD_HTTP_HOST=0.0.0.0");
  }

  @Test
  void theEntrypointIsTheImagesJavaOnTheImagesClasspath() throws IOException {
    List<String> entrypoint = strings(config.at("/config/Entrypoint"));
    assertThat(entrypoint.get(0)).isEqualTo("/opt/java/bin/java");
    assertThat(executable(file(entrypoint.get(0)))).isTrue();
    assertThat(entrypoint).endsWith("-cp", "@/app/jib-classpath-file", "io.switchboard.app.Main");
    assertThat(strings(config.at("/config/Cmd"))).containsExactly("run");
    String classpath = Files.readString(root.resolve("app/jib-classpath-file")).strip();
    for (String entry : classpath.split(":")) {
      if (entry.endsWith("/*")) {
        assertThat(root.resolve(entry.substring(1, entry.length() - 2))).isDirectory();
      } else {
        assertThat(root.resolve(entry.substring(1))).exists();
      }
    }
    assertThat(root.resolve("app/classes/io/switchboard/app/Main.class")).isRegularFile();
    assertThat(root.resolve("app/classes/io/switchboard/app/HealthCommand.class")).isRegularFile();
  }

  @Test
  void theHealthCheckRunsSwitchboardHealthWithTheImagesJava() {
    JsonNode check = config.at("/config/Healthcheck");
    assertThat(check.isObject()).as("config.Healthcheck").isTrue();
    List<String> test = strings(check.get("Test"));
    // exec form: the image has no shell
    assertThat(test.get(0)).isEqualTo("CMD");
    assertThat(test.get(1)).isEqualTo("/opt/java/bin/java");
    assertThat(test)
        .endsWith("-cp", "@/app/jib-classpath-file", "io.switchboard.app.Main", "health");
    for (String field : new String[] {"Interval", "Timeout", "StartPeriod"}) {
      assertThat(check.get(field).asLong()).as(field).isPositive();
    }
    assertThat(check.get("Retries").asInt()).isPositive();
  }

  @Test
  void theLabelsSayWhatTheImageIs() {
    JsonNode labels = config.at("/config/Labels");
    assertThat(labels.path("org.opencontainers.image.title").asText()).isEqualTo("Switchboard");
    assertThat(labels.path("org.opencontainers.image.version").asText())
        .isEqualTo(System.getProperty("image.version"));
    assertThat(labels.path("org.opencontainers.image.licenses").asText()).isEqualTo("Apache-2.0");
    assertThat(labels.path("org.opencontainers.image.description").asText()).isNotBlank();
  }

  @Test
  void theRuntimeAndTheLibrariesItLoadsAreInTheImage() throws IOException {
    assertThat(Files.readString(root.resolve("opt/java/release")))
        .contains("JAVA_VERSION=\"" + Runtime.version().feature());
    assertThat(root.resolve("opt/java/lib/server/libjvm.so")).isRegularFile();
    assertThat(executable(file("opt/java/lib/jspawnhelper"))).isTrue();
    // the program interpreter that the kernel runs for java, and the C library
    assertThat(executable(file(interpreter(root.resolve("opt/java/bin/java"))))).isTrue();
    assertThat(files.keySet()).anyMatch(name -> name.endsWith("/libc.so.6"));
    // nothing in the image is a link to the machine that built it
    assertThat(files.values())
        .noneMatch(e -> e.isSymbolicLink() && e.getLinkName().startsWith("/"));
    assertThat(files.keySet()).noneMatch(name -> name.startsWith("bin/"));
    // the locale that LANG names, so that Java reads and writes UTF-8
    assertThat(config.at("/config/Env").toString()).contains("LANG=C.UTF-8");
    assertThat(root.resolve("usr/lib/locale/C.utf8/LC_CTYPE")).isRegularFile();
  }

  /** The ELF program interpreter (PT_INTERP) of an x86-64 executable. */
  private static String interpreter(Path elf) throws IOException {
    byte[] b = Files.readAllBytes(elf);
    assertThat(b[4]).as("a 64-bit ELF file").isEqualTo((byte) 2);
    long phoff = le(b, 0x20, 8);
    int phentsize = (int) le(b, 0x36, 2);
    int phnum = (int) le(b, 0x38, 2);
    for (int i = 0; i < phnum; i++) {
      int at = (int) phoff + i * phentsize;
      if (le(b, at, 4) == 3) {
        int offset = (int) le(b, at + 8, 8);
        int size = (int) le(b, at + 32, 8);
        return new String(b, offset, size - 1, StandardCharsets.US_ASCII);
      }
    }
    throw new AssertionError(elf + " has no program interpreter");
  }

  private static long le(byte[] b, int offset, int length) {
    long value = 0;
    for (int i = length - 1; i >= 0; i--) {
      value = (value << 8) | (b[offset + i] & 0xff);
    }
    return value;
  }

  @Test
  void theServiceRunsFromTheImagesFilesAloneAndItsHealthCheckFindsItReady() throws Exception {
    List<String> isolation = isolation();
    assumeThat(isolation)
        .as("chroot with a /proc of its own (root, or user namespaces, and util-linux unshare)")
        .isNotEmpty();
    Files.createDirectories(root.resolve("proc"));

    List<String> entrypoint = strings(config.at("/config/Entrypoint"));
    List<String> service = new ArrayList<>(isolation);
    service.addAll(entrypoint);
    service.addAll(strings(config.at("/config/Cmd")));
    // free ports, on the loopback address: the chroot shares this machine's network
    Map<String, String> loopback =
        Map.of(
            "SWITCHBOARD_HTTP_HOST", "127.0.0.1",
            "SWITCHBOARD_HTTP_PORT", "0",
            "SWITCHBOARD_KAFKA_PORT", "0");
    Path log = work.resolve("service.log");
    Process process =
        imageProcess(service, loopback)
            .redirectError(log.toFile())
            .redirectOutput(ProcessBuilder.Redirect.PIPE)
            .start();
    AtomicReference<String> http = new AtomicReference<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                  if (line.startsWith("HTTP: ")) {
                    http.set(line.substring("HTTP: ".length()));
                  }
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "image-service-output");
    reader.setDaemon(true);
    reader.start();
    try {
      Instant deadline = Instant.now().plus(READY_DEADLINE);
      while (http.get() == null && process.isAlive() && Instant.now().isBefore(deadline)) {
        Thread.sleep(200);
      }
      assertThat(http.get())
          .as(
              "the service printed its HTTP address within %s; its log: %s",
              READY_DEADLINE, tail(log))
          .isNotNull();
      URI url = URI.create(http.get());

      // the image's own health check, run as the container runtime runs it
      List<String> check = new ArrayList<>(isolation);
      check.addAll(
          strings(config.at("/config/Healthcheck/Test"))
              .subList(1, config.at("/config/Healthcheck/Test").size()));
      Map<String, String> port =
          Map.of("SWITCHBOARD_HTTP_HOST", "127.0.0.1", "SWITCHBOARD_HTTP_PORT", "" + url.getPort());
      String answer = "";
      int status = -1;
      while (status != 0 && Instant.now().isBefore(deadline)) {
        Process health = imageProcess(check, port).redirectErrorStream(true).start();
        answer = new String(health.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(health.waitFor(60, TimeUnit.SECONDS)).as("the health check ended").isTrue();
        status = health.exitValue();
        if (status != 0) {
          Thread.sleep(1000);
        }
      }
      assertThat(status).as("the health check's status; it said: %s", answer).isZero();
      assertThat(answer).startsWith("ready: http://127.0.0.1:" + url.getPort() + "/health/ready");

      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      HttpResponse<String> step =
          client.send(
              HttpRequest.newBuilder(url.resolve("/v1/tenants/demo/steps"))
                  .timeout(Duration.ofSeconds(30))
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"RequestMakeCall\": {\"ThisDN\": \"5001\", \"OtherDN\": \"5002\"}}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(step.statusCode()).as(step.body()).isEqualTo(200);
      assertThat(step.body()).contains("\"accepted\":true");
      // journaled in the data volume, by the image's user when the test runs as root
      assertThat(root.resolve("var/lib/switchboard/journal")).isDirectory();
      assertThat(root.resolve("var/lib/switchboard/kafka")).isDirectory();
    } finally {
      stop(process);
    }
  }

  /** A process in the image's environment: its variables, then {@code overrides}; nothing else. */
  private static ProcessBuilder imageProcess(List<String> command, Map<String, String> overrides) {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    for (JsonNode variable : config.at("/config/Env")) {
      String[] pair = variable.asText().split("=", 2);
      builder.environment().put(pair[0], pair[1]);
    }
    builder.environment().putAll(overrides);
    return builder;
  }

  /**
   * What runs a command on the image's files alone: a chroot into them, in a mount and process
   * namespace of its own (so that /proc can be mounted), as the image's user when the test runs as
   * root, as root mapped to this user in a user namespace otherwise. Empty when the machine allows
   * neither.
   */
  private static List<String> isolation() throws Exception {
    Path unshare = onPath("unshare");
    Path chroot = onPath("chroot");
    if (unshare == null || chroot == null) {
      return List.of();
    }
    List<String> command = new ArrayList<>(List.of(unshare.toString()));
    if (!isRoot()) {
      command.add("--map-root-user");
    }
    command.addAll(
        List.of(
            "--mount",
            "--pid",
            "--fork",
            "--kill-child",
            "--mount-proc=" + root.resolve("proc"),
            chroot.toString()));
    if (isRoot()) {
      command.add("--userspec=" + config.at("/config/User").asText());
    }
    command.add(root.toString());
    List<String> probe = new ArrayList<>(command);
    probe.add("/opt/java/bin/java");
    probe.add("-version");
    Files.createDirectories(root.resolve("proc"));
    Process process = imageProcess(probe, Map.of()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("java -version in the image did not end within 60 s");
    }
    if (process.exitValue() != 0 && (output.contains("unshare:") || output.contains("chroot:"))) {
      // the machine refuses the namespaces or the chroot: not the image's fault
      System.err.println("cannot isolate the image's files here: " + output);
      return List.of();
    }
    assertThat(process.exitValue()).as("java -version in the image: %s", output).isZero();
    assertThat(output).contains("version \"" + Runtime.version().feature());
    return command;
  }

  private static void stop(Process process) throws InterruptedException {
    // SIGTERM to the service (the namespace's first process), so that it shuts down as on docker
    // stop
    process.descendants().forEach(ProcessHandle::destroy);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static boolean isRoot() {
    try {
      return (int) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static Path onPath(String program) {
    List<String> dirs =
        new ArrayList<>(
            List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
    dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
    for (String dir : dirs) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
      if (Files.isExecutable(candidate)
          && !Files.isDirectory(candidate, LinkOption.NOFOLLOW_LINKS)) {
        return candidate;
      }
    }
    return null;
  }

  private static List<String> strings(JsonNode array) {
    List<String> list = new ArrayList<>();
    array.forEach(node -> list.add(node.asText()));
    return list;
  }

  private static String tail(Path log) {
    try (InputStream in = Files.newInputStream(log)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.substring(Math.max(0, text.length() - 4000));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
