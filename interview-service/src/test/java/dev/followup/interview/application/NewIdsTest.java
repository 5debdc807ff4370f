package dev.followup.interview.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NewIdsTest {

  @Test
  void idsAreVersionSevenAndSortInTheOrderTheyWereMade() {
    long before = Instant.now().toEpochMilli();
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      made.add(NewIds.next().toString());
    }
    long after = Instant.now().toEpochMilli();

    // Lower-case hexadecimal of fixed length: text order is the order of the 128-bit values, the
    // order of a b-tree over PostgreSQL's uuid type.
    assertThat(made).isSorted().doesNotHaveDuplicates();
    UUID first = UUID.fromString(made.get(0));
    assertThat(first.version()).isEqualTo(7);
    assertThat(first.variant()).isEqualTo(2);
    // The first 48 bits are the time of creation in milliseconds.
    assertThat(first.getMostSignificantBits() >>> 16).isBetween(before, after);
  }
}
