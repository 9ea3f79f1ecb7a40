//! A record's cells in the order a listing asks for, written straight from its serde
//! fields: what picking the columns out of `serde_json::to_value(record)` gives, without
//! building that object for every row.
//!
//! A listing of 1,000,000 rows used to make each row's whole JSON object (a key string
//! and a value per field, in an ordered map), look every column up in it, copy the cell
//! out and drop the rest. Here the record serializes itself into a `Cells` serializer:
//! each field whose name is a column becomes that column's cell (the value serialized
//! as `serde_json::to_value` serializes it), a field no column asks for is not
//! serialized at all, and a column the record lacks stays `Null`. One serializer serves
//! every row type, so no type writes its columns down a second time.

use serde::ser::{self, Impossible, Serialize};
use serde_json::Value;

/// The cells of `item` in `columns` order, as `map.get(column)` would find them in
/// `serde_json::to_value(item)` (a column the item lacks is `Null`), or None when the
/// item is no object (a number, a list, `None`) or cannot be serialized.
///
/// Structs and maps (the rows of every listing) are written directly; anything else
/// (an enum variant around a struct, say) is rare enough to go the long way, through
/// `to_value`, with the same result. One difference: a field no column asks for is
/// skipped, so a field that could not be serialized fails a row only if it is shown.
pub fn cells<T: Serialize + ?Sized>(columns: &[&str], item: &T) -> Option<Vec<Value>> {
    let mut row = Cells::new(columns);
    match item.serialize(&mut row) {
        Ok(()) => Some(row.finish()),
        Err(_) => through_object(columns, item),
    }
}

/// The long way: the item's JSON object built, the columns picked out of it.
fn through_object<T: Serialize + ?Sized>(columns: &[&str], item: &T) -> Option<Vec<Value>> {
    match serde_json::to_value(item) {
        Ok(Value::Object(map)) => Some(columns.iter().map(|c| map.get(*c).cloned().unwrap_or(Value::Null)).collect()),
        _ => None,
    }
}

/// A row being filled, field by field.
struct Cells<'c> {
    columns: &'c [&'c str],
    cells: Vec<Value>,
    filled: Vec<bool>,
    /// The column after the last one filled: where the next field's name is looked for
    /// first, since a record's fields mostly come in the listing's column order.
    next: usize,
    /// Whether every column before `next` is filled. Then a struct's next field, whose
    /// name is none of the earlier fields' names, has no column before `next`, and a
    /// match at `next` is its first match. (serde_derive would let two fields share a
    /// name, a struct no listing has: the later of them would then fill the later of two
    /// columns of that name, where an object keeps only the later field.)
    dense: bool,
    /// A map's key, kept until its value comes.
    key: String,
}

impl<'c> Cells<'c> {
    fn new(columns: &'c [&'c str]) -> Cells<'c> {
        Cells {
            columns,
            cells: vec![Value::Null; columns.len()],
            filled: vec![false; columns.len()],
            next: 0,
            dense: true,
            key: String::new(),
        }
    }

    /// The first column named `key`, as a map lookup finds it. `unique`: the key is known
    /// not to repeat one already placed (a struct's field), so the guess at `next` holds
    /// when nothing before it is missing.
    fn column(&self, key: &str, unique: bool) -> Option<usize> {
        if unique && self.dense && self.columns.get(self.next) == Some(&key) {
            return Some(self.next);
        }
        self.columns.iter().position(|c| *c == key)
    }

    /// `value` as the cell of `key`'s column, if the listing shows it. A key given twice
    /// keeps its last value, as an object's does.
    fn place<T: Serialize + ?Sized>(&mut self, key: &str, value: &T, unique: bool) -> Result<(), Unwritten> {
        let Some(i) = self.column(key, unique) else { return Ok(()) };
        self.cells[i] = serde_json::to_value(value).map_err(|_| Unwritten)?;
        self.filled[i] = true;
        if i == self.next {
            self.next += 1;
        } else {
            self.next = i + 1;
            self.dense = self.filled[..self.next].iter().all(|f| *f);
        }
        Ok(())
    }

    /// The row: a column named twice gets the value of its first (where the key went).
    fn finish(mut self) -> Vec<Value> {
        for j in 0..self.columns.len() {
            if self.filled[j] {
                continue;
            }
            if let Some(i) = self.columns[..j].iter().position(|c| *c == self.columns[j]) {
                self.cells[j] = self.cells[i].clone();
            }
        }
        self.cells
    }
}

/// Why a row was not written directly: it is no struct or map, or something in it
/// failed to serialize. `cells` then takes the long way, which says which.
#[derive(Debug)]
struct Unwritten;

impl std::fmt::Display for Unwritten {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not written as cells")
    }
}

impl std::error::Error for Unwritten {}

impl ser::Error for Unwritten {
    fn custom<M: std::fmt::Display>(_: M) -> Self {
        Unwritten
    }
}

/// Not an object: the long way decides.
fn unwritten<T>() -> Result<T, Unwritten> {
    Err(Unwritten)
}

impl<'a, 'c> ser::Serializer for &'a mut Cells<'c> {
    type Ok = ();
    type Error = Unwritten;
    type SerializeSeq = Impossible<(), Unwritten>;
    type SerializeTuple = Impossible<(), Unwritten>;
    type SerializeTupleStruct = Impossible<(), Unwritten>;
    type SerializeTupleVariant = Impossible<(), Unwritten>;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), Unwritten>;

    fn serialize_struct(self, name: &'static str, _len: usize) -> Result<Self, Unwritten> {
        // serde_json's own values (a `RawValue`) are structs only in name.
        if name.starts_with("$serde_json::") {
            return unwritten();
        }
        Ok(self)
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self, Unwritten> {
        Ok(self)
    }

    // Wrappers: `to_value` sees through them to what they hold.
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<(), Unwritten> {
        value.serialize(self)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Unwritten> {
        value.serialize(self)
    }

    fn serialize_bool(self, _: bool) -> Result<(), Unwritten> {
        unwritten()
    }
    fn serialize_i8(self, _: i8) -> Result<(), Unwritten> {
        unwritten()
    }
    fn serialize_i16(self, _: i16) -> Result<(), Unwritten> {
        unwritten()
    }
    fn serialize_i32(self, _: i32) -> Result<(), Unwritten> {
        unwritten()
    }
    fn serialize_i64(self, _: i64) -> Result<(), Unwritten> {
        unwritten()
    }
    fn serialize_u8(self, _: u8) -> Result<(), Unwritten> {
        unwritten()
    }
    fn serialize_u16(self, _: u16) -> Result<(), Unwritten> {
        unwritten()
    }
    fn serialize_u32(self, _: u32) -> Result<(), Unwritten> {
        unwritten()
    }
    fn serialize_u64(self, _: u64) -> Result<(), Unwritten> {
        unwritten()
    }
    fn serialize_f32(self, _: f32) -> Result<(), Unwritten> {
        unwritten()
    }
    fn serialize_f64(self, _: f64) -> Result<(), Unwritten> {
        unwritten()
    }
    fn serialize_char(self, _: char) -> Result<(), Unwritten> {
        unwritten()
    }
    fn serialize_str(self, _: &str) -> Result<(), Unwritten> {
        unwritten()
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Unwritten> {
        unwritten()
    }
    fn serialize_none(self) -> Result<(), Unwritten> {
        unwritten()
    }
    fn serialize_unit(self) -> Result<(), Unwritten> {
        unwritten()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Unwritten> {
        unwritten()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<(), Unwritten> {
        unwritten()
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Unwritten> {
        unwritten()
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Unwritten> {
        unwritten()
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Unwritten> {
        unwritten()
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, Unwritten> {
        unwritten()
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Unwritten> {
        unwritten()
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Unwritten> {
        unwritten()
    }
}

impl ser::SerializeStruct for &mut Cells<'_> {
    type Ok = ();
    type Error = Unwritten;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Unwritten> {
        self.place(key, value, true)
    }

    fn end(self) -> Result<(), Unwritten> {
        Ok(())
    }
}

impl ser::SerializeMap for &mut Cells<'_> {
    type Ok = ();
    type Error = Unwritten;

    /// A key that is text. Any other (a number, which JSON turns into text) takes the
    /// long way; so rare a row is no reason to copy serde_json's key rules here.
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Unwritten> {
        match serde_json::to_value(key) {
            Ok(Value::String(k)) => {
                self.key = k;
                Ok(())
            }
            _ => unwritten(),
        }
    }

    /// A map's keys may repeat (a custom `Serialize`): each is looked up from the start.
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unwritten> {
        let key = std::mem::take(&mut self.key);
        self.place(&key, value, false)
    }

    fn end(self) -> Result<(), Unwritten> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;
    use serde::Serialize;
    use serde_json::{json, Value};

    use super::{cells, through_object};

    #[derive(Serialize, Clone)]
    struct Inner {
        part_no: String,
        qty: i64,
    }

    #[derive(Serialize, Clone)]
    struct Line {
        code: String,
        #[serde(rename = "customer_code")]
        customer: Option<String>,
        days: i64,
        big: u64,
        ratio: f64,
        nan: f64,
        signed: bool,
        note: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        hidden: Option<String>,
        #[serde(skip)]
        _kept: u8,
        tags: Vec<String>,
        inner: Inner,
        unit: (),
        state: State,
        kind: Kind,
    }

    #[derive(Serialize, Clone)]
    #[serde(rename_all = "snake_case")]
    enum State {
        InRepair,
    }

    #[derive(Serialize, Clone)]
    enum Kind {
        Part(Inner),
    }

    fn line() -> Line {
        Line {
            code: "T-000001".into(),
            customer: Some("协和医院".into()),
            days: -3,
            big: u64::MAX,
            ratio: 0.1 + 0.2,
            nan: f64::NAN,
            signed: true,
            note: None,
            hidden: None,
            _kept: 7,
            tags: vec!["a".into(), "=b".into()],
            inner: Inner { part_no: "P-1".into(), qty: 2 },
            unit: (),
            state: State::InRepair,
            kind: Kind::Part(Inner { part_no: "P-2".into(), qty: 0 }),
        }
    }

    const NAMES: &[&str] = &[
        "code",
        "customer_code",
        "days",
        "big",
        "ratio",
        "nan",
        "signed",
        "note",
        "hidden",
        "_kept",
        "tags",
        "inner",
        "unit",
        "state",
        "kind",
        "absent",
        "customer",
    ];

    /// What `row_of` gave before: the item's JSON object, each column looked up in it.
    fn old(columns: &[&str], item: &impl Serialize) -> Option<Vec<Value>> {
        through_object(columns, item)
    }

    #[test]
    fn each_field_is_the_value_to_value_gives_and_a_missing_column_is_null() {
        let l = line();
        let columns =
            ["state", "code", "absent", "inner", "nan", "big", "ratio", "note", "hidden", "tags", "kind", "unit"];
        let row = cells(&columns, &l).unwrap();
        assert_eq!(
            row,
            vec![
                json!("in_repair"),
                json!("T-000001"),
                Value::Null,
                json!({"part_no": "P-1", "qty": 2}),
                Value::Null,
                json!(u64::MAX),
                json!(0.1 + 0.2),
                Value::Null,
                Value::Null,
                json!(["a", "=b"]),
                json!({"Part": {"part_no": "P-2", "qty": 0}}),
                Value::Null,
            ]
        );
        assert_eq!(Some(row), old(&columns, &l));
        // Serde's names, not Rust's; a skipped field is no column.
        assert_eq!(
            cells(&["customer_code", "customer", "_kept"], &l).unwrap(),
            [json!("协和医院"), Value::Null, Value::Null]
        );
    }

    #[test]
    fn a_column_asked_twice_gets_the_value_twice() {
        let l = line();
        let columns = ["days", "code", "days", "absent", "code", "absent"];
        let row = cells(&columns, &l).unwrap();
        assert_eq!(row, [json!(-3), json!("T-000001"), json!(-3), Value::Null, json!("T-000001"), Value::Null]);
        assert_eq!(Some(row), old(&columns, &l));
    }

    #[test]
    fn maps_and_objects_are_rows_too_and_a_repeated_key_keeps_its_last_value() {
        let map: BTreeMap<&str, i64> = [("b", 2), ("a", 1)].into_iter().collect();
        assert_eq!(cells(&["a", "b", "c"], &map).unwrap(), [json!(1), json!(2), Value::Null]);
        let obj = json!({"z": [1, {"k": null}], "y": "是"});
        assert_eq!(cells(&["y", "z"], &obj), old(&["y", "z"], &obj));

        /// A map that says one key twice (as `#[serde(flatten)]` can).
        struct Twice;
        impl Serialize for Twice {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut m = s.serialize_map(None)?;
                m.serialize_entry("a", &1)?;
                m.serialize_entry("b", &2)?;
                m.serialize_entry("a", &3)?;
                m.end()
            }
        }
        for columns in [&["a", "b"][..], &["b", "a"], &["a", "a", "b"], &["b", "a", "a"]] {
            assert_eq!(cells(columns, &Twice), old(columns, &Twice), "{columns:?}");
        }
        assert_eq!(cells(&["a", "b"], &Twice).unwrap(), [json!(3), json!(2)]);
    }

    #[test]
    fn what_is_no_object_has_no_cells_and_row_of_makes_it_nulls() {
        assert_eq!(cells(&["a"], &Value::Null), None);
        assert_eq!(cells(&["a"], &3), None);
        assert_eq!(cells(&["a"], &"text"), None);
        assert_eq!(cells(&["a"], &vec![1, 2]), None);
        assert_eq!(cells::<Option<Inner>>(&["qty"], &None), None);
        assert_eq!(crate::output::row_of(&["a", "b"], &[1, 2]), [Value::Null, Value::Null]);
        // Wrappers are seen through, as `to_value` sees through them.
        #[derive(Serialize)]
        struct Wrapped(Inner);
        let inner = Inner { part_no: "P-9".into(), qty: 9 };
        assert_eq!(cells(&["qty"], &Some(inner.clone())).unwrap(), [json!(9)]);
        assert_eq!(cells(&["qty", "part_no"], &Wrapped(inner.clone())).unwrap(), [json!(9), json!("P-9")]);
        assert_eq!(cells(&["qty"], &&&inner).unwrap(), [json!(9)]);
        // A variant around a struct goes the long way: an object of one key.
        let kind = Kind::Part(inner);
        assert_eq!(cells(&["Part", "qty"], &kind).unwrap(), [json!({"part_no": "P-9", "qty": 9}), Value::Null]);
        // A map with numeric keys: JSON makes them text.
        let numbered: BTreeMap<i32, &str> = [(1, "x")].into_iter().collect();
        assert_eq!(cells(&["1"], &numbered).unwrap(), [json!("x")]);
    }

    #[test]
    fn a_field_that_cannot_be_serialized_fails_the_row_only_if_shown() {
        #[derive(Serialize)]
        struct Bad {
            ok: i64,
            keys: BTreeMap<Vec<u8>, i64>,
        }
        let bad = Bad { ok: 1, keys: [(vec![1], 1)].into_iter().collect() };
        assert_eq!(cells(&["ok", "keys"], &bad), None);
        assert_eq!(crate::output::row_of(&["ok", "keys"], &bad), [Value::Null, Value::Null]);
        assert_eq!(cells(&["ok"], &bad).unwrap(), [json!(1)]);
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        /// Any columns, in any order, repeated or not, present or not: the cells are what
        /// looking each up in the JSON object gives.
        #[test]
        fn the_cells_are_the_objects_columns(picks in proptest::collection::vec(0..NAMES.len(), 0..24)) {
            let columns: Vec<&str> = picks.iter().map(|i| NAMES[*i]).collect();
            let mut l = line();
            l.nan = 1.5;
            prop_assert_eq!(cells(&columns, &l), old(&columns, &l));
            let obj = serde_json::to_value(&l).unwrap();
            prop_assert_eq!(cells(&columns, &obj), old(&columns, &l));
        }
    }
}
