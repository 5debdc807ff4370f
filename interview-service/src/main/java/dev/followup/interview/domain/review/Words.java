package dev.followup.interview.domain.review;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splitting running text into words, with where each starts. */
final class Words {

  /** Letters, with apostrophes inside (don't, Dana's); hyphens and digits separate words. */
  private static final Pattern WORD = Pattern.compile("\\p{L}[\\p{L}\\p{M}']*");

  private static final Pattern CHUNK = Pattern.compile("\\S+");

  /**
   * Function words that say nothing about a topic. Only used to pick the telling words of a topic
   * ("the billing migration" is about billing and migration), never to check spelling.
   */
  static final Set<String> STOP_WORDS =
      Set.of(
          "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "how", "in",
          "into", "is", "it", "its", "of", "on", "or", "our", "over", "so", "that", "the", "their",
          "them", "they", "this", "to", "up", "us", "was", "we", "what", "when", "where", "which",
          "who", "why", "will", "with", "you", "your");

  private Words() {}

  /** A word of a text and the index of its first character there. */
  record Word(String text, int offset) {
    String lower() {
      return text.toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The words of the text, in order. Typographic apostrophes count as straight ones; a trailing
   * apostrophe (the candidates') is not part of the word; e-mail addresses and web addresses are
   * skipped whole.
   */
  static List<Word> of(String text) {
    String plain = text.replace('\u2019', '\'');
    List<Word> words = new ArrayList<>();
    Matcher chunk = CHUNK.matcher(plain);
    while (chunk.find()) {
      String part = chunk.group();
      if (part.contains("@") || part.contains("://") || part.startsWith("www.")) {
        continue;
      }
      Matcher word = WORD.matcher(part);
      while (word.find()) {
        String found = word.group();
        while (found.endsWith("'")) {
          found = found.substring(0, found.length() - 1);
        }
        words.add(new Word(found, chunk.start() + word.start()));
      }
    }
    return words;
  }

  /** The words of the text, lower case. */
  static List<String> lower(String text) {
    return of(text).stream().map(Word::lower).toList();
  }

  /**
   * A word with a plural or possessive ending taken off, so that "migrations" finds "migration".
   */
  static String stem(String lowerWord) {
    String word =
        lowerWord.endsWith("'s") ? lowerWord.substring(0, lowerWord.length() - 2) : lowerWord;
    if (word.length() > 4 && word.endsWith("ies")) {
      return word.substring(0, word.length() - 3) + "y";
    }
    if (word.length() > 3 && word.endsWith("s") && !word.endsWith("ss")) {
      return word.substring(0, word.length() - 1);
    }
    return word;
  }
}
