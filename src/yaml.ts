import * as yaml from 'js-yaml';

/** js-yaml's options for every YAML this package writes. */
const DUMP_OPTIONS: yaml.DumpOptions = { lineWidth: -1, noRefs: true, sortKeys: false };

/**
 * Serializes a value as YAML the same way everywhere: manifests, kustomizations and YAML embedded in ConfigMaps.
 * Key order is kept (cdk8s already orders manifests), long lines are not folded and no anchors are emitted.
 *
 * The text is what js-yaml's `dump` writes with these options, byte for byte. For plain objects, arrays, strings,
 * booleans, null and safe integers it is written here: js-yaml 5 builds a syntax tree of the whole value and runs three
 * Unicode regular expressions and every implicit type resolver on each scalar, which took about 50 ms of each
 * synthesis (some 120 documents, cold code). Anything else (other numbers, dates, multi-line or very long keys, class
 * instances) goes to js-yaml itself. test/yaml.test.ts compares the two on every rendered object and on odd strings.
 */
export function toYaml(value: unknown): string {
  return writeYaml(value) ?? yaml.dump(value, DUMP_OPTIONS);
}

/** What {@link toYaml} writes itself, or `undefined` for a value that it leaves to js-yaml. */
export function writeYaml(value: unknown): string | undefined {
  try {
    const writer = new BlockWriter();
    const text = writer.node(value, 0, true);
    return `${text}\n${writer.openEnded ? '...\n' : ''}`;
  } catch (e) {
    if (e !== UNSUPPORTED) throw e;
    return undefined;
  }
}

/** Serializes documents as one multi-document YAML stream. */
export function toYamlStream(values: readonly unknown[]): string {
  return values.map(toYaml).join('---\n');
}

/** Thrown inside {@link BlockWriter} for a value js-yaml should write. */
const UNSUPPORTED = Symbol('unsupported');

// The scalar styles of js-yaml 5.5.0's presenter with the options above (src/ast/presenter.ts,
// src/ast/scalar_styler.ts and the default rules of src/ast/styler_defaults.ts): 2-space indentation, no line width,
// single quotes preferred, block collections, sequences indented under their key.
const enum Style { PLAIN, SINGLE, DOUBLE, LITERAL }

// YAML 1.2 productions as js-yaml 5.5.0 writes them (src/ast/scalar_styler.ts).
const C_PRINTABLE = '[\\x09\\x0A\\x0D\\x20-\\x7E\\x85\\xA0-\\uD7FF\\uE000-\\uFFFD\\u{10000}-\\u{10FFFF}]';
const NB_CHAR = `(?:(?!(?:[\\n\\r]|\\uFEFF))${C_PRINTABLE})`;
const NS_CHAR = `(?:(?![ \\t])${NB_CHAR})`;
const NB_JSON = '[\\x09\\x20-\\uD7FF\\uE000-\\uFFFF\\u{10000}-\\u{10FFFF}]';
const NS_PLAIN_FIRST = `(?:(?:(?![-?:,\\[\\]{}#&*!|>'"%@\`])${NS_CHAR})|[?:-](?=${NS_CHAR}))`;
const NS_PLAIN_CHAR = `(?:(?:(?![:#])${NS_CHAR})|:(?=${NS_CHAR}))#*`;
const NB_NS_PLAIN_IN_LINE = `(?:[ \\t]*${NS_PLAIN_CHAR})*`;
const NS_PLAIN_ONE_LINE = `${NS_PLAIN_FIRST}#*${NB_NS_PLAIN_IN_LINE}`;
const NS_PLAIN_MULTI_LINE = `${NS_PLAIN_ONE_LINE}(?:\\n+${NS_PLAIN_CHAR}${NB_NS_PLAIN_IN_LINE})*`;
const PLAIN_VALUE = new RegExp(`^(?:${NS_PLAIN_MULTI_LINE})$`, 'u');
const PLAIN_KEY = new RegExp(`^(?:${NS_PLAIN_ONE_LINE})$`, 'u');
const SINGLE_KEY = new RegExp(`^(?:${NB_JSON})*$`, 'u');
const SINGLE_VALUE = new RegExp(`^(?:${NB_JSON}|\\n)*$`, 'u');
const BLOCK_CONTENT = new RegExp(`^(?:${NB_CHAR}|\\n)*$`, 'u');
const FORBIDDEN_FIRST_LINE = /^(?:---|\.\.\.)(?=$|[ \t\n\r])/;
const INVISIBLES = /[\t\x7F-\xA0\u2028\u2029\uFEFF\uFFFE\uFFFF]/;
const ESCAPED = /["\\\x00-\x1F\x7F-\xA0\u2028\u2029\uD800-\uDFFF\uFEFF\uFFFE\uFFFF]/gu;
const ESCAPES: Record<string, string> = {
  '\0': '\\0',
  '\x07': '\\a',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\v': '\\v',
  '\f': '\\f',
  '\r': '\\r',
  '\x1B': '\\e',
  '"': '\\"',
  '\\': '\\\\',
  '\x85': '\\N',
  '\xA0': '\\_',
  '\u2028': '\\L',
  '\u2029': '\\P',
};

/** The resolvers that give a plain scalar a type other than string (null, bool, int, float, timestamp, merge). */
const IMPLICIT_TAGS = yaml.DUMP_SCHEMA.tags.filter((tag): tag is yaml.ScalarTagDefinition => tag.nodeKind === 'scalar' && tag.implicit);

/** Whether `text`, written plain, reads back as a string (js-yaml's `canUsePlain` asks the schema the same). */
function readsAsString(text: string): boolean {
  return IMPLICIT_TAGS.every((tag) => tag.resolve(text, false, tag.tagName) === yaml.NOT_RESOLVED) && text !== '=';
}

/** The style js-yaml gives string `text` as a mapping key or as a value below the top level. */
function styleOf(text: string, isKey: boolean, topLevel: boolean): Style {
  const plain = text !== '' && (isKey ? PLAIN_KEY : PLAIN_VALUE).test(text) && !(topLevel && FORBIDDEN_FIRST_LINE.test(text))
    && readsAsString(text);
  const single = (isKey ? SINGLE_KEY : SINGLE_VALUE).test(text) && !/[ \t]\n|\n[ \t]/.test(text);
  const block = BLOCK_CONTENT.test(text);
  if (INVISIBLES.test(text) || /^\s+$/.test(text)) return Style.DOUBLE;
  if (!isKey && text.includes('\n')) return block ? Style.LITERAL : Style.DOUBLE;
  if (plain) return Style.PLAIN;
  return single ? Style.SINGLE : Style.DOUBLE;
}

const keyStyles = new Map<string, Style>();
const valueStyles = new Map<string, Style>();

function cachedStyle(cache: Map<string, Style>, text: string, isKey: boolean): Style {
  let style = cache.get(text);
  if (style === undefined) {
    style = styleOf(text, isKey, false);
    cache.set(text, style);
  }
  return style;
}

/** Writes a value as js-yaml's presenter writes a document's block nodes; see {@link toYaml}. */
class BlockWriter {
  /** Whether the text ends in a block scalar that keeps trailing line breaks, after which js-yaml ends the document with `...`. */
  public openEnded = false;

  /** `value` at nesting `level`; `compact` puts its first entry on the current line. */
  public node(value: unknown, level: number, compact: boolean): string {
    if (Array.isArray(value)) {
      if (value.length === 0) return this.flow('[]');
      return this.sequence(value, level, compact);
    }
    if (value !== null && typeof value === 'object') {
      const prototype = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) throw UNSUPPORTED;
      const keys = Object.keys(value).filter((key) => (value as Record<string, unknown>)[key] !== undefined);
      if (keys.length === 0) return this.flow('{}');
      return this.mapping(value as Record<string, unknown>, keys, level, compact);
    }
    return this.scalar(value, level);
  }

  private flow(text: string): string {
    this.openEnded = false;
    return text;
  }

  private mapping(value: Record<string, unknown>, keys: readonly string[], level: number, compact: boolean): string {
    let result = '';
    for (const key of keys) {
      if (!compact || result !== '') result += newLine(level);
      // js-yaml writes a key with a line break, or longer than 1024 characters written, as an explicit `? key`.
      if (key.includes('\n')) throw UNSUPPORTED;
      const keyText = this.string(key, level + 1, true);
      if (keyText.length > 1024) throw UNSUPPORTED;
      result += keyText;
      const text = this.node(value[key], level + 1, false);
      result += (text === '' || text.charCodeAt(0) === 10 ? ':' : ': ') + text;
    }
    return result;
  }

  private sequence(value: readonly unknown[], level: number, compact: boolean): string {
    let result = '';
    for (const item of value) {
      const text = this.node(item === undefined ? null : item, level + 1, true);
      if (!compact || result !== '') result += newLine(level);
      result += (text === '' || text.charCodeAt(0) === 10 ? '-' : '- ') + text;
    }
    return result;
  }

  private scalar(value: unknown, level: number): string {
    if (typeof value === 'string') return this.string(value, level, false);
    this.openEnded = false;
    if (value === null) return 'null';
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    if (typeof value === 'number' && Number.isSafeInteger(value) && !Object.is(value, -0)) return String(value);
    throw UNSUPPORTED;
  }

  private string(text: string, level: number, isKey: boolean): string {
    const style = level === 0 ? styleOf(text, isKey, true) : cachedStyle(isKey ? keyStyles : valueStyles, text, isKey);
    this.openEnded = style === Style.LITERAL && (text === '\n' || text.endsWith('\n\n'));
    switch (style) {
      case Style.PLAIN: return text;
      case Style.SINGLE: return `'${text.replace(/'/g, '\'\'')}'`;
      case Style.DOUBLE: return `"${text.replace(ESCAPED, escape)}"`;
      case Style.LITERAL: return literal(text, level);
    }
  }
}

function newLine(level: number): string {
  return `\n${' '.repeat(2 * level)}`;
}

/** A double-quoted scalar's escape of `character` (js-yaml's `escapeCharacter`). */
function escape(character: string): string {
  const named = ESCAPES[character];
  if (named) return named;
  const code = character.charCodeAt(0);
  const hex = code.toString(16).toUpperCase();
  return code <= 0xFF ? `\\x${hex.padStart(2, '0')}` : `\\u${hex.padStart(4, '0')}`;
}

/** `text` as a literal block scalar at `level`: header with indentation and chomping indicators, then indented lines. */
function literal(text: string, level: number): string {
  const shiftOfParent = level === 0 ? -1 : 2 * (level - 1);
  const shiftOfContent = 2 * Math.max(1, level);
  const indentation = /^\n* /.test(text) ? String(shiftOfContent - shiftOfParent) : '';
  const endsWithBreak = text.endsWith('\n');
  const chomping = endsWithBreak && (text.endsWith('\n\n') || text === '\n') ? '+' : endsWithBreak ? '' : '-';
  const pad = ' '.repeat(shiftOfContent);
  const lines = text.split('\n').map((line) => (line === '' ? '' : pad + line)).join('\n');
  return `|${indentation}${chomping}\n${endsWithBreak ? lines.slice(0, -1) : lines}`;
}
