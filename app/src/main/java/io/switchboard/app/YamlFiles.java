package io.switchboard.app;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Reads the YAML files a user writes, with errors that say where and what, in the user's terms. */
final class YamlFiles {
  private YamlFiles() {}

  /**
   * The document in {@code file}.
   *
   * @param what what the file is, for messages: "configuration file", "directory file"
   * @throws UserError when the file is missing, unreadable, empty, or not YAML: naming the file,
   *     and for a syntax error its line, column and text
   */
  static JsonNode read(Path file, String what) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new UserError(
          what
              + " "
              + file
              + " not found (relative to "
              + Path.of("").toAbsolutePath()
              + "): check the path");
    } catch (IOException e) {
      throw new UserError("cannot read " + what + " " + file + ": " + e.getMessage(), e);
    }
    if (text.lines().allMatch(line -> line.isBlank() || line.strip().startsWith("#"))) {
      throw new UserError(
          what + " " + file + " is empty: write its settings (docs/configuration.md)");
    }
    try {
      return Json.yamlMapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw new UserError(syntaxError(file, what, text, e), e);
    }
  }

  private static String syntaxError(
      Path file, String what, String text, JsonProcessingException e) {
    String problem = e.getOriginalMessage() == null ? "not YAML" : e.getOriginalMessage();
    // the parser's message repeats the position and quotes the text; keep its first statement
    problem = problem.lines().findFirst().orElse(problem).strip();
    int in = problem.indexOf(" in 'reader'");
    if (in > 0) {
      problem = problem.substring(0, in);
    }
    problem = problem.replaceAll("\\s*\\[Source:.*$", "").replaceAll("[;:,]\\s*$", "");
    JsonLocation where = e.getLocation();
    if (where == null || where.getLineNr() < 1) {
      return what + " " + file + " is not valid YAML: " + problem;
    }
    int line = where.getLineNr();
    List<String> lines = text.lines().toList();
    String offending = line <= lines.size() ? lines.get(line - 1) : "";
    return what
        + " "
        + file
        + ", line "
        + line
        + ", column "
        + where.getColumnNr()
        + ": "
        + problem
        + (offending.isBlank() ? "" : "\n    " + offending.strip());
  }
}
