package dev.followup.notification.delivery;

import dev.followup.notification.domain.Channel;
import dev.followup.notification.domain.FollowUpDue;
import dev.followup.notification.domain.MessageLanguages;
import dev.followup.notification.domain.ReminderCategory;
import dev.followup.notification.domain.StepAction;
import dev.followup.notification.domain.StepKind;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Renders the reminder of a due step from the Qute templates in {@code templates/messages/<kind>/},
 * at send time, in the candidate's language ({@link MessageLanguages#resolve}: {@code es-MX} gets
 * Spanish, {@code fr} English).
 *
 * <p>Each kind has a {@code subject}, a {@code text} (the email body, with the draft or script), a
 * {@code short} (the SMS and push body: one GSM-7 segment where the names allow) and a {@code
 * title} (the push title); the thank-you email also has an {@code html}. The other kinds' emails
 * get their HTML part from their text ({@link TextAsHtml}).
 *
 * <p>Two Qute conventions, each where it fits. A reminder is a whole document: paragraphs, a letter
 * to copy, a call script, whose sentences and their order differ from one language to the next. Cut
 * into message-bundle keys, no translator would see the letter they write, and the template would
 * be a list of keys. So each language has its own variant of every template, beside the English
 * one: {@code text_es.txt} next to {@code text.txt} ({@code <name>_<language tag>}, as message
 * bundle files are named). Qute selects template variants by content type only, so this class picks
 * the language's variant itself, and the English template when there is none (a test keeps every
 * language complete). The short texts that messages and pages share (the footer, the unsubscribe
 * pages) are a type-safe message bundle instead ({@link MessageTexts}, {@code {msg:...}} in
 * templates), resolved in the locale set on each template instance.
 */
@ApplicationScoped
public class MessageRenderer {

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private final Engine engine;

  /** Where a step's page is: the app's URL and {@code /steps/}. */
  private final String stepsUrl;

  private final Map<Locale, MessageTexts> texts = new ConcurrentHashMap<>();
  private final Map<String, Optional<Template>> templates = new ConcurrentHashMap<>();

  MessageRenderer(Engine engine, DeliveryConfig config) {
    this.engine = engine;
    this.stepsUrl = config.appUrl().replaceAll("/+$", "") + "/steps/";
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
      String link,
      String recipientStandIn) {

    public boolean hasTopics() {
      return !topics.isEmpty();
    }

    /** The recipient's name, or a stand-in for steps without one. */
    public String recipient() {
      return recipientName == null ? recipientStandIn : recipientName;
    }

    public boolean firstCheckIn() {
      return sequence == null || sequence <= 1;
    }
  }

  /** An email's text laid out as HTML: {@code body} is escaped already. */
  @TemplateData
  public record HtmlPage(String language, String title, String body) {}

  /** What a footer template shows: the unsubscribe link of the email. */
  @TemplateData
  public record Footer(String unsubscribeUrl) {}

  public RenderedMessage render(FollowUpDue due, Locale locale) {
    return render(due, locale, Optional.empty());
  }

  /**
   * Renders the reminder for every channel; with an unsubscribe link (emails), the plain-text and
   * HTML bodies end with a footer that offers it ({@code messages/footer/}).
   */
  public RenderedMessage render(FollowUpDue due, Locale locale, Optional<String> unsubscribeUrl) {
    return render(due, locale, EnumSet.allOf(Channel.class), unsubscribeUrl);
  }

  /**
   * Renders only the parts the channel shows (see {@link RenderedMessage}); the others are null.
   * Rendering costs a good part of a delivery's CPU time, and a channel shows few of the parts.
   */
  public RenderedMessage render(
      FollowUpDue due, Locale locale, Channel channel, Optional<String> unsubscribeUrl) {
    return render(due, locale, EnumSet.of(channel), unsubscribeUrl);
  }

  private RenderedMessage render(
      FollowUpDue due, Locale locale, Set<Channel> channels, Optional<String> unsubscribeUrl) {
    Locale language = MessageLanguages.resolve(locale);
    Draft draft = draft(due, language);
    String folder = "messages/" + folder(due.kind(), due.effectiveAction()) + "/";
    String subject = null;
    String text = null;
    String html = null;
    if (channels.contains(Channel.EMAIL)) {
      subject = oneLine(render(folder + "subject", language, draft).orElseThrow());
      text = render(folder + "text", language, "draft", draft).orElseThrow();
      html = render(folder + "html", language, "draft", draft).orElse(null);
      if (html == null) {
        // No HTML template of its own: the text, laid out as HTML.
        html =
            render(
                    "layout/text-as-html",
                    language,
                    "page",
                    new HtmlPage(language.toLanguageTag(), subject, TextAsHtml.body(text)))
                .orElseThrow();
      }
      if (unsubscribeUrl.isPresent()) {
        Footer footer = new Footer(unsubscribeUrl.get());
        text =
            text
                + "\n\n"
                + render("messages/footer/text", language, "footer", footer).orElseThrow();
        if (html != null) {
          html =
              withFooter(
                  html, render("messages/footer/html", language, "footer", footer).orElseThrow());
        }
      }
    }
    String shortText =
        channels.contains(Channel.SMS) || channels.contains(Channel.PUSH)
            ? oneLine(render(folder + "short", language, draft).orElseThrow())
            : null;
    String title =
        channels.contains(Channel.PUSH)
            ? oneLine(render(folder + "title", language, draft).orElseThrow())
            : null;
    return new RenderedMessage(
        subject,
        text,
        html,
        shortText,
        title,
        draft.link(),
        ReminderCategory.of(due.kind(), due.effectiveAction()),
        due.stepId(),
        due.windowEnd() == null ? null : due.windowEnd().toInstant(),
        unsubscribeUrl.orElse(null),
        language);
  }

  /** The footer just before {@code </body>}, or at the end of a fragment. */
  private static String withFooter(String html, String footer) {
    int end = html.toLowerCase(Locale.ROOT).lastIndexOf("</body>");
    return end < 0
        ? html + "\n" + footer
        : html.substring(0, end) + footer + "\n" + html.substring(end);
  }

  Draft draft(FollowUpDue due, Locale language) {
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
        recipient == null ? "" : phrase(recipient.topicList(), language),
        due.sequence(),
        stepsUrl + due.stepId(),
        texts(language).yourContact());
  }

  /** The shared texts in a supported language (looked up once per language). */
  private MessageTexts texts(Locale language) {
    return texts.computeIfAbsent(
        language,
        l ->
            l.equals(MessageLanguages.DEFAULT)
                ? MessageBundles.get(MessageTexts.class)
                : MessageBundles.get(MessageTexts.class, Localized.Literal.of(l.toLanguageTag())));
  }

  /** The template in the language if there is one, else the English one. */
  private Optional<String> render(String id, Locale language, Draft draft) {
    return render(id, language, "draft", draft);
  }

  /**
   * The variant of the template for the language ({@code text_es}), else the template itself
   * (English); the language is also the locale of the {@code msg:} texts it shows.
   */
  private Optional<String> render(String id, Locale language, String name, Object data) {
    return templates
        .computeIfAbsent(variant(id, language), key -> lookUp(id, language))
        .map(t -> t.instance().data(name, data).setLocale(language).render().strip());
  }

  /**
   * The variant for the language, else the template itself, else none. Remembered per id and
   * language: Qute caches the templates it found but not the ones it did not, and looking for a
   * missing one (no HTML for most kinds, no variant for every language) searched the class path on
   * every delivery, which was the largest part of a delivery's CPU time.
   */
  private Optional<Template> lookUp(String id, Locale language) {
    Template template =
        language.equals(MessageLanguages.DEFAULT)
            ? null
            : engine.getTemplate(variant(id, language));
    return Optional.ofNullable(template == null ? engine.getTemplate(id) : template);
  }

  /** {@code messages/check-in/text_es}: where the template in that language is. */
  static String variant(String id, Locale language) {
    return id + "_" + language.toLanguageTag().replace('-', '_');
  }

  /** {@code thank-you-email}, ...; a check-in by phone has its own templates with a call script. */
  static String folder(StepKind kind, StepAction action) {
    String folder = kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    return kind == StepKind.CHECK_IN && action == StepAction.CALL ? folder + "-call" : folder;
  }

  private static String oneLine(String text) {
    return WHITESPACE.matcher(text).replaceAll(" ").strip();
  }

  /** "a", "a and b", "a, b and c". */
  static String phrase(List<String> topics) {
    return phrase(topics, MessageLanguages.ENGLISH);
  }

  /**
   * The topics as one phrase in the language: "a, b and c"; in Spanish "a, b y c", or "e" before a
   * word that starts with the sound i ("Kafka e innovación").
   */
  static String phrase(List<String> topics, Locale language) {
    List<String> named =
        topics == null
            ? List.of()
            : topics.stream().filter(t -> t != null && !t.isBlank()).map(String::strip).toList();
    if (named.size() < 2) {
      return named.isEmpty() ? "" : named.get(0);
    }
    String last = named.get(named.size() - 1);
    String and =
        switch (language.getLanguage()) {
          case "es" -> startsWithTheSoundI(last) ? "e" : "y";
          default -> "and";
        };
    return String.join(", ", named.subList(0, named.size() - 1)) + " " + and + " " + last;
  }

  /**
   * "i..." or "hi..." (idea, historia), but not where the i opens a diphthong and sounds like y
   * (hielo, hiato).
   */
  private static boolean startsWithTheSoundI(String word) {
    String w = word.toLowerCase(Locale.ROOT);
    if (w.startsWith("h")) {
      w = w.substring(1);
    }
    return (w.startsWith("i") || w.startsWith("í"))
        && !(w.length() > 1 && "aeoáéó".indexOf(w.charAt(1)) >= 0);
  }
}
