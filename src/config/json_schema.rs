//! The JSON Schema of a schema file, generated from the raw serde types so it cannot
//! drift from what the loader accepts. Editors use it through the `#:schema` directive at
//! the top of each schema file; `lakeform schema` prints it and the repository commits it
//! as `schema/lakeform.schema.json`.

use crate::kinds::SchemaFile;

/// The schema as pretty-printed JSON, ending with a newline.
pub(crate) fn schema_file_json_schema() -> Result<String, serde_json::Error> {
    let schema = schemars::schema_for!(SchemaFile);
    let mut text = serde_json::to_string_pretty(&schema)?;
    text.push('\n');
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;

    #[test]
    fn describes_every_kind_and_rejects_unknown_keys() {
        let schema: serde_json::Value =
            serde_json::from_str(&schema_file_json_schema().unwrap()).unwrap();
        let properties = schema["properties"].as_object().unwrap();
        let mut keys: Vec<&str> = properties.keys().map(String::as_str).collect();
        keys.sort();
        let mut expected: Vec<&str> = Kind::ALL.iter().map(|k| k.key()).collect();
        expected.push("defaults");
        expected.sort();
        assert_eq!(keys, expected);
        assert_eq!(schema["additionalProperties"], false);
        let table = &schema["$defs"]["RawTable"];
        assert_eq!(table["additionalProperties"], false);
        assert!(table["properties"]["columns"].is_object());
    }
}
