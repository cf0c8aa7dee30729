/**
 * The swagger files for API 1.25..1.38 contain double-quoted descriptions whose
 * continuation lines are indented no deeper than their key (go-yaml accepts
 * that; the `yaml` package, following YAML 1.2, does not). Re-indent those
 * continuation lines under their key before parsing. Only the whitespace that
 * folding discards changes, so the parsed values are the same as go-yaml's.
 */

const OPENS_QUOTED_VALUE = /^(\s*(?:- )?)[\w$.-]+:\s+"/;

/** Number of `"` characters that are not escaped with a backslash. */
function countUnescapedQuotes(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') count++;
  }
  return count;
}

export function repairQuotedContinuations(source: string): string {
  const lines = source.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const opening = OPENS_QUOTED_VALUE.exec(lines[i]!);
    if (!opening || countUnescapedQuotes(lines[i]!) % 2 === 0) continue;
    const indent = ' '.repeat(opening[1]!.length + 2);
    for (i++; i < lines.length; i++) {
      const line = lines[i]!;
      lines[i] = indent + line.trimStart();
      if (countUnescapedQuotes(line) % 2 === 1) break;
    }
  }
  return lines.join('\n');
}
