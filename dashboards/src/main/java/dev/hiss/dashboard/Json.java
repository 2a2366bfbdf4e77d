package dev.hiss.dashboard;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON writer of the REST API and the event stream. Besides JSON's own escapes it writes {@code
 * < > & '} and the line separators U+2028/U+2029 as {@code \}{@code uXXXX}, so that no response
 * carries markup characters even if something renders it as HTML or inlines it in a script (the
 * page itself only ever puts data into the DOM as text).
 */
final class Json {
  private Json() {}

  private static final class HtmlSafe extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] escapes;

    HtmlSafe() {
      escapes = CharacterEscapes.standardAsciiEscapesForJSON();
      for (char c : new char[] {'<', '>', '&', '\''}) {
        escapes[c] = CharacterEscapes.ESCAPE_STANDARD;
      }
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return escapes;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      // U+2028 and U+2029 end a line in JavaScript source; written as \\u escapes
      return ch == 0x2028 || ch == 0x2029
          ? new SerializedString(String.format("\\u%04x", ch))
          : null;
    }
  }

  /** A new mapper that writes HTML-safe JSON. */
  static ObjectMapper mapper() {
    ObjectMapper m = new ObjectMapper();
    m.getFactory().setCharacterEscapes(new HtmlSafe());
    return m;
  }
}
