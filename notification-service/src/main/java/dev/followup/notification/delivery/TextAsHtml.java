package dev.followup.notification.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTML body of an email whose kind has a plain-text template only, made from that text: its
 * paragraphs as paragraphs, its lines kept, links made clickable, and the draft between its two
 * rules of dashes set apart as the thank-you's HTML template sets its draft apart. So that every
 * email has an HTML part as well as the text one, without a second template to keep in step.
 */
final class TextAsHtml {

  /** A line of dashes: where the draft to copy starts and ends. */
  private static final Pattern RULE = Pattern.compile("-{10,}");

  private static final Pattern LINK = Pattern.compile("https?://[^\\s<>\"]+");

  private static final String DRAFT_STYLE =
      "border-left: 4px solid #9bb7d4; margin: 1.5em 0; padding: 0.5em 1em; background: #f5f8fb;";

  private TextAsHtml() {}

  /** The body's elements for {@code text}, escaped. */
  static String body(String text) {
    StringBuilder html = new StringBuilder();
    List<String> paragraph = new ArrayList<>();
    boolean inDraft = false;
    for (String line : text.split("\n", -1)) {
      String trimmed = line.strip();
      if (RULE.matcher(trimmed).matches()) {
        flush(paragraph, html);
        html.append(inDraft ? "</div>\n" : "<div style=\"" + DRAFT_STYLE + "\">\n");
        inDraft = !inDraft;
      } else if (trimmed.isEmpty()) {
        flush(paragraph, html);
      } else {
        paragraph.add(line);
      }
    }
    flush(paragraph, html);
    if (inDraft) {
      html.append("</div>\n");
    }
    return html.toString().strip();
  }

  private static void flush(List<String> lines, StringBuilder html) {
    if (lines.isEmpty()) {
      return;
    }
    html.append("<p>");
    for (int i = 0; i < lines.size(); i++) {
      if (i > 0) {
        html.append("<br>\n");
      }
      html.append(withLinks(lines.get(i)));
    }
    html.append("</p>\n");
    lines.clear();
  }

  /** The line escaped, each link in it an anchor. */
  private static String withLinks(String line) {
    StringBuilder out = new StringBuilder();
    Matcher link = LINK.matcher(line);
    int at = 0;
    while (link.find()) {
      out.append(escape(line.substring(at, link.start())));
      String url = escape(link.group());
      out.append("<a href=\"").append(url).append("\">").append(url).append("</a>");
      at = link.end();
    }
    return out.append(escape(line.substring(at))).toString();
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
