package dev.followup.interview.application;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import java.util.UUID;

/**
 * Ids of the rows this service creates: UUIDs of version 7 (RFC 9562), whose first 48 bits are the
 * time of creation in milliseconds. Rows created one after another get ids that sort one after
 * another, so a b-tree index on them grows at its right-hand edge instead of taking each new entry
 * on a random page. That matters most downstream: the schedule-service keys its plans, and the
 * steps of each plan, by the interview id, and writes hundreds of them per transaction when it
 * works through a backlog.
 *
 * <p>Such an id tells when the row was created. It grants nothing: every read checks the tenant and
 * candidate that own the row.
 */
public final class NewIds {

  /** Thread-safe; ids made within the same millisecond still increase. */
  private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

  private NewIds() {}

  public static UUID next() {
    return GENERATOR.generate();
  }
}
