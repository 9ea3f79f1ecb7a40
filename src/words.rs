//! Words stored as text: an enum whose canonical English text (what scripts, files and
//! the database's CHECK constraints read) is written once, beside its variant. The
//! `text_enum!` macro gives it `as_str`, `Display`, `FromStr`, serde and rusqlite
//! `ToSql`/`FromSql`, so no status or kind travels as a loose string.
//!
//! Words for people: `catalogue` holds the messages (a key and its arguments, rendered
//! at the edge in the user's language) and the display labels of column keys.

pub mod catalogue;
pub mod rows;

pub use catalogue::{m, Arg, Lang, Msg};

/// The texts an enum of words takes (`text_enum!`), for an import that reads one.
pub trait Named {
    const NAMES: &'static [&'static str];
}

/// An enum of words. `NAMES` lists the texts in declaration order, for messages and
/// listing filters.
#[macro_export]
macro_rules! text_enum {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl $crate::words::Named for $name {
            const NAMES: &'static [&'static str] = $name::NAMES;
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;

            fn from_str(s: &str) -> Result<Self, String> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err($crate::words::m::fields_not_one_of(s, Self::NAMES.join(", ")).to_string()),
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.as_str().into())
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                v.as_str()?.parse().map_err(|e: String| rusqlite::types::FromSqlError::Other(e.into()))
            }
        }
    };
}

#[cfg(test)]
mod tests {
    text_enum! {
        enum Colour { Red = "red", DarkBlue = "dark_blue" }
    }

    #[test]
    fn words_read_back_as_they_are_written() {
        for (c, text) in [(Colour::Red, "red"), (Colour::DarkBlue, "dark_blue")] {
            assert_eq!(c.as_str(), text);
            assert_eq!(text.parse::<Colour>(), Ok(c));
            assert_eq!(serde_json::to_string(&c).unwrap(), format!("\"{text}\""));
        }
        assert_eq!(Colour::NAMES, ["red", "dark_blue"]);
        // In the words of the other imports' checks (`fields-not-one-of`), in the user's language.
        assert!("blue".parse::<Colour>().unwrap_err().starts_with("blue is not one of red, dark_blue"));
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let back: Colour = conn.query_row("SELECT ?1", [Colour::DarkBlue], |r| r.get(0)).unwrap();
        assert_eq!(back, Colour::DarkBlue);
        assert!(conn.query_row("SELECT 'blue'", [], |r| r.get::<_, Colour>(0)).is_err());
    }
}
