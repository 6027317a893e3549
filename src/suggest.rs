//! "Did you mean" suggestions for misspelled names.

/// The closest candidate to `input`: an exact match ignoring case first, then the nearest
/// by edit distance, if it is near enough to be a plausible typo.
pub fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let candidates: Vec<&str> = candidates.into_iter().collect();
    if let Some(c) = candidates.iter().find(|c| c.eq_ignore_ascii_case(input)) {
        return Some(c);
    }
    let lower = input.to_ascii_lowercase();
    let limit = (input.chars().count() / 3).clamp(1, 3);
    candidates
        .iter()
        .filter_map(|c| Some((edit_distance(&lower, &c.to_ascii_lowercase())?, *c)))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// The longest text a "did you mean" compares: the distance costs the product of the two
/// lengths, and no typo of a name or a URI is longer than this.
pub const MAX_EDIT_DISTANCE_CHARS: usize = 256;

/// Edit distance over characters, counting a swap of two neighbours as one edit
/// (`Nmae` is one edit from `Name`; the optimal string alignment distance), or `None` when
/// either text is longer than [`MAX_EDIT_DISTANCE_CHARS`] (a 120 KB client id is no typo,
/// and comparing it with 120 KB URIs would take minutes).
pub fn edit_distance(a: &str, b: &str) -> Option<usize> {
    if a.len() > 4 * MAX_EDIT_DISTANCE_CHARS
        || b.len() > 4 * MAX_EDIT_DISTANCE_CHARS
        || a.chars().count() > MAX_EDIT_DISTANCE_CHARS
        || b.chars().count() > MAX_EDIT_DISTANCE_CHARS
    {
        return None;
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    crate::work::add(a.len() * b.len());
    // Three rows: the one before the previous is what a transposition looks back to.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 0..a.len() {
        cur[0] = i + 1;
        for j in 0..b.len() {
            let cost = usize::from(a[i] != b[j]);
            let mut d = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            if i > 0 && j > 0 && a[i] == b[j - 1] && a[i - 1] == b[j] {
                d = d.min(before[j - 1] + 1);
            }
            cur[j + 1] = d;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    Some(prev[b.len()])
}

/// The keys a settings struct reads, in the order its fields are declared: the field names
/// that `#[derive(Deserialize)]` gives serde (renamed, and with any aliases). Unknown keys
/// are found against these, so that the struct is the one list of keys. A struct with a
/// `#[serde(flatten)]` field has no such list and would give none; a test compares the
/// result with the schema's properties.
pub fn keys_of<T: for<'de> serde::Deserialize<'de>>() -> &'static [&'static str] {
    let mut keys: &'static [&'static str] = &[];
    // The derived code hands its field names to `deserialize_struct` before reading
    // anything; the probe keeps them and stops there, so the error is expected.
    let _ = T::deserialize(FieldProbe { keys: &mut keys });
    keys
}

/// A deserializer that reads nothing and only records the field names it is asked for.
struct FieldProbe<'a> {
    keys: &'a mut &'static [&'static str],
}

impl<'de> serde::Deserializer<'de> for FieldProbe<'_> {
    type Error = serde::de::value::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(serde::de::Error::custom(
            "only a struct's field names are read",
        ))
    }

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        *self.keys = fields;
        self.deserialize_any(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_names_only() {
        let names = ["Scope", "SystemUser", "SystemUserAllowed"];
        assert_eq!(did_you_mean("Scopes", names), Some("Scope"));
        assert_eq!(did_you_mean("systemuser", names), Some("SystemUser"));
        assert_eq!(did_you_mean("Colour", names), None);
        assert_eq!(did_you_mean("Nmae", ["Name", "Notes"]), Some("Name"));
        assert_eq!(edit_distance("Nmae", "Name"), Some(1));
        assert_eq!(edit_distance("ab", "ba"), Some(1));
        assert_eq!(edit_distance("kitten", "sitting"), Some(3));
    }

    #[test]
    fn long_texts_are_not_compared() {
        let long = "x".repeat(120_000);
        assert_eq!(edit_distance(&long, &long), None);
        assert_eq!(edit_distance("Scopes", "Scope"), Some(1));
        assert_eq!(
            did_you_mean(&long, ["Scope", long.as_str()]),
            Some(long.as_str())
        );
        assert_eq!(
            did_you_mean(&format!("{long}y"), ["Scope", long.as_str()]),
            None
        );
    }
}
