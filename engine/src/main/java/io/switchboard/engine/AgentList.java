package io.switchboard.engine;

import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The agents a tenant accepts: any AgentID ({@link #any()}, the default), or the AgentIDs of its
 * configuration ({@link #of}), as a T-Server accepts only the agent logins that exist in its
 * configuration. With a list, RequestAgentLogin with an AgentID that is not in it is rejected with
 * {@link ErrorCode#UnknownAgent}; an empty list accepts no login at all.
 *
 * <p>An AgentID in a list is 1 to {@value #MAX_LENGTH} characters, not blank, without control
 * characters and without spaces at either end.
 */
public final class AgentList {

  /** The longest AgentID a list may hold. */
  public static final int MAX_LENGTH = 255;

  private static final AgentList ANY = new AgentList(null);

  /** The AgentIDs, sorted; null when any AgentID is accepted. */
  private final SortedSet<String> ids;

  private AgentList(SortedSet<String> ids) {
    this.ids = ids;
  }

  /** Any AgentID may log in. */
  public static AgentList any() {
    return ANY;
  }

  /**
   * Only {@code ids} may log in (none, when it is empty).
   *
   * @throws IllegalArgumentException naming an AgentID that is not valid ({@link #check}) or that
   *     is given twice
   */
  public static AgentList of(Collection<String> ids) {
    SortedSet<String> sorted = new TreeSet<>();
    for (String id : ids) {
      if (!sorted.add(check(id))) {
        throw new IllegalArgumentException("agent " + id + " is listed twice");
      }
    }
    return new AgentList(Collections.unmodifiableSortedSet(sorted));
  }

  /**
   * Returns {@code id} if it can be an AgentID of a list.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static String check(String id) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("an AgentID must not be blank");
    }
    if (id.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "AgentID '"
              + id.substring(0, 32)
              + "...' is "
              + id.length()
              + " characters long; at most "
              + MAX_LENGTH
              + " are allowed");
    }
    if (id.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          "AgentID '" + id.replaceAll("\\p{Cntrl}", "?") + "' holds a control character");
    }
    if (!id.strip().equals(id)) {
      throw new IllegalArgumentException(
          "AgentID '" + id + "' starts or ends with a space; write it without");
    }
    return id;
  }

  /** Whether any AgentID is accepted (there is no list). */
  public boolean acceptsAny() {
    return ids == null;
  }

  /** The AgentIDs of the list, sorted; empty when any AgentID is accepted. */
  public Optional<SortedSet<String>> ids() {
    return Optional.ofNullable(ids);
  }

  /** Whether agent {@code id} may log in. */
  public boolean accepts(String id) {
    return ids == null || ids.contains(id);
  }

  /**
   * This list with {@code id} added.
   *
   * @throws IllegalStateException if any AgentID is accepted: there is no list to add to
   * @throws IllegalArgumentException if {@code id} is not valid or is listed already
   */
  AgentList with(String id, String tenant) {
    check(id);
    if (ids == null) {
      throw new IllegalStateException(
          "tenant "
              + tenant
              + " accepts any AgentID, so there is no list to add agent "
              + id
              + " to; set the tenant's agents to a list (with "
              + id
              + " in it) instead");
    }
    if (ids.contains(id)) {
      throw new IllegalArgumentException(
          "agent " + id + " is already in the agents of tenant " + tenant);
    }
    SortedSet<String> more = new TreeSet<>(ids);
    more.add(id);
    return new AgentList(Collections.unmodifiableSortedSet(more));
  }

  /**
   * This list without {@code id}.
   *
   * @throws IllegalStateException if any AgentID is accepted: there is no list to remove from
   * @throws IllegalArgumentException if {@code id} is not listed
   */
  AgentList without(String id, String tenant) {
    if (ids == null) {
      throw new IllegalStateException(
          "tenant "
              + tenant
              + " accepts any AgentID, so there is no list to remove agent "
              + id
              + " from; set the tenant's agents to a list instead");
    }
    if (!ids.contains(id)) {
      throw new IllegalArgumentException(
          "agent " + id + " is not in the agents of tenant " + tenant);
    }
    SortedSet<String> fewer = new TreeSet<>(ids);
    fewer.remove(id);
    return new AgentList(Collections.unmodifiableSortedSet(fewer));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AgentList other && Objects.equals(ids, other.ids);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(ids);
  }

  @Override
  public String toString() {
    return ids == null ? "any" : ids.toString();
  }
}
