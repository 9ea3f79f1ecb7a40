//! Text encodings at the edges: legacy files arrive as GBK/GB18030 or UTF-8 with or
//! without a BOM; old systems want GBK back. Undecodable or unencodable text is an
//! error naming where it is, never replaced silently.

use std::cell::Cell;
use std::io::{self, Read, Write};
use std::rc::Rc;

use encoding_rs::{DecoderResult, EncoderResult, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// A BOM says UTF-8 or UTF-16; else valid UTF-8 stays UTF-8; else GB18030 (a superset of GBK).
    Auto,
    #[value(name = "utf-8", alias = "utf8")]
    #[serde(alias = "utf8")]
    Utf8,
    Gbk,
    Gb18030,
    /// UTF-16 as Excel's "Unicode text" saves it (little-endian unless a BOM says
    /// otherwise); read only: svc writes UTF-8 or GBK.
    #[value(name = "utf-16", alias = "utf16")]
    #[serde(alias = "utf16")]
    Utf16,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Auto => "auto",
            Encoding::Utf8 => "utf-8",
            Encoding::Gbk => "gbk",
            Encoding::Gb18030 => "gb18030",
            Encoding::Utf16 => "utf-16",
        }
    }

    /// Whether svc can write text in this encoding (UTF-16 is read, never written).
    pub fn writable(self) -> bool {
        !matches!(self, Encoding::Auto | Encoding::Utf16)
    }

    fn codec(self) -> &'static encoding_rs::Encoding {
        match self {
            Encoding::Auto | Encoding::Utf8 => UTF_8,
            Encoding::Gbk => GBK,
            Encoding::Gb18030 => GB18030,
            Encoding::Utf16 => UTF_16LE,
        }
    }
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
const UTF16LE_BOM: &[u8] = b"\xFF\xFE";
const UTF16BE_BOM: &[u8] = b"\xFE\xFF";
const SNIFF: usize = 64 * 1024;

/// What the input turned out to be. With `--encoding auto` the encoding may be
/// settled only when the first non-ASCII byte arrives, so it is shared, not copied.
#[derive(Debug, Clone)]
pub struct Detected {
    pub encoding: Rc<Cell<Encoding>>,
    pub bom: bool,
}

impl Detected {
    pub fn encoding(&self) -> Encoding {
        self.encoding.get()
    }
}

/// The bytes after the first non-ASCII byte that decide between UTF-8 and GB18030.
const DECIDE_SAMPLE: usize = 4096;

/// Is this sample UTF-8? A character cut at the end of the sample still counts (if the
/// file itself ends there, the UTF-8 decoder reports the cut with its line).
fn looks_utf8(sample: &[u8]) -> bool {
    match std::str::from_utf8(sample) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    }
}

/// Decode `inner` to UTF-8. With `Auto`, a BOM means UTF-8; otherwise the first bytes
/// that are not ASCII decide (the first 64 KiB, or, when those are plain ASCII, the 4 KiB
/// from the first non-ASCII byte on). A later byte that does not fit is reported with its
/// line and the advice to name the encoding.
pub fn decode(mut inner: Box<dyn Read>, asked: Encoding) -> io::Result<(DecodingReader, Detected)> {
    let mut head = Vec::with_capacity(SNIFF);
    (&mut inner).take(SNIFF as u64).read_to_end(&mut head)?;
    let bom = head.starts_with(UTF8_BOM);
    let short = head.len() < SNIFF;
    let mut undecided = false;
    // UTF-16 is known by its BOM (Excel's "Unicode text" always writes one); asked for
    // without one, it is little-endian, as Windows writes it.
    let utf16 = match asked {
        Encoding::Auto | Encoding::Utf16 if head.starts_with(UTF16LE_BOM) => Some((UTF_16LE, true)),
        Encoding::Auto | Encoding::Utf16 if head.starts_with(UTF16BE_BOM) => Some((UTF_16BE, true)),
        Encoding::Utf16 => Some((UTF_16LE, false)),
        _ => None,
    };
    if let Some((codec, bom16)) = utf16 {
        if bom16 {
            head.drain(..2);
        }
        let shared = Rc::new(Cell::new(Encoding::Utf16));
        let reader =
            DecodingReader::new(Box::new(io::Cursor::new(head).chain(inner)), codec, shared.clone(), false, false);
        return Ok((reader, Detected { encoding: shared, bom: true }));
    }
    let encoding = match asked {
        Encoding::Auto if bom => Encoding::Utf8,
        // Plain ASCII so far: both encodings read it alike; decide when it matters.
        Encoding::Auto if head.is_ascii() && !short => {
            undecided = true;
            Encoding::Utf8
        }
        Encoding::Auto if looks_utf8(&head) => Encoding::Utf8,
        Encoding::Auto => Encoding::Gb18030,
        other => other,
    };
    if bom && encoding == Encoding::Utf8 {
        head.drain(..UTF8_BOM.len());
    }
    let shared = Rc::new(Cell::new(encoding));
    let inner = Box::new(io::Cursor::new(head).chain(inner));
    let reader = DecodingReader::new(inner, encoding.codec(), shared.clone(), asked == Encoding::Auto, undecided);
    Ok((reader, Detected { encoding: shared, bom: bom && encoding == Encoding::Utf8 }))
}

pub struct DecodingReader {
    inner: Box<dyn Read>,
    decoder: encoding_rs::Decoder,
    encoding: Rc<Cell<Encoding>>,
    auto: bool,
    /// Auto-detection has seen only ASCII so far.
    undecided: bool,
    raw: Vec<u8>,
    raw_len: usize,
    raw_pos: usize,
    /// Decoded bytes before CRLF folding; sized once, reused for every chunk.
    scratch: Vec<u8>,
    out: Vec<u8>,
    out_pos: usize,
    /// The line the decoder has reached, for error messages.
    line: u64,
    eof: bool,
    /// A `\r` held back at the end of a chunk, in case a `\n` follows.
    carry_cr: bool,
    /// The decoder has seen the end of the input; it must not be called again.
    done: bool,
}

impl DecodingReader {
    fn new(
        inner: Box<dyn Read>,
        codec: &'static encoding_rs::Encoding,
        encoding: Rc<Cell<Encoding>>,
        auto: bool,
        undecided: bool,
    ) -> DecodingReader {
        DecodingReader {
            inner,
            decoder: codec.new_decoder_without_bom_handling(),
            encoding,
            auto,
            undecided,
            raw: vec![0; 16 * 1024],
            raw_len: 0,
            raw_pos: 0,
            scratch: Vec::new(),
            out: Vec::with_capacity(48 * 1024),
            out_pos: 0,
            line: 1,
            eof: false,
            carry_cr: false,
            done: false,
        }
    }

    fn refill(&mut self) -> io::Result<()> {
        self.out.clear();
        self.out_pos = 0;
        while self.out.is_empty() && !self.done {
            if self.raw_pos == self.raw_len && !self.eof {
                self.raw_len = self.inner.read(&mut self.raw)?;
                self.raw_pos = 0;
                self.eof = self.raw_len == 0;
            }
            if self.undecided {
                self.decide()?;
            }
            let src = &self.raw[self.raw_pos..self.raw_len];
            let need = self.decoder.max_utf8_buffer_length_without_replacement(src.len()).unwrap_or(src.len() * 3 + 16);
            if self.scratch.len() < need {
                self.scratch.resize(need, 0);
            }
            let (result, read, written) =
                self.decoder.decode_to_utf8_without_replacement(src, &mut self.scratch, self.eof);
            self.raw_pos += read;
            if self.eof && matches!(result, DecoderResult::InputEmpty) {
                self.done = true;
            }
            let newlines = self.scratch[..written].iter().filter(|b| **b == b'\n').count() as u64;
            if let DecoderResult::Malformed(_, _) = result {
                let line = self.line + newlines;
                let hint = match (self.auto, self.encoding.get()) {
                    (true, Encoding::Utf8) => super::msg::exchange_hint_took_utf8(),
                    (true, _) => super::msg::exchange_hint_not_text(),
                    (false, _) => super::msg::exchange_hint_check_encoding(),
                };
                let text = super::msg::exchange_bad_bytes(line as i64, self.encoding.get().name(), hint.to_string());
                return Err(io::Error::new(io::ErrorKind::InvalidData, text.to_string()));
            }
            self.line += newlines;
            self.fold_crlf(written);
        }
        Ok(())
    }

    /// While only ASCII has been seen: at the first non-ASCII byte in the buffer, look at
    /// the bytes from there on and settle the encoding.
    fn decide(&mut self) -> io::Result<()> {
        let Some(first) = self.raw[self.raw_pos..self.raw_len].iter().position(|b| !b.is_ascii()) else {
            self.undecided = !self.eof;
            return Ok(());
        };
        let first = self.raw_pos + first;
        // Enough bytes after it to judge: move what is left to the front and read on.
        self.raw.copy_within(self.raw_pos..self.raw_len, 0);
        self.raw_len -= self.raw_pos;
        let first = first - self.raw_pos;
        self.raw_pos = 0;
        if self.raw.len() < first + DECIDE_SAMPLE {
            self.raw.resize(first + DECIDE_SAMPLE, 0);
        }
        while self.raw_len - first < DECIDE_SAMPLE {
            let n = self.inner.read(&mut self.raw[self.raw_len..])?;
            if n == 0 {
                break;
            }
            self.raw_len += n;
        }
        if !looks_utf8(&self.raw[first..self.raw_len]) {
            self.encoding.set(Encoding::Gb18030);
            self.decoder = GB18030.new_decoder_without_bom_handling();
        }
        self.undecided = false;
        Ok(())
    }

    /// Move the `written` decoded bytes to the output, CRLF folded to LF: spreadsheet
    /// exports end lines with CRLF, the CSV reader miscounts lines on them, and every
    /// error message must name the right line. A `\r` at the end of a chunk waits to
    /// see whether a `\n` follows.
    fn fold_crlf(&mut self, written: usize) {
        let decoded = &self.scratch[..written];
        if std::mem::take(&mut self.carry_cr) && decoded.first() != Some(&b'\n') {
            self.out.push(b'\r');
        }
        if !decoded.contains(&b'\r') {
            self.out.extend_from_slice(decoded);
            return;
        }
        let n = decoded.len();
        let mut start = 0;
        while let Some(k) = memchr::memchr(b'\r', &decoded[start..]) {
            let i = start + k;
            self.out.extend_from_slice(&decoded[start..i]);
            start = i + 1;
            if i + 1 < n {
                if decoded[i + 1] != b'\n' {
                    self.out.push(b'\r');
                }
            } else if !self.eof {
                self.carry_cr = true;
            } else {
                self.out.push(b'\r');
            }
        }
        self.out.extend_from_slice(&decoded[start..]);
    }
}

impl Read for DecodingReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.out_pos == self.out.len() {
            self.refill()?;
        }
        let n = buf.len().min(self.out.len() - self.out_pos);
        buf[..n].copy_from_slice(&self.out[self.out_pos..self.out_pos + n]);
        self.out_pos += n;
        Ok(n)
    }
}

/// Encodes the UTF-8 written to it into `encoding`; a BOM first when asked (UTF-8 only).
pub struct EncodingWriter<W: Write> {
    inner: W,
    encoder: Option<encoding_rs::Encoder>,
    pending: Vec<u8>,
    buf: Vec<u8>,
    encoding: Encoding,
}

impl<W: Write> EncodingWriter<W> {
    pub fn new(mut inner: W, encoding: Encoding, bom: bool) -> io::Result<Self> {
        let encoder = match encoding {
            Encoding::Auto | Encoding::Utf8 => {
                if bom {
                    inner.write_all(UTF8_BOM)?;
                }
                None
            }
            other => Some(other.codec().new_encoder()),
        };
        Ok(EncodingWriter { inner, encoder, pending: Vec::new(), buf: Vec::new(), encoding })
    }

    pub fn into_inner(mut self) -> io::Result<W> {
        self.flush()?;
        if !self.pending.is_empty() {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "output ended inside a character"));
        }
        Ok(self.inner)
    }
}

impl<W: Write> Write for EncodingWriter<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let Some(encoder) = self.encoder.as_mut() else {
            return self.inner.write(data);
        };
        self.pending.extend_from_slice(data);
        // Encode the complete characters; keep a character cut by the buffer for later.
        let valid = match std::str::from_utf8(&self.pending) {
            Ok(s) => s.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => return Err(io::Error::new(io::ErrorKind::InvalidData, "output is not valid UTF-8")),
        };
        let text = std::str::from_utf8(&self.pending[..valid]).expect("checked above");
        self.buf.resize(text.len() * 4 + 16, 0);
        let (result, _read, written) = encoder.encode_from_utf8_without_replacement(text, &mut self.buf, false);
        if let EncoderResult::Unmappable(c) = result {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                super::msg::exchange_unmappable(c.to_string(), self.encoding.name()).to_string(),
            ));
        }
        self.inner.write_all(&self.buf[..written])?;
        self.pending.drain(..valid);
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(bytes: &[u8], enc: Encoding) -> io::Result<(String, Detected)> {
        let (mut r, d) = decode(Box::new(io::Cursor::new(bytes.to_vec())), enc)?;
        let mut s = String::new();
        r.read_to_string(&mut s)?;
        Ok((s, d))
    }

    #[test]
    fn auto_detects_bom_utf8_and_gbk() {
        let (s, d) = read_all(b"\xEF\xBB\xBFa,b\n", Encoding::Auto).unwrap();
        assert_eq!((s.as_str(), d.encoding(), d.bom), ("a,b\n", Encoding::Utf8, true));
        let (gbk, _, _) = GBK.encode("医院,诊所\n");
        let (s, d) = read_all(&gbk, Encoding::Auto).unwrap();
        assert_eq!((s.as_str(), d.encoding()), ("医院,诊所\n", Encoding::Gb18030));
    }

    #[test]
    fn auto_waits_for_the_first_non_ascii_bytes_past_the_sniffed_start() {
        // "医院" in GBK happens to be valid UTF-8 on its own; a line of GBK text is not.
        let mut data = "code,name\n".repeat(8000).into_bytes();
        data.extend_from_slice(&GBK.encode("X1,北京市第一人民医院\n").0);
        let (s, d) = read_all(&data, Encoding::Auto).unwrap();
        assert!(s.ends_with("X1,北京市第一人民医院\n"), "{}", &s[s.len() - 30..]);
        assert_eq!(d.encoding(), Encoding::Gb18030);
        let mut utf8 = "code,name\n".repeat(8000).into_bytes();
        utf8.extend_from_slice("X1,北京市第一人民医院\n".as_bytes());
        let (s, d) = read_all(&utf8, Encoding::Auto).unwrap();
        assert!(s.ends_with("X1,北京市第一人民医院\n"));
        assert_eq!(d.encoding(), Encoding::Utf8);
    }

    #[test]
    fn crlf_becomes_lf_even_across_chunks() {
        let mut data = vec![b'x'; 16 * 1024 - 1];
        data.extend_from_slice(b"\r\ny\r\nz\rw");
        let (s, _) = read_all(&data, Encoding::Utf8).unwrap();
        assert!(s.ends_with("x\ny\nz\rw"), "{:?}", &s[s.len() - 10..]);
    }

    #[test]
    fn reading_past_the_end_keeps_returning_nothing() {
        let (mut r, _) = decode(Box::new(io::Cursor::new(b"a,b\n".to_vec())), Encoding::Utf8).unwrap();
        let mut buf = [0u8; 16];
        assert_eq!(r.read(&mut buf).unwrap(), 4);
        assert_eq!(r.read(&mut buf).unwrap(), 0);
        assert_eq!(r.read(&mut buf).unwrap(), 0);
    }

    #[test]
    fn bad_bytes_name_their_line() {
        let err = read_all(b"a\nb\n\xFF\xFE\n", Encoding::Utf8).unwrap_err();
        assert!(err.to_string().contains("line 3"), "{err}");
    }

    #[test]
    fn gbk_round_trip_through_the_writer_even_when_split() {
        let mut w = EncodingWriter::new(Vec::new(), Encoding::Gbk, false).unwrap();
        let text = "上海瑞康门诊部".as_bytes();
        w.write_all(&text[..4]).unwrap();
        w.write_all(&text[4..]).unwrap();
        let out = w.into_inner().unwrap();
        assert_eq!(GBK.decode(&out).0, "上海瑞康门诊部");
    }

    #[test]
    fn unencodable_character_is_an_error() {
        let mut w = EncodingWriter::new(Vec::new(), Encoding::Gbk, false).unwrap();
        assert!(w.write_all("ok 😀".as_bytes()).is_err());
    }
}
