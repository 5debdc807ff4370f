package dev.followup.interview.api;

import dev.followup.interview.application.PreconditionRequiredException;
import jakarta.ws.rs.core.EntityTag;

/**
 * Optimistic concurrency over HTTP: the ETag of a resource is its version, and a change must send
 * the ETag it was made from in {@code If-Match}.
 */
final class Preconditions {

  private Preconditions() {}

  static EntityTag etag(long version) {
    return new EntityTag(Long.toString(version));
  }

  /**
   * The version named by {@code If-Match}: null for {@code *} (any current version), -1 for a tag
   * that cannot be one of ours (it then never matches).
   *
   * @throws PreconditionRequiredException when the header is missing
   */
  static Long ifMatch(String header) {
    if (header == null || header.isBlank()) {
      throw new PreconditionRequiredException();
    }
    String tag = header.trim();
    if (tag.equals("*")) {
      return null;
    }
    if (tag.startsWith("W/")) {
      tag = tag.substring(2);
    }
    if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
      tag = tag.substring(1, tag.length() - 1);
    }
    try {
      return Long.parseLong(tag);
    } catch (NumberFormatException e) {
      return -1L;
    }
  }

  /** Like {@link #ifMatch} but an absent header asks for no check. */
  static Long ifMatchOptional(String header) {
    return header == null || header.isBlank() ? null : ifMatch(header);
  }
}
