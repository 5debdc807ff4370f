package dev.followup.system;

import dev.followup.system.DeliveryChecker.Outcome;
import dev.followup.system.InterviewLoad.Channel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The fault scenarios' outcomes as Markdown tables: the figures, every count over the three
 * channels, then the checks behind them with the deliveries per channel.
 */
final class FaultReport {

  private FaultReport() {}

  static String markdown(List<Outcome> outcomes, String heading) {
    StringBuilder out = new StringBuilder();
    out.append(heading).append("\n\n");
    out.append(
        "| scenario | interviews | expected | delivered | lost | duplicated | worst-lateness-s"
            + " | recovery-s |\n");
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (Outcome o : outcomes) {
      out.append(
          "| %s | %d | %d | %d | %d | %d | %s | %s |\n"
              .formatted(
                  o.scenario(),
                  o.interviews(),
                  o.expected(),
                  o.delivered(),
                  o.lost(),
                  o.duplicated(),
                  seconds(o.worstLateness()),
                  o.recovery() == null ? "—" : seconds(o.recovery())));
    }
    out.append(
        "\n| scenario | delivered by email / SMS / push | steps cancelled"
            + " | cancelled that fired anyway | fired early | on another channel or recipient"
            + " | median-lateness-s |\n");
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (Outcome o : outcomes) {
      out.append(
          "| %s | %d / %d / %d | %d | %d | %d | %d | %s |\n"
              .formatted(
                  o.scenario(),
                  o.deliveredOn(Channel.EMAIL),
                  o.deliveredOn(Channel.SMS),
                  o.deliveredOn(Channel.PUSH),
                  o.cancelled(),
                  o.cancelledFired(),
                  o.early(),
                  o.misrouted(),
                  seconds(o.medianLateness())));
    }
    return out.toString();
  }

  static void write(Path file, String markdown) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, markdown);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f", duration.toMillis() / 1000.0);
  }
}
