import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * Builds what the container image runs on instead of an operating system: a Java runtime linked by
 * jlink with the modules the service uses, in ROOT/opt/java, and the shared libraries that runtime
 * loads (the C library, its loader, zlib, the C++ runtime...) copied from this machine to the same
 * paths under ROOT. The image adds ROOT to an empty (scratch) base.
 *
 * <pre>
 * java ImageRuntime.java ROOT MODULE,MODULE...
 * </pre>
 *
 * The runtime is that of the JDK running this program; libraries are found with ldd, so it needs a
 * Linux machine with the GNU C library. On JDK 24 and later, the options that Kafka needs there
 * (native access, sun.misc.Unsafe memory access) are made the runtime's defaults.
 */
public final class ImageRuntime {
  private static final Pattern LDD_RESOLVED = Pattern.compile("=>\\s+(/\\S+)\\s+\\(0x");
  private static final String LOCALE = "/usr/lib/locale/C.utf8";
  private static final Pattern LDD_LOADER = Pattern.compile("^\\s*(/\\S+)\\s+\\(0x");

  private ImageRuntime() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: java ImageRuntime.java ROOT MODULE,MODULE...");
    }
    Path root = Path.of(args[0]).toAbsolutePath();
    Path java = root.resolve("opt/java");
    delete(root);
    Files.createDirectories(java.getParent());
    link(java, args[1]);
    replaceLinksByCopies(java);
    Set<Path> libraries = new TreeSet<>();
    for (Path file : elfFiles(java)) {
      libraries.addAll(librariesOf(file, java));
    }
    for (Path library : libraries) {
      Path target = root.resolve(library.toString().substring(1));
      Files.createDirectories(target.getParent());
      // the library's content, under the name the loader asks for (the build machine's links
      // between names are not kept: each name is a file)
      Files.copy(library, target);
    }
    copyLocale(root);
    System.out.println(
        "image runtime: Java "
            + Runtime.version()
            + " ("
            + args[1]
            + ") in "
            + java
            + ", with "
            + libraries.size()
            + " libraries: "
            + libraries);
  }

  private static void link(Path output, String modules) {
    ToolProvider jlink =
        ToolProvider.findFirst("jlink")
            .orElseThrow(
                () -> new IllegalStateException("this JDK has no jlink: build with a full JDK"));
    List<String> options =
        new ArrayList<>(
            List.of(
                "--add-modules",
                modules,
                "--strip-debug",
                "--no-man-pages",
                "--no-header-files",
                Runtime.version().feature() >= 21 ? "--compress=zip-6" : "--compress=2",
                "--output",
                output.toString()));
    if (Runtime.version().feature() >= 24) {
      options.add(
          "--add-options=--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow");
    }
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    int status = jlink.run(out, err, options.toArray(String[]::new));
    if (status != 0) {
      throw new IllegalStateException("jlink failed (status " + status + "): " + options);
    }
  }

  /** jlink links the legal notices of each module to java.base's; an image keeps plain files. */
  private static void replaceLinksByCopies(Path dir) throws IOException {
    List<Path> links;
    try (Stream<Path> files = Files.walk(dir)) {
      links = files.filter(Files::isSymbolicLink).toList();
    }
    for (Path link : links) {
      Path target = link.toRealPath();
      Files.delete(link);
      Files.copy(target, link);
    }
  }

  /** The runtime's programs and libraries: the files that begin with the ELF magic number. */
  private static List<Path> elfFiles(Path dir) throws IOException {
    List<Path> regular;
    try (Stream<Path> files = Files.walk(dir)) {
      regular =
          files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
    }
    List<Path> elf = new ArrayList<>();
    for (Path file : regular) {
      try (InputStream in = Files.newInputStream(file)) {
        byte[] magic = in.readNBytes(4);
        if (magic.length == 4
            && magic[0] == 0x7f
            && magic[1] == 'E'
            && magic[2] == 'L'
            && magic[3] == 'F') {
          elf.add(file);
        }
      }
    }
    return elf;
  }

  /** What the loader resolves for {@code file} on this machine, outside the runtime itself. */
  private static Set<Path> librariesOf(Path file, Path runtime)
      throws IOException, InterruptedException {
    Process ldd = new ProcessBuilder("ldd", file.toString()).redirectErrorStream(true).start();
    String output = new String(ldd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!ldd.waitFor(60, TimeUnit.SECONDS) || ldd.exitValue() != 0) {
      throw new IllegalStateException("ldd " + file + " failed: " + output);
    }
    Set<Path> libraries = new TreeSet<>();
    for (String line : output.split("\n")) {
      if (line.contains("not found")) {
        // libjvm.so, which the launcher loads before the libraries that need it
        String name = line.strip().split("\\s+")[0];
        if (!containsFileNamed(runtime, name)) {
          throw new IllegalStateException(
              "ldd " + file + ": a library is missing: " + line.strip());
        }
        continue;
      }
      Matcher resolved = LDD_RESOLVED.matcher(line);
      Matcher loader = LDD_LOADER.matcher(line);
      Path library =
          resolved.find()
              ? Path.of(resolved.group(1))
              : loader.find() ? Path.of(loader.group(1)) : null;
      if (library != null && !library.toRealPath().startsWith(runtime.toRealPath())) {
        libraries.add(library);
      }
    }
    return libraries;
  }

  /**
   * The C library's C.UTF-8 locale, which the image's LANG names: without a locale, Java would take
   * ASCII for file names, and on JDK 17 for every text it reads or writes without a charset.
   */
  private static void copyLocale(Path root) throws IOException {
    Path locale = Path.of(LOCALE);
    if (!Files.isDirectory(locale)) {
      throw new IllegalStateException(
          LOCALE
              + " is missing: the image needs the C library's C.UTF-8 locale (Debian's libc-bin)");
    }
    try (Stream<Path> files = Files.walk(locale)) {
      for (Path file : files.sorted().toList()) {
        Path target = root.resolve(file.toString().substring(1));
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }

  private static boolean containsFileNamed(Path dir, String name) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.anyMatch(f -> f.getFileName().toString().equals(name));
    }
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }
}
