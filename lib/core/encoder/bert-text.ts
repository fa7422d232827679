/**
 * BERT-style text normalisation and pre-tokenisation, written to match the Hugging Face
 * tokenizers.js implementation that transformers.js runs (`BertNormalizer` with clean_text,
 * handle_chinese_chars, lowercase and accent stripping; `BertPreTokenizer`) character for
 * character. Training must see exactly the words the app will see, so quirks are kept on purpose:
 * CJK detection looks at UTF-16 code units (astral ideographs are not split out), and only
 * `\p{P}` plus ASCII symbols split words (`€`, `™` and emoji stay attached).
 */

const punctuationClass = "\\p{P}\\u0021-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007E";
const preTokenPattern = new RegExp(`[^\\s${punctuationClass}]+|[${punctuationClass}]`, "gu");
const controlPattern = /^[\p{Cc}\p{Cf}\p{Co}\p{Cs}]$/u;
const whitespacePattern = /^\s$/;
const nonSpacingMarkPattern = /\p{Mn}/gu;

function isChineseCodeUnit(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0xf900 && cp <= 0xfaff)
  );
}

function cleanText(text: string): string {
  let out = "";
  for (const char of text) {
    const cp = char.charCodeAt(0);
    if (cp === 0 || cp === 0xfffd) continue;
    if (char !== "\t" && char !== "\n" && char !== "\r" && controlPattern.test(char)) continue;
    out += whitespacePattern.test(char) ? " " : char;
  }
  return out;
}

function spaceChineseChars(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const char = text[i] ?? "";
    out += isChineseCodeUnit(text.charCodeAt(i)) ? ` ${char} ` : char;
  }
  return out;
}

/** BertNormalizer(clean_text, handle_chinese_chars, lowercase, strip_accents) as tokenizers.js. */
export function bertNormalize(text: string): string {
  const lowered = spaceChineseChars(cleanText(text)).toLowerCase();
  return lowered.normalize("NFD").replace(nonSpacingMarkPattern, "");
}

/** BertPreTokenizer: runs of non-space non-punctuation characters, and single punctuation marks. */
export function bertPreTokenize(normalized: string): string[] {
  return normalized.trim().match(preTokenPattern) ?? [];
}

/** The words WordPiece sees for a raw text: normalise, then pre-tokenise. */
export function bertWords(text: string): string[] {
  return bertPreTokenize(bertNormalize(text));
}
