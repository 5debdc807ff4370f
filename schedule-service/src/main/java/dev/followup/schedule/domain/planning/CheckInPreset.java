package dev.followup.schedule.domain.planning;

import java.util.List;
import java.util.Objects;

/**
 * How insistent the status check-ins are: when the first comes, how far apart the next ones are
 * (never closer), how many there are at most, and how the candidate makes each one.
 *
 * @param firstAfterDays days after the interview for the first check-in, when the employer named no
 *     date
 * @param minimumGapDays the least number of days between two check-ins
 * @param maximum the cap: persistence, not stalking
 * @param actions the action of each check-in in turn, repeated cyclically
 */
public record CheckInPreset(
    String name, int firstAfterDays, int minimumGapDays, int maximum, List<Action> actions) {

  /** Weekly until the position is filled, alternating email and phone. */
  public static final CheckInPreset PERSISTENT =
      new CheckInPreset("persistent", 5, 7, 6, List.of(Action.EMAIL, Action.CALL));

  /** A week after, then every ten days, three at most, alternating email and phone. */
  public static final CheckInPreset BALANCED =
      new CheckInPreset("balanced", 7, 10, 3, List.of(Action.EMAIL, Action.CALL));

  /** One call after a week, one more message a week later, then stop. */
  public static final CheckInPreset MEASURED =
      new CheckInPreset("measured", 7, 7, 2, List.of(Action.CALL, Action.EMAIL));

  /** Ten days after, then no sooner than every two weeks, by email. */
  public static final CheckInPreset PATIENT =
      new CheckInPreset("patient", 10, 14, 3, List.of(Action.EMAIL));

  public static final List<CheckInPreset> ALL = List.of(PERSISTENT, BALANCED, MEASURED, PATIENT);

  public CheckInPreset {
    Objects.requireNonNull(name, "name");
    actions = List.copyOf(actions);
    if (firstAfterDays < 1 || minimumGapDays < 1 || maximum < 0 || actions.isEmpty()) {
      throw new IllegalArgumentException("Invalid check-in preset " + name);
    }
    if (actions.stream().anyMatch(a -> a != Action.EMAIL && a != Action.CALL)) {
      throw new IllegalArgumentException("A check-in is an email or a call");
    }
  }

  /** The action of the {@code sequence}-th check-in, counting from 1. */
  public Action actionOf(int sequence) {
    return actions.get((sequence - 1) % actions.size());
  }

  /** The preset of that name, ignoring case. */
  public static CheckInPreset named(String name) {
    return ALL.stream()
        .filter(p -> p.name().equalsIgnoreCase(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No check-in preset named " + name));
  }
}
