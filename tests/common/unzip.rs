//! One member of a zip archive (an .xlsx), for tests that look at what calamine does
//! not read: a sheet's data validations. The member's bytes are found through the
//! central directory and, when deflated, inflated by a small RFC 1951 decoder (the
//! algorithm of zlib's puff.c); the test reads the XML as text.

/// The bytes of the member `name` (`xl/worksheets/sheet1.xml`), if the archive has it.
pub fn member(zip: &[u8], name: &str) -> Option<Vec<u8>> {
    let u16le = |at: usize| u16::from_le_bytes([zip[at], zip[at + 1]]) as usize;
    let u32le = |at: usize| u32::from_le_bytes([zip[at], zip[at + 1], zip[at + 2], zip[at + 3]]) as usize;
    // The end of central directory record: the last PK\5\6.
    let end = (0..=zip.len().checked_sub(22)?).rev().find(|&i| zip[i..i + 4] == *b"PK\x05\x06")?;
    let mut at = u32le(end + 16);
    for _ in 0..u16le(end + 10) {
        let (method, size, name_len) = (u16le(at + 10), u32le(at + 20), u16le(at + 28));
        let local = u32le(at + 42);
        if &zip[at + 46..at + 46 + name_len] == name.as_bytes() {
            let data = &zip[local + 30 + u16le(local + 26) + u16le(local + 28)..][..size];
            return match method {
                0 => Some(data.to_vec()),
                8 => Some(inflate(data)),
                _ => None,
            };
        }
        at += 46 + name_len + u16le(at + 30) + u16le(at + 32);
    }
    None
}

struct Bits<'a> {
    data: &'a [u8],
    /// The position in bits.
    at: usize,
}

impl Bits<'_> {
    fn get(&mut self, n: u32) -> usize {
        let mut v = 0;
        for i in 0..n {
            v |= (((self.data[self.at >> 3] >> (self.at & 7)) & 1) as usize) << i;
            self.at += 1;
        }
        v
    }
}

/// A canonical Huffman code: how many codes of each length, the symbols in code order.
struct Code {
    counts: [usize; 16],
    symbols: Vec<usize>,
}

impl Code {
    fn new(lengths: &[usize]) -> Code {
        let mut counts = [0; 16];
        for &l in lengths {
            counts[l] += 1;
        }
        counts[0] = 0;
        let mut symbols = Vec::new();
        for len in 1..16 {
            symbols.extend((0..lengths.len()).filter(|&s| lengths[s] == len));
        }
        Code { counts, symbols }
    }

    fn decode(&self, bits: &mut Bits) -> usize {
        let (mut code, mut first, mut index) = (0, 0, 0);
        for len in 1..16 {
            code |= bits.get(1);
            let count = self.counts[len];
            if code < first + count {
                return self.symbols[index + code - first];
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        panic!("a deflate stream with a code longer than 15 bits");
    }
}

const LENGTH_BASE: [usize; 29] =
    [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA: [u32; 29] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DISTANCE_BASE: [usize; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
    8193, 12289, 16385, 24577,
];
const DISTANCE_EXTRA: [u32; 30] =
    [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

/// A raw deflate stream, inflated.
pub fn inflate(data: &[u8]) -> Vec<u8> {
    let mut bits = Bits { data, at: 0 };
    let mut out = Vec::new();
    loop {
        let last = bits.get(1) == 1;
        match bits.get(2) {
            0 => {
                let start = bits.at.div_ceil(8);
                let len = u16::from_le_bytes([data[start], data[start + 1]]) as usize;
                out.extend_from_slice(&data[start + 4..start + 4 + len]);
                bits.at = (start + 4 + len) * 8;
            }
            1 => {
                let mut lengths = vec![8; 288];
                lengths[144..256].fill(9);
                lengths[256..280].fill(7);
                codes(&mut bits, &mut out, &Code::new(&lengths), &Code::new(&[5; 30]));
            }
            2 => {
                let (literals, distances, code_lengths) = (bits.get(5) + 257, bits.get(5) + 1, bits.get(4) + 4);
                const ORDER: [usize; 19] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
                let mut lengths = [0; 19];
                for &i in &ORDER[..code_lengths] {
                    lengths[i] = bits.get(3);
                }
                let lengths_code = Code::new(&lengths);
                let mut lengths = Vec::new();
                while lengths.len() < literals + distances {
                    match lengths_code.decode(&mut bits) {
                        l @ 0..=15 => lengths.push(l),
                        16 => {
                            let previous = *lengths.last().expect("a repeat after a length");
                            let n = 3 + bits.get(2);
                            lengths.extend(std::iter::repeat_n(previous, n));
                        }
                        17 => {
                            let n = 3 + bits.get(3);
                            lengths.extend(std::iter::repeat_n(0, n));
                        }
                        _ => {
                            let n = 11 + bits.get(7);
                            lengths.extend(std::iter::repeat_n(0, n));
                        }
                    }
                }
                let (lit, dist) = lengths.split_at(literals);
                codes(&mut bits, &mut out, &Code::new(lit), &Code::new(dist));
            }
            _ => panic!("a deflate block of the reserved type"),
        }
        if last {
            return out;
        }
    }
}

/// The literals and back references of one compressed block.
fn codes(bits: &mut Bits, out: &mut Vec<u8>, literals: &Code, distances: &Code) {
    loop {
        match literals.decode(bits) {
            s @ 0..=255 => out.push(s as u8),
            256 => return,
            s => {
                let s = s - 257;
                let len = LENGTH_BASE[s] + bits.get(LENGTH_EXTRA[s]);
                let d = distances.decode(bits);
                let distance = DISTANCE_BASE[d] + bits.get(DISTANCE_EXTRA[d]);
                for _ in 0..len {
                    out.push(out[out.len() - distance]);
                }
            }
        }
    }
}
