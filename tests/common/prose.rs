//! What a Chinese administrator would call English left in a text meant for them.

/// English a person would read in `text`, by a rule that codes, paths and quoted
/// commands cannot break: after dropping what is quoted (“svc parts count sheet ...”,
/// 'svc ...', "...") and every token holding a digit, `/`, `.`, `_`, `=` or `-` (codes
/// such as R-000001 and 0012-A, paths, column keys such as counted_qty, flags), two
/// or more words of two or more ASCII letters in a row are English prose. The words a
/// Chinese administrator writes in Latin letters anyway (SLA, GBK, Excel) are single
/// words between Chinese ones, so they pass.
pub fn english_prose(text: &str) -> Vec<String> {
    let mut unquoted = String::new();
    let mut closing: Option<char> = None;
    for c in text.chars() {
        match closing {
            Some(end) if c == end => closing = None,
            Some(_) => {}
            None => match c {
                '“' => closing = Some('”'),
                '\'' => closing = Some('\''),
                '"' => closing = Some('"'),
                '（' | '）' | '：' | '；' | '，' | '、' | '。' | '(' | ')' | ':' | ';' | ',' => {
                    unquoted.push('\n')
                }
                c if c.is_ascii() => unquoted.push(c),
                // A Chinese character ends a run of English words.
                _ => unquoted.push('\n'),
            },
        }
    }
    let word = |t: &str| t.len() >= 2 && t.chars().all(|c| c.is_ascii_alphabetic());
    let mut found = Vec::new();
    for line in unquoted.lines() {
        let mut run: Vec<&str> = Vec::new();
        for token in line.split_whitespace().chain([""]) {
            if word(token) {
                run.push(token);
            } else {
                if run.len() >= 2 {
                    found.push(run.join(" "));
                }
                run.clear();
            }
        }
    }
    found
}
