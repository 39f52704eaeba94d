import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Adds to an image tarball that Jib built (Docker's format, as {@code docker load} reads it) what
 * Jib cannot write: a health check, and a layer with the directories the service writes to (the
 * data volume, owned by the image's user and writable by group 0 for platforms that run images
 * under an arbitrary user id; and {@code /tmp}, writable by all and sticky). The image's config
 * gets the health check, the new layer's diff id and a history entry; {@code manifest.json} lists
 * the layer. Every other entry of the tarball is copied as it is.
 *
 * <pre>
 * java -cp JACKSON-JARS ImageFinish.java TARBALL DATA-DIR UID [-- HEALTH-CHECK COMMAND...]
 * </pre>
 *
 * Jib does not write a health check because the OCI image format has none (Jib issue 676); Docker
 * and Podman read {@code config.Healthcheck} of Docker's format, Kubernetes ignores it and has its
 * own probes.
 */
public final class ImageFinish {
  private static final int BLOCK = 512;
  private static final Duration INTERVAL = Duration.ofSeconds(30);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Duration START_PERIOD = Duration.ofSeconds(120);
  private static final int RETRIES = 3;

  private ImageFinish() {}

  public static void main(String[] args) throws IOException, NoSuchAlgorithmException {
    int dash = Arrays.asList(args).indexOf("--");
    if (args.length < 3 || dash != 3 || args.length == 4) {
      throw new IllegalArgumentException(
          "usage: java ImageFinish.java TARBALL DATA-DIR UID -- HEALTH-CHECK COMMAND...");
    }
    Path tarball = Path.of(args[0]);
    String dataDir = args[1].replaceAll("^/+|/+$", "");
    int uid = Integer.parseInt(args[2]);
    List<String> health = List.of(args).subList(4, args.length);

    List<Entry> entries = read(tarball);
    ObjectMapper json = new ObjectMapper();
    ArrayNode manifest = (ArrayNode) json.readTree(entry(entries, "manifest.json").data());
    if (manifest.size() != 1) {
      throw new IllegalStateException(tarball + ": expected one image, found " + manifest.size());
    }
    String configName = manifest.get(0).get("Config").asText();
    Entry configEntry = entry(entries, configName);
    ObjectNode config = (ObjectNode) json.readTree(configEntry.data());
    if (config.at("/config/Healthcheck").isObject()) {
      throw new IllegalStateException(tarball + " has a health check already: build it again");
    }

    byte[] layer = directoriesLayer(dataDir, uid);
    byte[] compressed = gzip(layer);
    String layerName = sha256(compressed) + ".tar.gz";

    ObjectNode check = ((ObjectNode) config.get("config")).putObject("Healthcheck");
    ArrayNode test = check.putArray("Test").add("CMD");
    health.forEach(test::add);
    check.put("Interval", INTERVAL.toNanos());
    check.put("Timeout", TIMEOUT.toNanos());
    check.put("StartPeriod", START_PERIOD.toNanos());
    check.put("Retries", RETRIES);
    ((ArrayNode) config.at("/rootfs/diff_ids")).add("sha256:" + sha256(layer));
    JsonNode created = config.get("created");
    ObjectNode history = ((ArrayNode) config.get("history")).addObject();
    if (created != null) {
      history.set("created", created);
    }
    history.put("created_by", "ImageFinish: /tmp and /" + dataDir + " owned by " + uid + ":0");
    history.put("comment", "and the health check: " + String.join(" ", health));
    ((ArrayNode) manifest.get(0).get("Layers")).add(layerName);

    List<Entry> finished = new ArrayList<>();
    for (Entry e : entries) {
      if (e.name().equals("manifest.json")) {
        finished.add(e.with(json.writeValueAsBytes(manifest)));
      } else if (e.name().equals(configName)) {
        finished.add(e.with(json.writeValueAsBytes(config)));
      } else {
        finished.add(e);
      }
    }
    finished.add(new Entry(header(layerName, 0644, 0, 0, '0', compressed.length), compressed));
    Path written = tarball.resolveSibling(tarball.getFileName() + ".part");
    try (OutputStream out = Files.newOutputStream(written)) {
      for (Entry e : finished) {
        out.write(e.header());
        out.write(e.data());
        out.write(new byte[padding(e.data().length)]);
      }
      out.write(new byte[2 * BLOCK]);
    }
    Files.move(written, tarball, StandardCopyOption.REPLACE_EXISTING);
    System.out.println(
        "image finished: "
            + tarball
            + ": health check "
            + health
            + "; layer "
            + layerName
            + " (/tmp, /"
            + dataDir
            + ")");
  }

  /** One member of a tar archive: its 512-byte header, as written, and its content. */
  record Entry(byte[] header, byte[] data) {
    String name() {
      return text(header, 0, 100);
    }

    /** The same member with another content: its size and checksum written again. */
    Entry with(byte[] content) {
      byte[] copy = header.clone();
      octal(copy, 124, 12, content.length);
      checksum(copy);
      return new Entry(copy, content);
    }
  }

  private static Entry entry(List<Entry> entries, String name) {
    return entries.stream()
        .filter(e -> e.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("the tarball has no " + name));
  }

  /** Every member of a plain (ustar) archive, read whole: the image's tarball fits in memory. */
  private static List<Entry> read(Path tarball) throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (InputStream in = Files.newInputStream(tarball)) {
      while (true) {
        byte[] header = in.readNBytes(BLOCK);
        if (header.length < BLOCK) {
          throw new IOException(tarball + ": truncated");
        }
        if (isZero(header)) {
          return entries;
        }
        char type = (char) header[156];
        if (type != '0' && type != '\0') {
          throw new IOException(tarball + ": member of type '" + type + "' is not a plain file");
        }
        long size = Long.parseLong(text(header, 124, 12).trim(), 8);
        byte[] data = in.readNBytes((int) size);
        in.readNBytes(padding(data.length));
        entries.add(new Entry(header, data));
      }
    }
  }

  /** A layer holding /tmp and DATA-DIR (with its parents): directories only. */
  private static byte[] directoriesLayer(String dataDir, int uid) throws IOException {
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    tar.write(header("tmp/", 01777, 0, 0, '5', 0));
    String[] parts = dataDir.split("/");
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      path.append(parts[i]).append('/');
      boolean last = i == parts.length - 1;
      tar.write(header(path.toString(), last ? 0770 : 0755, last ? uid : 0, 0, '5', 0));
    }
    tar.write(new byte[2 * BLOCK]);
    return tar.toByteArray();
  }

  /** A ustar header; the time is Jib's (one second past the epoch), so builds are reproducible. */
  private static byte[] header(String name, int mode, int uid, int gid, char type, long size) {
    byte[] header = new byte[BLOCK];
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    if (nameBytes.length > 100) {
      throw new IllegalArgumentException("name too long for a ustar header: " + name);
    }
    System.arraycopy(nameBytes, 0, header, 0, nameBytes.length);
    octal(header, 100, 8, mode);
    octal(header, 108, 8, uid);
    octal(header, 116, 8, gid);
    octal(header, 124, 12, size);
    octal(header, 136, 12, 1);
    header[156] = (byte) type;
    System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 8);
    checksum(header);
    return header;
  }

  /** {@code value} in octal, zero-padded, ending with a NUL, in {@code length} bytes. */
  private static void octal(byte[] header, int offset, int length, long value) {
    String digits = String.format("%0" + (length - 1) + "o", value);
    if (digits.length() > length - 1) {
      throw new IllegalArgumentException(value + " does not fit a tar header field");
    }
    System.arraycopy(digits.getBytes(StandardCharsets.US_ASCII), 0, header, offset, length - 1);
    header[offset + length - 1] = 0;
  }

  private static void checksum(byte[] header) {
    Arrays.fill(header, 148, 156, (byte) ' ');
    long sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    String digits = String.format("%06o", sum);
    System.arraycopy(digits.getBytes(StandardCharsets.US_ASCII), 0, header, 148, 6);
    header[154] = 0;
    header[155] = ' ';
  }

  private static String text(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static int padding(int size) {
    return (BLOCK - size % BLOCK) % BLOCK;
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(data);
    }
    return bytes.toByteArray();
  }

  private static String sha256(byte[] data) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }
}
