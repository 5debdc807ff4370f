package dev.followup.interview.domain.review;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import morfologik.speller.Speller;
import morfologik.stemming.Dictionary;

/**
 * American English spelling from a real dictionary: the morfologik speller (the engine behind
 * LanguageTool's spelling rules) over LanguageTool's {@code en_US} dictionary, compiled from the
 * Hunspell word list. The dictionary is loaded once; a {@link Speller} keeps working buffers, so
 * each check gets its own, which keeps this class safe to share between threads.
 */
public final class EnglishSpelling implements SpellChecker {

  private static final String DICTIONARY = "/org/languagetool/resource/en/hunspell/en_US";

  private final Dictionary dictionary;

  private EnglishSpelling(Dictionary dictionary) {
    this.dictionary = dictionary;
  }

  /** Reads the dictionary from the class path (about 700 kB; a few tens of milliseconds). */
  public static EnglishSpelling load() {
    try (InputStream words = open(DICTIONARY + ".dict");
        InputStream metadata = open(DICTIONARY + ".info")) {
      return new EnglishSpelling(Dictionary.read(words, metadata));
    } catch (IOException e) {
      throw new UncheckedIOException("The English dictionary cannot be read", e);
    }
  }

  @Override
  public boolean isCorrect(String word) {
    return !new Speller(dictionary).isMisspelled(word);
  }

  @Override
  public List<String> suggestions(String word, int max) {
    return new Speller(dictionary).findReplacements(word).stream().distinct().limit(max).toList();
  }

  private static InputStream open(String resource) throws IOException {
    InputStream in = EnglishSpelling.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IOException("Missing on the class path: " + resource);
    }
    return in;
  }
}
