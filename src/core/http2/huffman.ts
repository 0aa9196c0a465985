/**
 * RFC 7541 Appendix B's Huffman code: a canonical code (codes of one length are consecutive, in
 * symbol order), so the table is its 257 code lengths alone — symbol k's length is
 * CODE_LENGTHS.charCodeAt(k) - 48, symbol 256 being EOS — and the codes are rebuilt from them.
 */
const CODE_LENGTHS =
  '=GLLLLLLLHNLLNLLLLLLLLNLLLLLLLLL6::<=68;::8;8666555666666678?6<:=67777777777777777777777878=C=>6?56565666577666567655677777?;>=L' +
  'DFDDFFFGFGGGGGHGHHFGHGGGGEFGFGGHFEDFFGGEGFFHEFGGEEFEGFGGDFFFGFFGJJDCFGFIJJJKKJHICEJKKJKHEEJJLKKKDHDEFEEGFFIIHHJGJKJJKKKKKLKKKKKJN';

const EOS = 256;

/**
 * A binary trie over the codes, in typed arrays: node n's children are child[2n] (bit 0) and
 * child[2n + 1] (bit 1); a leaf holds -1 - symbol. Built once, on first use.
 */
let trie: Int32Array | undefined;

function buildTrie(): Int32Array {
  const symbols = [...Array(257).keys()].sort((x, y) => CODE_LENGTHS.charCodeAt(x) - CODE_LENGTHS.charCodeAt(y) || x - y);
  const child = new Int32Array(2 * 2 * 257).fill(0);
  let nodes = 1;
  let code = 0;
  let length = CODE_LENGTHS.charCodeAt(symbols[0]) - 48;
  for (const sym of symbols) {
    const len = CODE_LENGTHS.charCodeAt(sym) - 48;
    code *= 2 ** (len - length);
    length = len;
    let node = 0;
    for (let b = len - 1; b >= 0; b--) {
      const bit = Math.floor(code / 2 ** b) % 2;
      const slot = 2 * node + bit;
      if (b === 0) child[slot] = -1 - sym;
      else {
        if (child[slot] === 0) child[slot] = nodes++;
        node = child[slot];
      }
    }
    code++;
  }
  return child;
}

/**
 * Decodes a Huffman-coded string literal (RFC 7541 §5.2) of bytes[start, end), or says why not:
 * EOS inside the string, or padding longer than 7 bits or not all ones (a decoding error there).
 */
export function huffmanDecode(bytes: Uint8Array, start: number, end: number): { text: string } | { error: string } {
  const child = (trie ??= buildTrie());
  const out: number[] = [];
  let node = 0;
  // Bits read since the last whole symbol, and whether they were all ones: what a valid padding is.
  let pending = 0;
  let allOnes = true;
  for (let i = start; i < end; i++) {
    const byte = bytes[i];
    for (let b = 7; b >= 0; b--) {
      const bit = (byte >> b) & 1;
      const next = child[2 * node + bit];
      pending++;
      allOnes &&= bit === 1;
      if (next < 0) {
        const sym = -1 - next;
        if (sym === EOS) return { error: 'the Huffman-coded string contains EOS' };
        out.push(sym);
        node = 0;
        pending = 0;
        allOnes = true;
      } else node = next;
    }
  }
  if (pending > 7 || !allOnes) return { error: 'the Huffman-coded string ends with padding that is not the most significant bits of EOS' };
  return { text: latin1(out) };
}

/** Header field bytes as text: each byte one character (what HTTP/2 field values are made of). */
export function latin1(bytes: ArrayLike<number>): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 4096) s += String.fromCharCode(...Array.prototype.slice.call(bytes, i, i + 4096));
  return s;
}
