package dev.followup.notification.delivery;

import dev.followup.notification.domain.FollowUpDue;
import dev.followup.notification.domain.ReminderCategory;
import dev.followup.notification.domain.StepAction;
import dev.followup.notification.domain.StepKind;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Renders the reminder of a due step from the Qute templates in {@code templates/messages/<kind>/},
 * at send time, in the candidate's language when there are templates for it ({@code text_fr.txt}
 * beside {@code text.txt}) and in English otherwise.
 *
 * <p>Each kind has a {@code subject}, a {@code text} (the email body, with the draft or script), a
 * {@code short} (the SMS and push body: one GSM-7 segment where the names allow) and a {@code
 * title} (the push title); the thank-you email also has an {@code html}.
 */
@ApplicationScoped
public class MessageRenderer {

  private final Engine engine;
  private final DeliveryConfig config;

  MessageRenderer(Engine engine, DeliveryConfig config) {
    this.engine = engine;
    this.config = config;
  }

  /** What the templates show. */
  @TemplateData
  public record Draft(
      String candidateName,
      String company,
      String role,
      String recipientName,
      String recipientTitle,
      String recipientEmail,
      String recipientPhone,
      String mailingAddress,
      String topics,
      Integer sequence,
      String link) {

    public boolean hasTopics() {
      return !topics.isEmpty();
    }

    /** The recipient's name, or a stand-in for steps without one. */
    public String recipient() {
      return recipientName == null ? "your contact" : recipientName;
    }

    public boolean firstCheckIn() {
      return sequence == null || sequence <= 1;
    }
  }

  /** What a footer template shows: the unsubscribe link of the email. */
  @TemplateData
  public record Footer(String unsubscribeUrl) {}

  public RenderedMessage render(FollowUpDue due, Locale locale) {
    return render(due, locale, Optional.empty());
  }

  /**
   * Renders the reminder; with an unsubscribe link (emails), the plain-text and HTML bodies end
   * with a footer that offers it ({@code messages/footer/}).
   */
  public RenderedMessage render(FollowUpDue due, Locale locale, Optional<String> unsubscribeUrl) {
    Draft draft = draft(due);
    String folder = "messages/" + folder(due.kind(), due.effectiveAction()) + "/";
    String text = render(folder + "text", locale, "draft", draft).orElseThrow();
    String html = render(folder + "html", locale, "draft", draft).orElse(null);
    if (unsubscribeUrl.isPresent()) {
      Footer footer = new Footer(unsubscribeUrl.get());
      text = text + "\n\n" + render("messages/footer/text", locale, "footer", footer).orElseThrow();
      if (html != null) {
        html =
            withFooter(
                html, render("messages/footer/html", locale, "footer", footer).orElseThrow());
      }
    }
    return new RenderedMessage(
        oneLine(render(folder + "subject", locale, draft).orElseThrow()),
        text,
        html,
        oneLine(render(folder + "short", locale, draft).orElseThrow()),
        oneLine(render(folder + "title", locale, draft).orElseThrow()),
        draft.link(),
        ReminderCategory.of(due.kind(), due.effectiveAction()),
        due.stepId(),
        due.windowEnd() == null ? null : due.windowEnd().toInstant(),
        unsubscribeUrl.orElse(null));
  }

  /** The footer just before {@code </body>}, or at the end of a fragment. */
  private static String withFooter(String html, String footer) {
    int end = html.toLowerCase(Locale.ROOT).lastIndexOf("</body>");
    return end < 0
        ? html + "\n" + footer
        : html.substring(0, end) + footer + "\n" + html.substring(end);
  }

  Draft draft(FollowUpDue due) {
    FollowUpDue.Recipient recipient = due.recipient();
    return new Draft(
        due.candidate().name(),
        due.company(),
        due.role(),
        recipient == null ? null : recipient.name(),
        recipient == null ? null : recipient.title(),
        recipient == null ? null : recipient.email(),
        recipient == null ? null : recipient.phone(),
        recipient == null ? null : recipient.mailingAddress(),
        recipient == null ? "" : phrase(recipient.topicList()),
        due.sequence(),
        config.appUrl().replaceAll("/+$", "") + "/steps/" + due.stepId());
  }

  /** The template in the locale's language if there is one, else the English one. */
  private Optional<String> render(String id, Locale locale, Draft draft) {
    return render(id, locale, "draft", draft);
  }

  private Optional<String> render(String id, Locale locale, String name, Object data) {
    Template template = null;
    if (locale != null && !locale.getLanguage().isEmpty()) {
      template = engine.getTemplate(id + "_" + locale.getLanguage());
    }
    if (template == null) {
      template = engine.getTemplate(id);
    }
    return Optional.ofNullable(template).map(t -> t.data(name, data).render().strip());
  }

  /** {@code thank-you-email}, ...; a check-in by phone has its own templates with a call script. */
  static String folder(StepKind kind, StepAction action) {
    String folder = kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    return kind == StepKind.CHECK_IN && action == StepAction.CALL ? folder + "-call" : folder;
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }

  /** "a", "a and b", "a, b and c". */
  static String phrase(List<String> topics) {
    List<String> named =
        topics == null
            ? List.of()
            : topics.stream().filter(t -> t != null && !t.isBlank()).map(String::strip).toList();
    return switch (named.size()) {
      case 0 -> "";
      case 1 -> named.get(0);
      default ->
          String.join(", ", named.subList(0, named.size() - 1))
              + " and "
              + named.get(named.size() - 1);
    };
  }
}
