// Box labels of the graph: a name longer than its box is shortened in the middle, at `_` / `.` boundaries where it can
// be, so both the start and the distinguishing end stay whole words (the tooltip has the full name).

/** Average glyph width of the 12 px label font (the layout sizes boxes with it; no text measuring in the host). */
export const CHAR_W = 7.2;
/** Horizontal room a box's border, padding and layer dot take from its label. */
const LABEL_PAD = 28;

/** The label as drawn in a box `w` wide. */
export function fitLabel(label: string, w: number): string {
  const max = Math.floor((w - LABEL_PAD) / CHAR_W);
  if (label.length <= max) return label;
  return wordCut(label, max) ?? charCut(label, max);
}

/**
 * Whole words from both ends around one `…` (`compare_passenger_…_types_node`): the longest such cut that fits, the end
 * favoured on ties (what a node makes tells boxes apart). Undefined when the words are too long for a cut between them
 * to keep most of the room (a name of one long word): then a cut mid-word shows more of it.
 */
function wordCut(label: string, max: number): string | undefined {
  const room = max - 1;
  const seps: number[] = [];
  for (let i = 1; i < label.length - 1; i++) if (label[i] === '_' || label[i] === '.') seps.push(i);
  let best: { head: number; tail: number } | undefined;
  for (let a = 0; a < seps.length; a++) {
    const head = (seps[a] as number) + 1; // up to and with the separator
    if (head > room) break;
    for (let b = seps.length - 1; b > a; b--) {
      const tail = label.length - (seps[b] as number); // from the separator on
      if (head + tail > room) break;
      if (!best || head + tail > best.head + best.tail || (head + tail === best.head + best.tail && tail > best.tail)) best = { head, tail };
    }
  }
  if (!best || best.head + best.tail < room * 0.6) return undefined;
  return `${label.slice(0, best.head)}…${label.slice(label.length - best.tail)}`;
}

function charCut(label: string, max: number): string {
  const head = Math.ceil((max - 1) / 2);
  return `${label.slice(0, head)}…${label.slice(label.length - (max - 1 - head))}`;
}
